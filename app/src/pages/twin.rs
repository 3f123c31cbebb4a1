//! The Digital Twin for administrators: the sources it watches (with their counts, errors and
//! failed items) and the validation queue of the casting calls it found. Keyboard: j/k move,
//! a approves, r rejects, e edits.

use crate::{
    api::twin::{
        ApproveCandidate, BulkDecide, DeleteSource, MergeCandidate, RejectCandidate, RetryItem, RunSource, SaveSource, twin_candidate,
        twin_queue, twin_sources,
    },
    components::{
        bits::fmt_datetime,
        layout::{ErrorPanel, PageMeta},
    },
    errors::Feedback,
    forms::{AppForm, CsrfField, FormError, Input, InputKind, Select, TextArea, field_error, use_feedback},
    i18n::{I18n, use_i18n},
    pages::call_form::RoleFields,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};
use takeone::{
    casting::{CallInput, MAX_ROLES, ProjectType},
    city::City,
    ingest::{
        review::{Candidate, Highlight},
        source::{Source, SourceInput, SourceKind},
    },
    routes::{Page, api},
};

#[component]
fn TwinNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs" aria-label=i18n.t("twin-title")>
            <a class="tab" href=i18n.page(&Page::TwinQueue)>{i18n.t("twin-queue")}</a>
            <a class="tab" href=i18n.page(&Page::TwinSources)>{i18n.t("twin-sources")}</a>
            <a class="tab" href=i18n.page(&Page::AdminReports)>{i18n.t("admin-reports")}</a>
        </nav>
    }
}

fn options(i18n: I18n, items: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    items.into_iter().map(|(v, k)| (v, i18n.t(&k))).collect()
}

/// Keys pressed outside text fields, for the queue's shortcuts.
fn on_shortcut(handler: impl Fn(&str) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable"));
            if !typing {
                handler(&ev.key());
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = handler;
}

#[cfg(feature = "hydrate")]
fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

#[component]
pub fn TwinSourcesPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveSource>::new();
    let delete = ServerAction::<DeleteSource>::new();
    let run = ServerAction::<RunSource>::new();
    let retry = ServerAction::<RetryItem>::new();
    let data = Resource::new(
        move || (save.version().get(), delete.version().get(), run.version().get(), retry.version().get()),
        |_| twin_sources(),
    );
    let query = use_query_map();
    let notice = move || {
        query.with(|q| {
            if let Some(n) = q.get("imported") {
                Some(("notice notice-success", i18n.t_with("twin-imported", &[("count", n), ("new", q.get("new").unwrap_or_default())])))
            } else {
                q.get("import_error")
                    .map(|_| ("notice notice-error", i18n.t_with("twin-import-failed", &[("reason", q.get("reason").unwrap_or_default())])))
            }
        })
    };
    let run_feedback = use_feedback("source-run".into(), move || run.value().get());
    view! {
        <PageMeta title=i18n.t("twin-sources")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("twin-sources")}</h1>
        <TwinNav/>
        {move || notice().map(|(class, text)| view! { <div class=class role="status" data-testid="import-notice">{text}</div> })}
        <FormError feedback=run_feedback/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(page) => view! {
                    {page.webhook_enabled.then(|| view! { <p class="muted">{i18n.t("twin-webhook-on")}</p> })}
                    {if page.sources.is_empty() {
                        view! { <p class="empty-state">{i18n.t("twin-sources-empty")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list stack">
                                {page.sources.into_iter().map(|s| view! { <SourceCard source=s save delete run/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <section class="card stack" aria-labelledby="new-source">
                        <h2 id="new-source">{i18n.t("twin-source-new")}</h2>
                        <SourceForm source_id=String::new() initial=SourceInput { is_active: true, ..Default::default() } save/>
                    </section>
                    <section class="stack" aria-labelledby="failed-items">
                        <h2 id="failed-items">{i18n.t("twin-failed")}</h2>
                        {if page.failed.is_empty() {
                            view! { <p class="empty-state">{i18n.t("twin-failed-empty")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list stack">
                                    {page.failed.into_iter().map(|f| view! {
                                        <li class="card cluster" data-item=f.id.to_string()>
                                            <span class="prewrap">{f.excerpt.clone()}</span>
                                            <span class="muted">{format!("{} · {} · {}", f.source_name, f.attempts, f.error.clone().unwrap_or_default())}</span>
                                            <AppForm action=retry attr:class="inline-form">
                                                <input type="hidden" name="item_id" value=f.id.to_string()/>
                                                <button class="btn btn-ghost btn-small" type="submit">{i18n.t("twin-retry")}</button>
                                            </AppForm>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn SourceCard(
    source: Source,
    save: ServerAction<SaveSource>,
    delete: ServerAction<DeleteSource>,
    run: ServerAction<RunSource>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = source.id.to_string();
    let (id_run, id_delete, id_import, id_edit) = (id.clone(), id.clone(), id.clone(), id.clone());
    let import = api::url(api::TWIN_SOURCE_IMPORT, source.id);
    let c = source.counts.clone();
    let is_whatsapp = source.kind == SourceKind::Whatsapp;
    view! {
        <li class="card stack source" data-source=id data-kind=source.kind.as_str()>
            <div class="section-header">
                <h2 class="h3">{source.name.clone()}</h2>
                <span class="badge">{i18n.t(&source.kind.label_key())}</span>
                {(!source.is_active).then(|| view! { <span class="badge">{i18n.t("twin-paused")}</span> })}
            </div>
            <p class="ltr muted">{source.target.clone()}</p>
            <dl class="facts">
                <div><dt>{i18n.t("twin-count-fetched")}</dt><dd class="num" data-count="fetched">{c.fetched}</dd></div>
                <div><dt>{i18n.t("twin-count-found")}</dt><dd class="num" data-count="found">{c.casting_calls_found}</dd></div>
                <div><dt>{i18n.t("twin-count-approved")}</dt><dd class="num" data-count="approved">{c.approved}</dd></div>
                <div><dt>{i18n.t("twin-count-rejected")}</dt><dd class="num" data-count="rejected">{c.rejected}</dd></div>
                <div><dt>{i18n.t("twin-count-failed")}</dt><dd class="num" data-count="failed">{c.failed}</dd></div>
                <div><dt>{i18n.t("twin-schedule")}</dt><dd class="ltr">{source.effective_schedule().to_string()}</dd></div>
                <div><dt>{i18n.t("twin-last-run")}</dt><dd>{source.last_processed_at.map(|t| fmt_datetime(i18n, t)).unwrap_or_else(|| i18n.t("twin-never"))}</dd></div>
            </dl>
            {source.last_error.clone().map(|e| view! { <p class="notice notice-error" data-testid="source-error">{i18n.t("twin-last-error")}": "<span class="ltr">{e}</span></p> })}
            <div class="cluster">
                <AppForm action=run attr:class="inline-form">
                    <input type="hidden" name="source_id" value=id_run/>
                    <button class="btn btn-secondary btn-small" type="submit" disabled=!source.is_active>{i18n.t("twin-run-now")}</button>
                </AppForm>
                <AppForm action=delete attr:class="inline-form">
                    <input type="hidden" name="source_id" value=id_delete/>
                    <button class="btn btn-ghost btn-small" type="submit">{i18n.t("twin-delete")}</button>
                </AppForm>
            </div>
            {is_whatsapp.then(move || view! {
                <form class="form cluster" method="post" enctype="multipart/form-data" action=import>
                    <CsrfField/>
                    <label class="label" for=format!("export-{id_import}")>{i18n.t("twin-import")}</label>
                    <input class="input" type="file" id=format!("export-{id_import}") name="file" accept=".txt,text/plain" required=true/>
                    <button class="btn btn-primary btn-small" type="submit" data-testid="import">{i18n.t("twin-import-button")}</button>
                    <p class="field-hint">{i18n.t("twin-import-hint")}</p>
                </form>
            })}
            <details>
                <summary>{i18n.t("twin-edit-source")}</summary>
                <SourceForm source_id=id_edit initial=source.to_input() save/>
            </details>
        </li>
    }
}

#[component]
fn SourceForm(source_id: String, initial: SourceInput, save: ServerAction<SaveSource>) -> impl IntoView {
    let i18n = use_i18n();
    let key = if source_id.is_empty() { "source:new".to_string() } else { format!("source:{source_id}") };
    let feedback = use_feedback(key, move || save.value().get());
    let kinds = options(i18n, SourceKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label_key())));
    view! {
        <AppForm action=save attr:class="form stack" attr:novalidate=true>
            <input type="hidden" name="source_id" value=source_id/>
            <FormError feedback/>
            <div class="grid-2">
                <Select field="kind".into() label=i18n.t("twin-field-kind") feedback options=kinds initial=initial.kind placeholder=i18n.t("choose") required=true/>
                <Input field="name".into() label=i18n.t("twin-field-name") feedback initial=initial.name required=true maxlength=120/>
            </div>
            <Input field="target".into() label=i18n.t("twin-field-target") feedback initial=initial.target required=true hint=i18n.t("twin-field-target-hint")/>
            <Input field="schedule".into() label=i18n.t("twin-field-schedule") feedback initial=initial.schedule hint=i18n.t("twin-field-schedule-hint")/>
            <label class="checkbox">
                <input type="checkbox" name="form[is_active]" value="true" checked=initial.is_active/>
                {i18n.t("twin-field-active")}
            </label>
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" disabled=move || save.pending().get()>{i18n.t("twin-save-source")}</button>
            </div>
        </AppForm>
    }
}

#[component]
pub fn TwinQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let bulk = ServerAction::<BulkDecide>::new();
    let refresh = RwSignal::new(0u32);
    let queue = Resource::new(move || (bulk.version().get(), refresh.get()), |_| twin_queue(None));
    let query = use_query_map();
    let progress = RwSignal::new(None::<(usize, usize)>);
    let summary = RwSignal::new(None::<(usize, usize)>);
    let selected = RwSignal::new(0usize);
    let feedback = use_feedback("bulk".into(), move || bulk.value().get().map(|r| r.map(|_| ())));
    on_shortcut(move |key| {
        #[cfg(feature = "hydrate")]
        {
            let rows = document().and_then(|d| d.query_selector_all("[data-candidate-row]").ok());
            let Some(rows) = rows else { return };
            let n = rows.length() as usize;
            if n == 0 {
                return;
            }
            let current = selected.get_untracked().min(n - 1);
            let row = |i: usize| rows.item(i as u32).and_then(|r| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(r).ok());
            match key {
                "j" | "k" => {
                    let next = if key == "j" { (current + 1).min(n - 1) } else { current.saturating_sub(1) };
                    selected.set(next);
                    if let Some(r) = row(next) {
                        let _ = r.focus();
                    }
                }
                "e" | "a" | "r" => {
                    if let Some(href) = row(current).and_then(|r| r.get_attribute("data-href")) {
                        let target = if key == "e" { href } else { takeone::routes::with_query(href, &[("do", key)]) };
                        let _ = web_sys::window().map(|w| w.location().set_href(&target));
                    }
                }
                _ => {}
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (key, selected);
    });
    // With JavaScript the selection is decided a few at a time, with a progress bar.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            let decision =
                ev.submitter().and_then(|s| s.dyn_into::<web_sys::HtmlButtonElement>().ok()).map(|b| b.value()).unwrap_or_default();
            let reason = data.get("form[reason]").as_string().unwrap_or_default();
            let ids: Vec<String> = (0..2000).filter_map(|i| data.get(&format!("form[ids][{i}]")).as_string()).collect();
            if ids.is_empty() {
                summary.set(Some((0, 0)));
                return;
            }
            let lang = i18n.locale.code().to_string();
            leptos::task::spawn_local(async move {
                let total = ids.len();
                let (mut done, mut failed) = (0, 0);
                progress.set(Some((0, total)));
                for chunk in ids.chunks(5) {
                    let form = crate::api::twin::BulkInput { decision: decision.clone(), reason: reason.clone(), ids: chunk.to_vec() };
                    match crate::api::twin::bulk_decide(lang.clone(), form).await {
                        Ok(out) => {
                            done += out.done.len();
                            failed += out.failed.len();
                        }
                        Err(_) => failed += chunk.len(),
                    }
                    progress.set(Some((done + failed, total)));
                }
                progress.set(None);
                summary.set(Some((done, failed)));
                refresh.update(|n| *n += 1);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let plain_summary = move || query.with(|q| Some((q.get("done")?.parse().ok()?, q.get("failed")?.parse().ok()?)));
    view! {
        <PageMeta title=i18n.t("twin-queue")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("twin-queue")}</h1>
        <TwinNav/>
        <p class="muted">{i18n.t("twin-shortcuts")}</p>
        <FormError feedback/>
        {move || summary.get().or_else(plain_summary).map(|(done, failed)| view! {
            <div class="notice notice-success" role="status" data-testid="bulk-summary">
                {i18n.t_with("twin-bulk-done", &[("done", done.to_string()), ("failed", failed.to_string())])}
            </div>
        })}
        {move || progress.get().map(|(n, total)| view! {
            <div class="stack" role="status">
                <progress max=total value=n data-testid="bulk-progress"></progress>
                <span>{i18n.t_with("twin-bulk-progress", &[("done", n.to_string()), ("total", total.to_string())])}</span>
            </div>
        })}
        <Suspense fallback=|| ()>
            {move || queue.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(page) if page.items.is_empty() => view! { <p class="empty-state">{i18n.t("twin-queue-empty")}</p> }.into_any(),
                Ok(page) => view! {
                    <p>{i18n.t_with("twin-queue-count", &[("count", page.total.to_string())])}</p>
                    <AppForm action=bulk attr:class="form stack" on:submit=on_submit>
                        <div class="table-wrap">
                            <table class="table queue">
                                <thead><tr>
                                    <th scope="col"><span class="visually-hidden">{i18n.t("twin-select")}</span></th>
                                    <th scope="col">{i18n.t("field-title")}</th>
                                    <th scope="col">{i18n.t("field-city")}</th>
                                    <th scope="col">{i18n.t("twin-source")}</th>
                                    <th scope="col">{i18n.t("twin-received")}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().enumerate().map(|(i, c)| view! { <QueueRow index=i candidate=c/> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Input field="reason".into() label=i18n.t("twin-reject-reason") feedback hint=i18n.t("twin-bulk-reason-hint")/>
                        <div class="form-actions">
                            <button class="btn btn-primary" type="submit" name="form[decision]" value="approve" data-testid="bulk-approve">{i18n.t("twin-bulk-approve")}</button>
                            <button class="btn btn-danger" type="submit" name="form[decision]" value="reject" data-testid="bulk-reject">{i18n.t("twin-bulk-reject")}</button>
                        </div>
                    </AppForm>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn QueueRow(index: usize, candidate: Candidate) -> impl IntoView {
    let i18n = use_i18n();
    let c = candidate;
    let href = i18n.page(&Page::TwinCandidate { id: c.id });
    let row_href = href.clone();
    let title = c.prefill().title;
    // The post's own first words, so the admin recognises it among similar titles.
    let excerpt: String = c.text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(120).collect();
    view! {
        <tr data-candidate-row="" data-href=row_href data-candidate=c.id.to_string() tabindex="0">
            <td><input type="checkbox" name=format!("form[ids][{index}]") value=c.id.to_string() aria-label=title.clone()/></td>
            <td>
                <a href=href>{title}</a>
                <p class="muted excerpt" dir="auto">{excerpt}</p>
                {c.similar.as_ref().map(|s| view! { <span class="badge" data-testid="similar">{i18n.t_with("twin-similar", &[("percent", format!("{:.0}", s.similarity * 100.0))])}</span> })}
                {(c.repost_count > 0).then(|| view! { <span class="badge">{i18n.t_with("twin-reposts", &[("count", c.repost_count.to_string())])}</span> })}
            </td>
            <td>{c.extraction.location_city.clone().unwrap_or_default()}</td>
            <td>{c.source_name.clone()}</td>
            <td>{c.posted_at.or(Some(c.created_at)).map(|t| fmt_datetime(i18n, t))}</td>
        </tr>
    }
}

/// The source text with the stretches the fields came from marked.
fn marked_text(text: &str, highlights: &[Highlight]) -> Vec<AnyView> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    for h in highlights {
        if h.start < at || h.end > chars.len() {
            continue;
        }
        out.push(chars[at..h.start].iter().collect::<String>().into_any());
        let s: String = chars[h.start..h.end].iter().collect();
        out.push(view! { <mark data-field=h.field.clone()>{s}</mark> }.into_any());
        at = h.end;
    }
    out.push(chars[at..].iter().collect::<String>().into_any());
    out
}

#[component]
pub fn TwinCandidatePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let view_data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), twin_candidate);
    view! {
        <PageMeta title=i18n.t("twin-candidate")/>
        <Meta name="robots" content="noindex"/>
        <TwinNav/>
        <Suspense fallback=|| ()>
            {move || view_data.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(v) => view! { <CandidateReview data=v/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CandidateReview(data: crate::api::twin::CandidateView) -> impl IntoView {
    let i18n = use_i18n();
    let approve = ServerAction::<ApproveCandidate>::new();
    let reject = ServerAction::<RejectCandidate>::new();
    let merge = ServerAction::<MergeCandidate>::new();
    let c = data.candidate;
    let id = c.id.to_string();
    let approve_fb = use_feedback(format!("candidate:{id}"), move || approve.value().get().map(|r| r.map(|_| ())));
    let reject_fb = use_feedback(format!("reject:{id}"), move || reject.value().get());
    let merge_fb = use_feedback(format!("merge:{id}"), move || merge.value().get());
    move_on_after_decision(
        move || {
            let approved = approve.value().get().is_some_and(|r| r.is_ok());
            let rejected = reject.value().get().is_some_and(|r| r.is_ok());
            let merged = merge.value().get().is_some_and(|r| r.is_ok());
            approved || rejected || merged
        },
        data.next,
    );
    review_keys();
    let similar_call = c.similar.as_ref().and_then(|s| s.casting_call_id).map(|id| id.to_string()).unwrap_or_default();
    let pending = c.status == takeone::ingest::review::CandidateStatus::Pending;
    let next = data.next;
    view! {
        <h1>{i18n.t("twin-candidate")}</h1>
        {(!pending).then(|| view! { <p class="notice" role="status">{i18n.t(&c.status.label_key())}</p> })}
        <div class="review-grid">
            <SourceText candidate=c highlights=data.highlights/>
            <section class="card stack" aria-labelledby="approve-heading">
                <h2 id="approve-heading" class="h3">{i18n.t("twin-approve-title")}</h2>
                <ApproveForm action=approve feedback=approve_fb id=id.clone() next initial=data.form pending/>
                <RejectForm action=reject feedback=reject_fb id=id.clone() next pending/>
                <MergeForm action=merge feedback=merge_fb id next similar_call pending/>
            </section>
        </div>
    }
}

/// With JavaScript, a decision moves on to the next candidate, or back to the queue when none
/// is left.
fn move_on_after_decision(decided: impl Fn() -> bool + 'static, next: Option<uuid::Uuid>) {
    let to = use_i18n().page(&next.map_or(Page::TwinQueue, |id| Page::TwinCandidate { id }));
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if decided() {
            navigate(&to, Default::default());
        }
    });
}

/// The review's keys (a approve, r reject reason, e edit, j next, k back), and the cursor put
/// where the decision is made when the queue's "a"/"r" keys led here.
fn review_keys() {
    let query = use_query_map();
    on_shortcut(move |key| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let el = |sel: &str| {
                document().and_then(|d| d.query_selector(sel).ok().flatten()).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            };
            match key {
                "a" => {
                    if let Some(b) = el("[data-testid=approve]") {
                        b.click();
                    }
                }
                "r" => {
                    if let Some(f) = el("#reason") {
                        let _ = f.focus();
                    }
                }
                "e" => {
                    if let Some(f) = el("#title") {
                        let _ = f.focus();
                    }
                }
                "j" => {
                    if let Some(a) = el("[data-testid=next]") {
                        a.click();
                    }
                }
                "k" => {
                    let _ = web_sys::window().and_then(|w| w.history().ok()).map(|h| h.back());
                }
                _ => {}
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = key;
    });
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(what) = query.with(|q| q.get("do")) {
            use wasm_bindgen::JsCast;
            let sel = if what == "r" { "#reason" } else { "[data-testid=approve]" };
            if let Some(e) =
                document().and_then(|d| d.query_selector(sel).ok().flatten()).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = e.focus();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = query;
    });
}

/// The post as it came, the stretches the fields were read from marked, and what the
/// extractor made of it.
#[component]
fn SourceText(candidate: Candidate, highlights: Vec<Highlight>) -> impl IntoView {
    let i18n = use_i18n();
    let c = candidate;
    let e = &c.extraction;
    view! {
        <section class="card stack" aria-labelledby="source-text">
            <h2 id="source-text" class="h3">{i18n.t("twin-source-text")}</h2>
            <p class="muted">
                {c.source_name.clone()}
                {c.sender.clone().map(|s| format!(" · {s}"))}
                {c.posted_at.map(|t| format!(" · {}", fmt_datetime(i18n, t)))}
            </p>
            {c.source_url.clone().map(|u| { let href = u.clone(); view! { <p class="ltr"><a href=href rel="noopener noreferrer nofollow" target="_blank">{u}</a></p> } })}
            <pre class="prewrap source-text" data-testid="source-text" dir="auto">{marked_text(&c.text, &highlights)}</pre>
            <dl class="facts">
                <div><dt>{i18n.t("twin-extractor")}</dt><dd>{c.extractor.clone().unwrap_or_default()}</dd></div>
                <div><dt>{i18n.t("field-city")}</dt><dd>{e.location_city.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{i18n.t("twin-compensation")}</dt><dd>{e.compensation.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{i18n.t("twin-shoot-dates")}</dt><dd>{e.shoot_dates.clone().unwrap_or_else(|| "—".into())}</dd></div>
            </dl>
            {c.extractor_note.clone().map(|n| view! { <p class="notice">{n}</p> })}
            {c.similar.clone().map(|s| view! {
                <p class="notice" data-testid="similar-notice">
                    {i18n.t_with("twin-similar-to", &[("percent", format!("{:.0}", s.similarity * 100.0)), ("title", s.title.clone().unwrap_or_default())])}
                    " "
                    {s.casting_call_id.map(|id| view! { <a href=i18n.page(&Page::CastingCall { id })>{i18n.t("twin-open-call")}</a> })}
                </p>
            })}
        </section>
    }
}

/// The call as it would be published, filled in from the post, for the admin to correct.
#[component]
fn ApproveForm(
    action: ServerAction<ApproveCandidate>,
    feedback: Signal<Option<Feedback>>,
    id: String,
    next: Option<uuid::Uuid>,
    initial: CallInput,
    pending: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = initial.roles.len().clamp(1, MAX_ROLES);
    let form = StoredValue::new(initial);
    let init = move |f: fn(&CallInput) -> &String| form.with_value(|i| f(i).clone());
    let cities = options(i18n, City::ALL.iter().map(|c| (c.slug().to_string(), c.name_key())));
    let types = options(i18n, ProjectType::ALL.iter().map(|p| (p.as_str().to_string(), p.label_key())));
    let roles_error = Signal::derive(move || field_error(&feedback.get(), "roles"));
    view! {
        <AppForm action attr:class="form stack" attr:novalidate=true>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="next" value=next_value(next)/>
            <FormError feedback/>
            <Input field="title".into() label=i18n.t("field-title") feedback initial=init(|i| &i.title) required=true maxlength=150/>
            <TextArea field="description".into() label=i18n.t("field-description") feedback initial=init(|i| &i.description) required=true rows=6/>
            <div class="grid-2">
                <Select field="city".into() label=i18n.t("field-city") feedback options=cities initial=init(|i| &i.city) placeholder=i18n.t("choose") required=true/>
                <Select field="project_type".into() label=i18n.t("field-project-type") feedback options=types initial=init(|i| &i.project_type) placeholder=i18n.t("choose") required=true/>
                <Input field="deadline".into() label=i18n.t("field-deadline") feedback kind=InputKind::Date initial=init(|i| &i.deadline) required=true/>
                <Input field="company".into() label=i18n.t("twin-company") feedback initial=init(|i| &i.company) maxlength=200/>
                <Input field="shoot_starts_on".into() label=i18n.t("field-shoot-start") feedback kind=InputKind::Date initial=init(|i| &i.shoot_starts_on)/>
                <Input field="shoot_ends_on".into() label=i18n.t("field-shoot-end") feedback kind=InputKind::Date initial=init(|i| &i.shoot_ends_on)/>
            </div>
            <Input field="contact".into() label=i18n.t("twin-contact") feedback initial=init(|i| &i.contact) maxlength=500/>
            <label class="checkbox">
                <input type="checkbox" name="form[show_phone]" value="on"/>
                {i18n.t("twin-show-phone")}
            </label>
            <TextArea field="requirements".into() label=i18n.t("field-requirements") feedback initial=init(|i| &i.requirements) rows=3/>
            {move || roles_error.get().map(|m| view! { <p class="field-error" role="alert">{i18n.msg(&m)}</p> })}
            <div class="role-fieldsets">
                {(0..rows).map(|index| view! {
                    <RoleFields index feedback initial=form.with_value(|f| f.roles.get(index).cloned().unwrap_or_default())/>
                }).collect_view()}
            </div>
            <input type="hidden" name="form[intent]" value="publish"/>
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="approve" disabled=move || !pending || action.pending().get()>{i18n.t("twin-approve")}</button>
                {next.map(|id| view! { <a class="btn btn-ghost" data-testid="next" href=i18n.page(&Page::TwinCandidate { id })>{i18n.t("twin-next")}</a> })}
            </div>
        </AppForm>
    }
}

/// The next candidate as the decision forms send it (empty: back to the queue).
fn next_value(next: Option<uuid::Uuid>) -> String {
    next.map(|n| n.to_string()).unwrap_or_default()
}

#[component]
fn RejectForm(
    action: ServerAction<RejectCandidate>,
    feedback: Signal<Option<Feedback>>,
    id: String,
    next: Option<uuid::Uuid>,
    pending: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <AppForm action attr:class="form stack">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="next" value=next_value(next)/>
            <FormError feedback/>
            <Input field="reason".into() label=i18n.t("twin-reject-reason") feedback required=true maxlength=500/>
            <button class="btn btn-danger" type="submit" data-testid="reject" disabled=!pending>{i18n.t("twin-reject")}</button>
        </AppForm>
    }
}

/// Folds the candidate into a call already published (its id or page address), offered the
/// similar one when there is one.
#[component]
fn MergeForm(
    action: ServerAction<MergeCandidate>,
    feedback: Signal<Option<Feedback>>,
    id: String,
    next: Option<uuid::Uuid>,
    similar_call: String,
    pending: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <AppForm action attr:class="form stack">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="next" value=next_value(next)/>
            <FormError feedback/>
            <Input field="into".into() label=i18n.t("twin-merge-into") feedback initial=similar_call hint=i18n.t("twin-merge-hint")/>
            <button class="btn btn-secondary" type="submit" data-testid="merge" disabled=!pending>{i18n.t("twin-merge")}</button>
        </AppForm>
    }
}
