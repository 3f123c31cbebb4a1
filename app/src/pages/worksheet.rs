//! The hirer's worksheet of one role: every applicant with what matters for casting, filters
//! and sorting in the query string, many rows moved at once, private notes counted, and
//! read-only shortlist links for a director without an account.

use crate::{
    api::hirer::{BulkMove, CreateShortlistLink, RevokeShortlistLink, WorksheetPage as Data, role_worksheet},
    components::{
        bits::{StatusBadge, fmt_datetime},
        call_card::role_summary,
        layout::{ErrorPanel, PageMeta},
    },
    errors::Feedback,
    forms::{AppForm, FormError, Input, InputKind, Select, TextArea, use_feedback},
    i18n::{I18n, use_i18n},
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};
use takeone::{
    application::{ApplicationStatus, ShortlistLink, WorksheetFilter, WorksheetQuery, WorksheetRow, WorksheetSort},
    casting::Gender,
    city::City,
    routes::{Page, with_raw_query},
    talent::{Dialect, Language, Skill},
};
use uuid::Uuid;

#[component]
pub fn WorksheetPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let bulk = ServerAction::<BulkMove>::new();
    let create = ServerAction::<CreateShortlistLink>::new();
    let revoke = ServerAction::<RevokeShortlistLink>::new();
    let key = move || {
        let q = |k: &str| query.with(|m| m.get(k).unwrap_or_default());
        let wq = WorksheetQuery {
            status: q("status"),
            gender: q("gender"),
            age_min: q("age_min"),
            age_max: q("age_max"),
            city: q("city"),
            dialect: q("dialect"),
            language: q("language"),
            skill: q("skill"),
            sort: q("sort"),
            page: q("page"),
        };
        let (c, r) = params.with(|p| (p.get("id").unwrap_or_default(), p.get("role_id").unwrap_or_default()));
        (c, r, wq, bulk.version().get(), create.version().get(), revoke.version().get())
    };
    let data = Resource::new(key, |(c, r, q, ..)| role_worksheet(c, r, q));
    view! {
        <PageMeta title=i18n.t("worksheet-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Ok(d) => view! { <Sheet d bulk create revoke/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

fn opts<T: Copy>(i18n: I18n, all: &[T], v: fn(T) -> &'static str, k: fn(T) -> String) -> Vec<(String, String)> {
    all.iter().map(|x| (v(*x).to_string(), i18n.t(&k(*x)))).collect()
}

#[component]
fn FilterSelect(name: &'static str, label: String, any: String, options: Vec<(String, String)>, current: Option<String>) -> impl IntoView {
    let id = format!("ws-{name}");
    view! {
        <div class="field">
            <label class="label" for=id.clone()>{label}</label>
            <select class="input" id=id name=name>
                <option value="">{any}</option>
                {options.into_iter().map(|(v, t)| {
                    let selected = current.as_deref() == Some(v.as_str());
                    view! { <option value=v selected=selected>{t}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Sheet(
    d: Data,
    bulk: ServerAction<BulkMove>,
    create: ServerAction<CreateShortlistLink>,
    revoke: ServerAction<RevokeShortlistLink>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let w = d.worksheet;
    let f: WorksheetFilter = w.filter.clone();
    let base = i18n.page(&Page::Worksheet { call: w.call_id, role: w.role.id });
    let href = {
        let base = base.clone();
        move |filter: &WorksheetFilter, page: i64| with_raw_query(base.clone(), &filter.query(page))
    };
    let bulk_feedback = use_feedback("bulk".into(), move || bulk.value().get().map(|r| r.map(|_| ())));
    let link_feedback = use_feedback("shortlist".into(), move || create.value().get().map(|r| r.map(|_| ())));
    let outcome = Signal::derive(move || match bulk.value().get() {
        Some(Ok(o)) if o.messaged > 0 => Some(Err((o.messaged, o.refused + o.missing))),
        Some(Ok(o)) => Some(Ok((o.changed, o.conflicts, o.refused + o.missing))),
        _ => query.with(|q| {
            let n = |k: &str| q.get(k).and_then(|v| v.parse::<usize>().ok());
            match n("messaged") {
                Some(m) => Some(Err((m, n("refused").unwrap_or(0)))),
                None => Some(Ok((n("changed")?, n("conflicts").unwrap_or(0), n("refused").unwrap_or(0)))),
            }
        }),
    });
    let total: i64 = w.counts.iter().map(|(_, n)| n).sum();
    let tabs = status_tabs(&f, &w.counts, total, &href);
    let (call_id, role_id) = (w.call_id, w.role.id);
    let back = f.query(f.page);
    let prev = (w.page > 1).then(|| href(&f, w.page - 1));
    let next = (w.page < w.pages).then(|| href(&f, w.page + 1));
    let empty_key = if total == 0 { "worksheet-empty" } else { "worksheet-none-match" };
    view! {
        <nav class="breadcrumbs" aria-label=i18n.t("breadcrumbs")>
            <a href=i18n.page(&Page::Hirer)>{i18n.t("dashboard-title")}</a>
        </nav>
        <div class="section-header">
            <div>
                <h1>{format!("{} · {}", w.call_title, w.role.name)}</h1>
                <p class="muted">{role_summary(i18n, &w.role)}</p>
            </div>
        </div>
        {(!d.filter_errors.is_empty()).then(|| view! { <div class="alert alert-error" role="alert">{i18n.t("filter-invalid")}</div> })}
        <StatusTabs tabs current=f.status/>
        <FilterForm filter=f base=base.clone()/>
        {move || outcome.get().map(|o| {
            let text = match o {
                Ok((changed, conflicts, refused)) => i18n.t_with(
                    "bulk-outcome",
                    &[("changed", changed.to_string()), ("conflicts", conflicts.to_string()), ("refused", refused.to_string())],
                ),
                Err((sent, refused)) => i18n.t_with("bulk-messaged", &[("sent", sent.to_string()), ("refused", refused.to_string())]),
            };
            view! { <div class="notice notice-success" role="status" data-testid="bulk-outcome">{text}</div> }
        })}
        <p class="results-count">{i18n.t_with("worksheet-count", &[("count", w.total.to_string())])}</p>
        {if w.rows.is_empty() {
            view! {
                <div class="empty-state">
                    <p>{i18n.t(empty_key)}</p>
                    {(total > 0).then(|| view! { <a class="btn btn-secondary" href=base>{i18n.t("filter-clear")}</a> })}
                </div>
            }.into_any()
        } else {
            view! {
                <BulkForm rows=w.rows thumbs=d.thumbs.clone() tapes=d.tapes.clone() sides=d.sides.clone() bulk feedback=bulk_feedback call_id role_id back/>
                <SidesUpload/>
            }.into_any()
        }}
        <Pagination page=w.page pages=w.pages prev next/>
        <ShortlistLinks links=w.links create revoke feedback=link_feedback call_id role_id/>
    }
}

/// One tab per status (and "all") with its count and the filter kept, back on page 1.
fn status_tabs(
    f: &WorksheetFilter,
    counts: &[(ApplicationStatus, i64)],
    total: i64,
    href: &impl Fn(&WorksheetFilter, i64) -> String,
) -> Vec<(Option<ApplicationStatus>, i64, String)> {
    let with_status = |status: Option<ApplicationStatus>| href(&WorksheetFilter { status, ..f.clone() }, 1);
    let mut tabs = vec![(None, total, with_status(None))];
    tabs.extend(counts.iter().map(|(s, n)| (Some(*s), *n, with_status(Some(*s)))));
    tabs
}

#[component]
fn StatusTabs(tabs: Vec<(Option<ApplicationStatus>, i64, String)>, current: Option<ApplicationStatus>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs" aria-label=i18n.t("worksheet-statuses")>
            {tabs.into_iter().map(|(s, n, h)| {
                let label = s.map(|s| i18n.t(&s.label_key())).unwrap_or_else(|| i18n.t("worksheet-all"));
                let current = s == current;
                view! {
                    <a class="tab" class:tab-current=current aria-current=current.then_some("page") href=h data-tab=s.map(|s| s.as_str()).unwrap_or("all")>
                        {label}" "<span class="count">{n}</span>
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

/// The applicant filters, a plain GET form on the worksheet's own address (the status tab
/// chosen rides along).
#[component]
fn FilterForm(filter: WorksheetFilter, base: String) -> impl IntoView {
    let i18n = use_i18n();
    let f = filter;
    let any = i18n.t("filter-any");
    let clear = base.clone();
    view! {
        <form class="filter-form worksheet-filters" method="get" action=base role="search" aria-label=i18n.t("filter-title")>
            {f.status.map(|s| view! { <input type="hidden" name="status" value=s.as_str()/> })}
            <FilterSelect name="gender" label=i18n.t("field-gender") any=any.clone() options=opts(i18n, &[Gender::Female, Gender::Male], Gender::as_str, Gender::label_key) current=f.gender.map(|g| g.as_str().to_string())/>
            <div class="field">
                <label class="label" for="ws-age-min">{i18n.t("field-age-min")}</label>
                <input class="input" id="ws-age-min" name="age_min" inputmode="numeric" value=f.age_min.map(|a| a.to_string()).unwrap_or_default()/>
            </div>
            <div class="field">
                <label class="label" for="ws-age-max">{i18n.t("field-age-max")}</label>
                <input class="input" id="ws-age-max" name="age_max" inputmode="numeric" value=f.age_max.map(|a| a.to_string()).unwrap_or_default()/>
            </div>
            <FilterSelect name="city" label=i18n.t("field-city") any=any.clone() options=City::ALL.iter().map(|c| (c.slug().to_string(), i18n.t(&c.name_key()))).collect() current=f.city.map(|c| c.slug().to_string())/>
            <FilterSelect name="dialect" label=i18n.t("field-dialect") any=any.clone() options=opts(i18n, Dialect::ALL, Dialect::as_str, Dialect::label_key) current=f.dialect.map(|x| x.as_str().to_string())/>
            <FilterSelect name="language" label=i18n.t("field-language") any=any.clone() options=opts(i18n, Language::ALL, Language::as_str, Language::label_key) current=f.language.map(|x| x.as_str().to_string())/>
            <FilterSelect name="skill" label=i18n.t("field-skill") any=any.clone() options=opts(i18n, Skill::ALL, Skill::as_str, Skill::label_key) current=f.skill.map(|x| x.as_str().to_string())/>
            <FilterSelect name="sort" label=i18n.t("field-sort") any=i18n.t("sort-newest") options=opts(i18n, &WorksheetSort::ALL[1..], WorksheetSort::as_str, WorksheetSort::label_key) current=(f.sort != WorksheetSort::Newest).then(|| f.sort.as_str().to_string())/>
            <div class="form-actions">
                <button class="btn btn-primary" type="submit">{i18n.t("filter-apply")}</button>
                <a class="btn btn-ghost" href=clear>{i18n.t("filter-clear")}</a>
            </div>
        </form>
    }
}

/// The applicants as a table of checkboxes and the status to move the ticked ones to; `back`
/// is the view's query string, to return to it.
#[component]
fn BulkForm(
    rows: Vec<WorksheetRow>,
    thumbs: std::collections::BTreeMap<Uuid, String>,
    tapes: std::collections::BTreeMap<Uuid, takeone::media::self_tape::SelfTapeRequest>,
    sides: Vec<(String, String)>,
    bulk: ServerAction<BulkMove>,
    feedback: Signal<Option<Feedback>>,
    call_id: Uuid,
    role_id: Uuid,
    back: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let targets = ApplicationStatus::hirer_targets();
    view! {
        <AppForm action=bulk attr:class="stack worksheet-form">
            <input type="hidden" name="call_id" value=call_id.to_string()/>
            <input type="hidden" name="role_id" value=role_id.to_string()/>
            <input type="hidden" name="form[back]" value=back/>
            <FormError feedback/>
            <div class="table-wrap">
                <table class="table worksheet">
                    <thead>
                        <tr>
                            <th scope="col"><span class="visually-hidden">{i18n.t("worksheet-select")}</span></th>
                            <th scope="col">{i18n.t("worksheet-applicant")}</th>
                            <th scope="col">{i18n.t("field-age")}</th>
                            <th scope="col">{i18n.t("field-city")}</th>
                            <th scope="col">{i18n.t("field-languages")}</th>
                            <th scope="col">{i18n.t("field-dialects")}</th>
                            <th scope="col">{i18n.t("field-status")}</th>
                            <th scope="col">{i18n.t("notes-title")}</th>
                            <th scope="col">{i18n.t("worksheet-applied")}</th>
                            <th scope="col">{i18n.t("self-tape-title")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().enumerate().map(|(index, row)| {
                            let thumb = thumbs.get(&row.applicant.profile_id).cloned();
                            let tape = tapes.get(&row.id).cloned();
                            view! { <ApplicantRow index row thumb tape/> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="cluster bulk-bar">
                <label class="label" for="bulk-to">{i18n.t("bulk-move-to")}</label>
                <select class="input" id="bulk-to" name="form[to]">
                    {targets.iter().map(|t| view! { <option value=t.as_str()>{i18n.t(&t.label_key())}</option> }).collect_view()}
                </select>
                <button class="btn btn-primary" type="submit" disabled=move || bulk.pending().get()>{i18n.t("bulk-apply")}</button>
                {move || bulk.pending().get().then(|| view! { <span class="muted" role="status">{i18n.t("bulk-working")}</span> })}
            </div>
            <SelfTapeFields feedback sides/>
            <MessageFields feedback/>
            <script src="/js/media-player.js" defer></script>
        </AppForm>
    }
}

/// One applicant: the checkbox sends `<id>:<version>`, so a row changed meanwhile is refused.
#[component]
fn ApplicantRow(
    index: usize,
    row: WorksheetRow,
    thumb: Option<String>,
    tape: Option<takeone::media::self_tape::SelfTapeRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (i, r) = (index, row);
    let a = r.applicant;
    let initials: String = a.stage_name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    let check_id = format!("pick-{i}");
    let list = |keys: Vec<String>| keys.iter().map(|k| i18n.t(k)).collect::<Vec<_>>().join(&i18n.t("list-separator"));
    view! {
        <tr data-application=r.id.to_string() data-status=r.status.as_str()>
            <td>
                <input type="checkbox" id=check_id.clone() name=format!("form[items][{i}]") value=format!("{}:{}", r.id, r.version)/>
                <label class="visually-hidden" for=check_id>{a.stage_name.clone()}</label>
            </td>
            <td class="applicant-cell">
                {match thumb {
                    Some(src) => view! { <img class="row-thumb" src=src alt="" loading="lazy" width="40" height="40"/> }.into_any(),
                    None => view! { <span class="avatar avatar-small" aria-hidden="true">{initials}</span> }.into_any(),
                }}
                <a href=i18n.page(&Page::Application { id: r.id })>{a.stage_name.clone()}</a>
                {a.is_minor.then(|| view! { <span class="badge">{i18n.t("badge-minor")}</span> })}
            </td>
            <td class="num">{a.age.map(|x| x.to_string()).unwrap_or_default()}</td>
            <td>{a.city.map(|c| i18n.t(&c.name_key())).unwrap_or_default()}</td>
            <td>{list(a.languages.iter().map(|l| l.label_key()).collect())}</td>
            <td>{list(a.dialects.iter().map(|l| l.label_key()).collect())}</td>
            <td><StatusBadge status=r.status/></td>
            <td class="num">{r.notes}</td>
            <td>{fmt_datetime(i18n, r.submitted_at)}</td>
            <td data-testid="tape-cell"><TapeCell tape/></td>
        </tr>
    }
}

/// Sides (a PDF of the scenes) uploaded for self-tape requests: straight to storage, then
/// offered in the request's form.
#[component]
fn SidesUpload() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <script src="/js/media-upload.js" defer></script>
        <details class="card stack">
            <summary>{i18n.t("self-tape-sides-upload")}</summary>
            <form class="stack media-upload" data-media-upload="" data-testid="sides-upload" data-msg-uploading=i18n.t("media-uploading")
                data-msg-resuming=i18n.t("media-resuming") data-msg-processing=i18n.t("media-processing")
                data-msg-failed=i18n.t("media-failed") data-msg-network=i18n.t("media-network") data-msg-plans=i18n.t("plans-see")>
                <input type="hidden" name="purpose" value="sides"/>
                <p class="notice notice-warning" data-needs-script="">{i18n.t("media-needs-script")}</p>
                <div class="field">
                    <label for="sides-file">{i18n.t("self-tape-sides-file")}</label>
                    <input id="sides-file" type="file" name="file" accept="application/pdf" required/>
                </div>
                <progress data-upload-progress="" max="100" hidden aria-label=i18n.t("media-progress-label")></progress>
                <p data-upload-status="" role="status" aria-live="polite"></p>
                <div class="form-actions"><button class="btn btn-secondary" type="submit">{i18n.t("media-upload")}</button></div>
            </form>
        </details>
    }
}

/// An applicant's self-tape: its request's status, and the tape to play inline once ready.
#[component]
fn TapeCell(tape: Option<takeone::media::self_tape::SelfTapeRequest>) -> impl IntoView {
    let i18n = use_i18n();
    tape.map(|t| {
        view! {
            <span class="chip" data-tape-status=t.status.as_str()>{i18n.t(&t.status.label_key())}</span>
            {t.playback.map(|p| view! {
                <div class="tape-player">
                    <video controls preload="none" playsinline data-playback=p data-testid="tape-player" data-msg-failed=i18n.t("media-play-failed")></video>
                    <p data-player-status="" hidden></p>
                </div>
            })}
        }
    })
}

/// Asking the ticked applicants for a self-tape: instructions and a deadline, sent with the
/// worksheet's own form (its second button).
#[component]
fn SelfTapeFields(feedback: Signal<Option<Feedback>>, sides: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    // Open again when the request came back with errors (they sit at their fields).
    let open = move || feedback.get().is_some_and(|f| f.errors.get("instructions").is_some() || f.errors.get("deadline").is_some());
    view! {
        <details class="self-tape-request card stack" data-testid="self-tape-request" open=open>
            <summary>{i18n.t("self-tape-ask")}</summary>
            <TextArea field="instructions".into() label=i18n.t("self-tape-instructions") feedback rows=4/>
            <Input field="deadline".into() label=i18n.t("self-tape-deadline") feedback kind=InputKind::Date/>
            {(!sides.is_empty()).then(|| view! {
                <Select field="sides".into() label=i18n.t("self-tape-sides-choose") feedback options=sides placeholder=i18n.t("self-tape-no-sides")/>
            })}
            <button class="btn btn-secondary" type="submit" name="form[intent]" value="self_tape" data-testid="request-self-tape">
                {i18n.t("self-tape-send")}
            </button>
        </details>
    }
}

/// One message to each ticked applicant, in their own threads (Studio's bulk messages).
#[component]
fn MessageFields(feedback: Signal<Option<Feedback>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = move || feedback.get().is_some_and(|f| f.errors.get("message").is_some() || f.status == 402);
    view! {
        <details class="bulk-message card stack" data-testid="bulk-message" open=open>
            <summary>{i18n.t("bulk-message-ask")}</summary>
            <TextArea field="message".into() label=i18n.t("bulk-message-body") feedback rows=4/>
            <button class="btn btn-secondary" type="submit" name="form[intent]" value="message" data-testid="send-bulk-message">
                {i18n.t("bulk-message-send")}
            </button>
        </details>
    }
}

#[component]
fn Pagination(page: i64, pages: i64, prev: Option<String>, next: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| view! {
        <nav class="pagination" aria-label=i18n.t("pagination")>
            {prev.map(|h| view! { <a class="page-link" rel="prev" href=h>{i18n.t("page-prev")}</a> })}
            <span class="page-current" aria-current="page">{i18n.t_with("page-of", &[("page", page.to_string()), ("pages", pages.to_string())])}</span>
            {next.map(|h| view! { <a class="page-link" rel="next" href=h>{i18n.t("page-next")}</a> })}
        </nav>
    })
}

/// Read-only links to the role's shortlist for someone without an account: made for some
/// days, listed with their end, revocable.
#[component]
fn ShortlistLinks(
    links: Vec<ShortlistLink>,
    create: ServerAction<CreateShortlistLink>,
    revoke: ServerAction<RevokeShortlistLink>,
    feedback: Signal<Option<Feedback>>,
    call_id: Uuid,
    role_id: Uuid,
) -> impl IntoView {
    let i18n = use_i18n();
    let public = crate::site::public_url();
    view! {
        <section class="card stack" aria-labelledby="links-heading">
            <h2 id="links-heading">{i18n.t("shortlist-links-title")}</h2>
            <p class="field-hint">{i18n.t("shortlist-links-hint")}</p>
            <AppForm action=create attr:class="cluster">
                <input type="hidden" name="call_id" value=call_id.to_string()/>
                <input type="hidden" name="role_id" value=role_id.to_string()/>
                <FormError feedback/>
                <label class="label" for="link-days">{i18n.t("shortlist-days")}</label>
                <input class="input input-short" id="link-days" name="days" inputmode="numeric" value="14"/>
                <button class="btn btn-secondary" type="submit">{i18n.t("shortlist-create")}</button>
            </AppForm>
            <ul class="plain-list link-list">
                {links.into_iter().map(|l| {
                    let url = Page::Shortlist { token: l.url_token.clone() }.url(&public, i18n.locale);
                    let until = fmt_datetime(i18n, l.expires_at);
                    view! {
                        <li class="cluster" data-revoked=l.revoked.to_string()>
                            <a class="ltr shortlist-url" href=url.clone()>{url.clone()}</a>
                            <span class="muted">{if l.revoked { i18n.t("shortlist-revoked") } else { i18n.t_with("shortlist-until", &[("date", until)]) }}</span>
                            {(!l.revoked).then(|| view! {
                                <AppForm action=revoke attr:class="inline-form">
                                    <input type="hidden" name="call_id" value=call_id.to_string()/>
                                    <input type="hidden" name="role_id" value=role_id.to_string()/>
                                    <input type="hidden" name="link_id" value=l.id.to_string()/>
                                    <button class="btn btn-ghost btn-small" type="submit">{i18n.t("shortlist-revoke")}</button>
                                </AppForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
