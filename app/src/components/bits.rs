//! Small pieces many pages share: status badges, a history timeline, lists of attributes.

use crate::{components::call_card::fmt_date, i18n::use_i18n};
use leptos::prelude::*;
use takeone::application::{ApplicationStatus, TimelineEvent};
use time::OffsetDateTime;

pub fn fmt_datetime(i18n: crate::i18n::I18n, at: OffsetDateTime) -> String {
    let local = at.to_offset(takeone::casting::RIYADH);
    format!("{} {:02}:{:02}", fmt_date(i18n, local.date()), local.hour(), local.minute())
}

#[component]
pub fn StatusBadge(status: ApplicationStatus) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("badge status status-{}", status.as_str().replace('_', "-"));
    view! { <span class=class data-status=status.as_str()>{i18n.t(&status.label_key())}</span> }
}

/// An application's history, oldest first.
#[component]
pub fn Timeline(events: Vec<TimelineEvent>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="timeline">
            {events.into_iter().map(|e| {
                let text = match e.from {
                    None => i18n.t_with("timeline-created", &[("status", i18n.t(&e.to.label_key()))]),
                    Some(from) => i18n.t_with("timeline-moved", &[("from", i18n.t(&from.label_key())), ("to", i18n.t(&e.to.label_key()))]),
                };
                view! {
                    <li class="timeline-item" data-status=e.to.as_str()>
                        <span class="timeline-text">{text}</span>
                        {e.actor.map(|a| view! { <span class="muted">{format!(" · {a}")}</span> })}
                        <time class="muted timeline-time" datetime=e.at.unix_timestamp().to_string()>{fmt_datetime(i18n, e.at)}</time>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// Labels (locale keys) as a row of chips; nothing when empty.
#[component]
pub fn Chips(keys: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    (!keys.is_empty())
        .then(|| view! { <ul class="chips">{keys.into_iter().map(|k| view! { <li class="chip">{i18n.t(&k)}</li> }).collect_view()}</ul> })
}

/// A notice that something just worked (`?saved=1` and the like after a plain form post).
#[component]
pub fn Flash(key: &'static str, show: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    move || show.get().then(|| view! { <div class="notice notice-success" role="status">{i18n.t(key)}</div> })
}
