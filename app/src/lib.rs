#![recursion_limit = "256"]

//! TakeOne's pages: rendered on the server, hydrated in the browser, usable without
//! JavaScript (every form is a real form that posts to its server function).

pub mod api;
pub mod components;
pub mod errors;
pub mod forms;
pub mod i18n;
pub mod pages;
pub mod site;
#[cfg(feature = "ssr")]
pub mod ssr;

use components::layout::{LangLayout, NotFoundPage};
use i18n::I18n;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, Meta, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    hooks::use_location,
    path,
};
use takeone::Locale;

/// The HTML document around the app. The CSRF token travels in a meta tag so forms built in
/// the browser carry the same token as those rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    ssr::content_security_policy();
    let csrf = site::csrf_token();
    let base = site::public_url();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="csrf-token" content=csrf/>
                <meta name="takeone-base" content=base/>
                <meta name="theme-color" content="#121212"/>
                <link rel="icon" href="/favicon.ico"/>
                <link rel="preload" href="/fonts/plex-arabic-arabic-400.woff2" r#as="font" r#type="font/woff2" crossorigin="anonymous"/>
                // The stylesheet and the bundle by their content-hashed names when the build
                // made them (browsers keep those for a year).
                <HashedStylesheet options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Meta name="color-scheme" content="dark light"/>
        <Router>
            <DocumentLanguage/>
            <Routes fallback=|| {
                let location = use_location();
                let locale = Locale::from_path(&location.pathname.get_untracked()).unwrap_or_default();
                provide_context(I18n { locale });
                view! { <NotFoundPage/> }
            }>
                <ParentRoute path=path!("/:lang") view=LangLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=pages::home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("casting-calls") view=pages::call_list::CallListPage ssr=SsrMode::Async/>
                    <Route path=path!("search") view=pages::search::CallSearchPage ssr=SsrMode::Async/>
                    <Route path=path!("talent-search") view=pages::search::TalentSearchPage ssr=SsrMode::Async/>
                    <Route path=path!("saved-searches") view=pages::search::SavedSearchesPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/search") view=pages::search::AdminSearchPage ssr=SsrMode::Async/>
                    <Route path=path!("casting-calls/:id") view=pages::call_detail::CallDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("register") view=pages::register::RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("login") view=pages::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("account") view=pages::account::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("forgot-password") view=pages::password::ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("reset-password") view=pages::password::ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("verify-email") view=pages::password::VerifyEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("notifications") view=pages::notifications::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("profile") view=pages::profile_edit::ProfileEditPage ssr=SsrMode::Async/>
                    <Route path=path!("talent/:id") view=pages::talent::TalentPage ssr=SsrMode::Async/>
                    <Route path=path!("casting-calls/:id/roles/:role_id/apply") view=pages::apply::ApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("applications") view=pages::applications::MyApplicationsPage ssr=SsrMode::Async/>
                    <Route path=path!("applications/:id") view=pages::application::ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("guardian/accept") view=pages::guardian::GuardianAcceptPage ssr=SsrMode::Async/>
                    <Route path=path!("hirer") view=pages::dashboard::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("hirer/calls") view=pages::dashboard::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("hirer/calls/new") view=pages::call_form::NewCallPage ssr=SsrMode::Async/>
                    <Route path=path!("hirer/calls/:id/edit") view=pages::call_form::EditCallPage ssr=SsrMode::Async/>
                    <Route path=path!("hirer/calls/:id/roles/:role_id") view=pages::worksheet::WorksheetPage ssr=SsrMode::Async/>
                    <Route path=path!("hirer/organization") view=pages::organization::OrganizationPage ssr=SsrMode::Async/>
                    <Route path=path!("join") view=pages::organization::JoinPage ssr=SsrMode::Async/>
                    <Route path=path!("shortlist/:token") view=pages::shortlist::ShortlistPage ssr=SsrMode::Async/>
                    <Route path=path!("admin") view=pages::admin::AdminHomePage ssr=SsrMode::Async/>
                    <Route path=path!("admin/reports") view=pages::admin::AdminReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/review") view=pages::admin::AdminReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/organizations") view=pages::admin::AdminOrganizationsPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/mail") view=pages::admin::AdminMailPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/twin/sources") view=pages::twin::TwinSourcesPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/twin/queue") view=pages::twin::TwinQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("admin/twin/queue/:id") view=pages::twin::TwinCandidatePage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The language comes from the URL, so the server's first HTML already has the right `lang`
/// and `dir`; paths without a language are Arabic.
#[component]
fn DocumentLanguage() -> impl IntoView {
    let location = use_location();
    let locale = Memo::new(move |_| Locale::from_path(&location.pathname.get()).unwrap_or_default());
    view! { <Html attr:lang=move || locale.get().code() attr:dir=move || locale.get().dir()/> }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
