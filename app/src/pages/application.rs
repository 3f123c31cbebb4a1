//! One application: its status and history for everyone concerned; notes for the hirer's side;
//! the message thread for whoever may read it; contact details once booked.

use crate::{
    api::{
        applications::{AddNote, MoveApplication, SendMessage, get_application},
        media::{MediaItem, application_media, application_tapes},
    },
    components::{
        bits::{Chips, StatusBadge, Timeline, fmt_datetime},
        layout::{ErrorPanel, PageMeta},
    },
    forms::{AppForm, FormError, TextArea, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;
use takeone::{
    application::{ApplicationDetail, ApplicationStatus, Party},
    media::self_tape::SelfTapeRequest,
    routes::Page,
};

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let moves = ServerAction::<MoveApplication>::new();
    let notes = ServerAction::<AddNote>::new();
    let messages = ServerAction::<SendMessage>::new();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let detail = Resource::new(
        move || (id(), moves.version().get(), notes.version().get(), messages.version().get()),
        |(id, ..)| get_application(id),
    );
    // Every resource of the page is made here, once, in the same order on the server and in the
    // browser: a resource made inside a suspended child can be made twice on the server and its
    // serialized value then belongs to another one while hydrating.
    let tapes = Resource::new(id, application_tapes);
    let sent = Resource::new(id, application_media);
    view! {
        <PageMeta title=i18n.t("application-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || {
                // All three are read before any is missing, so the boundary waits for all three.
                let (d, tapes, sent) = (detail.get(), tapes.get(), sent.get());
                Some(match (d?, tapes?, sent?) {
                    (Ok(d), Ok(tapes), Ok(sent)) => view! { <Application d tapes sent moves notes messages/> }.into_any(),
                    (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => view! { <ErrorPanel error=e/> }.into_any(),
                })
            }}
        </Suspense>
    }
}

#[component]
fn Application(
    d: ApplicationDetail,
    tapes: Vec<SelfTapeRequest>,
    sent: Vec<MediaItem>,
    moves: ServerAction<MoveApplication>,
    notes: ServerAction<AddNote>,
    messages: ServerAction<SendMessage>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = d.id;
    let hirer = matches!(d.party, Party::Hirer | Party::Admin);
    let a = d.applicant.clone();
    let mut facts: Vec<String> = vec![];
    if let Some(age) = a.age {
        facts.push(i18n.t_with("applicant-age", &[("age", age.to_string())]));
    }
    if let Some(g) = a.gender {
        facts.push(i18n.t(&g.label_key()));
    }
    if let Some(c) = a.city {
        facts.push(i18n.t(&c.name_key()));
    }
    let move_feedback = use_feedback(format!("move:{id}"), move || moves.value().get());
    let heading = if hirer { a.stage_name.clone() } else { format!("{} · {}", d.call_title, d.role_name) };
    let company = d.company.clone();
    view! {
        <article class="application stack" data-status=d.status.as_str()>
            <nav class="breadcrumbs" aria-label=i18n.t("breadcrumbs")>
                {if hirer {
                    view! { <a href=i18n.page(&Page::Worksheet { call: d.call_id, role: d.role_id })>{format!("{} · {}", d.call_title, d.role_name)}</a> }.into_any()
                } else {
                    view! { <a href=i18n.page(&Page::Applications)>{i18n.t("my-applications-title")}</a> }.into_any()
                }}
            </nav>
            <header class="stack">
                <h1>{heading}</h1>
                {(!hirer).then(|| company.map(|c| view! { <p class="muted">{c}</p> }))}
                <p class="cluster"><span>{i18n.t("field-status")}</span> <StatusBadge status=d.status/></p>
                {(d.party == Party::Guardian).then(|| view! { <p class="notice">{i18n.t_with("application-for-ward", &[("name", a.stage_name.clone())])}</p> })}
                {(d.status == ApplicationStatus::AwaitingGuardian && d.party == Party::Talent).then(|| view! {
                    <p class="notice notice-warning" role="status">{i18n.t("application-awaiting-guardian")}</p>
                })}
            </header>
            <super::self_tapes::SelfTapes application=id party=d.party tapes sent/>
            {hirer.then(|| view! {
                <section class="card stack" aria-labelledby="applicant-heading">
                    <h2 id="applicant-heading">{i18n.t("applicant-title")}</h2>
                    <p>{facts.join(" · ")}</p>
                    <Chips keys=a.languages.iter().map(|l| l.label_key()).collect()/>
                    <Chips keys=a.dialects.iter().map(|x| x.label_key()).collect()/>
                    <Chips keys=a.skills.iter().map(|x| x.label_key()).collect()/>
                    <a href=i18n.page(&Page::Talent { id: a.profile_id })>{i18n.t("applicant-profile")}</a>
                </section>
            })}
            {d.contact.clone().map(|c| {
                let title = contact_title(c.guardian);
                view! {
                <section class="card stack contact" aria-labelledby="contact-heading">
                    <h2 id="contact-heading">{i18n.t(title)}</h2>
                    <dl class="facts">
                        <dt>{i18n.t("field-name")}</dt><dd>{c.name}</dd>
                        <dt>{i18n.t("field-email")}</dt><dd class="ltr"><a href=format!("mailto:{}", c.email)>{c.email.clone()}</a></dd>
                        {c.phone.map(|p| view! { <dt>{i18n.t("field-phone")}</dt><dd class="ltr">{p}</dd> })}
                    </dl>
                </section>
            }})}
            {(!d.moves.is_empty()).then(|| {
                let version = d.version.to_string();
                view! {
                    <section class="card stack" aria-labelledby="moves-heading">
                        <h2 id="moves-heading">{i18n.t("application-actions")}</h2>
                        <AppForm action=moves attr:class="cluster">
                            <input type="hidden" name="id" value=id.to_string()/>
                            <input type="hidden" name="version" value=version/>
                            <FormError feedback=move_feedback/>
                            {d.moves.iter().map(|to| {
                                let class = move_class(*to);
                                let label = i18n.t(&format!("move-{}", to.as_str().replace('_', "-")));
                                view! { <button class=class type="submit" name="to" value=to.as_str() data-move=to.as_str()>{label}</button> }
                            }).collect_view()}
                        </AppForm>
                    </section>
                }
            })}
            {(d.cover_note.is_some() || !d.answers.is_empty()).then(|| view! {
                <section class="card stack" aria-labelledby="note-heading">
                    <h2 id="note-heading">{i18n.t("field-cover-note")}</h2>
                    {d.cover_note.clone().map(|n| view! { <p class="prewrap">{n}</p> })}
                    {(!d.answers.is_empty()).then(|| view! {
                        <dl class="answers">
                            {d.answers.iter().map(|x| view! { <dt>{x.question.clone()}</dt><dd class="prewrap">{x.answer.clone()}</dd> }).collect_view()}
                        </dl>
                    })}
                </section>
            })}
            <section class="card stack" aria-labelledby="history-heading">
                <h2 id="history-heading">{i18n.t("application-history")}</h2>
                <Timeline events=d.timeline.clone()/>
            </section>
            {d.notes.clone().map(|list| view! { <Notes id=id.to_string() list action=notes/> })}
            {d.messages.clone().map(|list| view! { <Thread id=id.to_string() list may_write=d.may_write hirer action=messages/> })}
        </article>
    }
}

#[component]
fn Notes(id: String, list: Vec<takeone::application::Note>, action: ServerAction<AddNote>) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback(format!("note:{id}"), move || action.value().get());
    view! {
        <section class="card stack notes" aria-labelledby="notes-heading">
            <h2 id="notes-heading">{i18n.t("notes-title")}</h2>
            <p class="field-hint">{i18n.t("notes-private")}</p>
            {if list.is_empty() {
                view! { <p class="muted">{i18n.t("notes-empty")}</p> }.into_any()
            } else {
                view! {
                    <ul class="note-list">
                        {list.into_iter().map(|n| view! {
                            <li class="note"><p class="prewrap">{n.body}</p><p class="muted">{format!("{} · {}", n.author, fmt_datetime(i18n, n.at))}</p></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <AppForm action=action attr:class="form stack" attr:novalidate=true>
                <input type="hidden" name="id" value=id/>
                <FormError feedback/>
                <TextArea field="body".into() label=i18n.t("notes-add") feedback rows=3/>
                <div class="form-actions"><button class="btn btn-secondary" type="submit">{i18n.t("notes-save")}</button></div>
            </AppForm>
        </section>
    }
}

#[component]
fn Thread(
    id: String,
    list: Vec<takeone::application::Message>,
    may_write: bool,
    hirer: bool,
    action: ServerAction<SendMessage>,
) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback(format!("message:{id}"), move || action.value().get());
    view! {
        <section class="card stack thread" aria-labelledby="thread-heading">
            <h2 id="thread-heading">{i18n.t("messages-title")}</h2>
            {if list.is_empty() {
                let key = empty_thread(hirer);
                view! { <p class="muted">{i18n.t(key)}</p> }.into_any()
            } else {
                view! {
                    <ul class="message-list">
                        {list.into_iter().map(|m| {
                            view! { <li class="message" class:message-mine=m.mine><p class="prewrap">{m.body}</p><p class="muted">{format!("{} · {}", m.sender, fmt_datetime(i18n, m.at))}</p></li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {may_write.then(|| view! {
                <AppForm action=action attr:class="form stack" attr:novalidate=true>
                    <input type="hidden" name="id" value=id.clone()/>
                    <FormError feedback/>
                    <TextArea field="body".into() label=i18n.t("messages-write") feedback rows=3/>
                    <p class="field-hint">{i18n.t("messages-contact-hint")}</p>
                    <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("messages-send")}</button></div>
                </AppForm>
            })}
        </section>
    }
}

fn contact_title(guardian: bool) -> &'static str {
    if guardian { "contact-guardian-title" } else { "contact-title" }
}

fn move_class(to: ApplicationStatus) -> &'static str {
    match to {
        ApplicationStatus::Rejected | ApplicationStatus::Withdrawn | ApplicationStatus::Released => "btn btn-danger",
        ApplicationStatus::Booked | ApplicationStatus::Submitted => "btn btn-primary",
        _ => "btn btn-secondary",
    }
}

fn empty_thread(hirer: bool) -> &'static str {
    if hirer { "messages-empty-hirer" } else { "messages-empty-talent" }
}
