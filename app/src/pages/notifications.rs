use crate::{
    api::notifications::{MarkNotificationsRead, notifications},
    components::{
        bits::fmt_datetime,
        layout::{ErrorPanel, PageMeta},
    },
    forms::AppForm,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let list = Resource::new(move || mark.version().get(), |_| notifications());
    view! {
        <PageMeta title=i18n.t("notifications-title")/>
        <Meta name="robots" content="noindex"/>
        <div class="section-header">
            <h1>{i18n.t("notifications-title")}</h1>
            <AppForm action=mark attr:class="inline-form">
                <button class="btn btn-ghost btn-small" type="submit">{i18n.t("notifications-mark-read")}</button>
            </AppForm>
        </div>
        <Suspense fallback=|| ()>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(items) if items.is_empty() => view! { <p class="empty-state">{i18n.t("notifications-empty")}</p> }.into_any(),
                Ok(items) => view! {
                    <ul class="notification-list plain-list">
                        {items.into_iter().map(|n| {
                            let args: Vec<(&str, String)> = n
                                .params
                                .iter()
                                .map(|(k, v)| match k.strip_suffix("_key") {
                                    Some(name) => (name, i18n.t(v)),
                                    None => (k.as_str(), v.clone()),
                                })
                                .collect();
                            let text = i18n.t_with(&n.kind.label_key(), &args);
                            view! {
                                <li class="notification" class:notification-unread=!n.read data-kind=n.kind.as_str()>
                                    <a href=i18n.href(&n.link)>{text}</a>
                                    <time class="muted">{fmt_datetime(i18n, n.created_at)}</time>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}
