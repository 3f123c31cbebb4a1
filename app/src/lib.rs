#![recursion_limit = "256"]

//! TakeOne's pages: rendered on the server, hydrated in the browser, usable without
//! JavaScript (every form is a real form that posts to its server function).

pub mod api;
pub mod components;
pub mod csrf_client;
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
    ParamSegment, PartialPathMatch, PathSegment, PossibleRouteMatch, SsrMode, StaticSegment,
    components::{ParentRoute, Route, Router, Routes},
    hooks::use_location,
    path,
};
use takeone::{Locale, routes::pattern as at};

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
                    <Route path=Pattern(at::HOME) view=pages::home::HomePage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::CASTING_CALLS) view=pages::call_list::CallListPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::SEARCH) view=pages::search::CallSearchPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::TALENT_SEARCH) view=pages::search::TalentSearchPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::SAVED_SEARCHES) view=pages::search::SavedSearchesPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::ADMIN_SEARCH) view=pages::search::AdminSearchPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::CASTING_CALL) view=pages::call_detail::CallDetailPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::REGISTER) view=pages::register::RegisterPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::LOGIN) view=pages::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::ACCOUNT) view=pages::account::AccountPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::FORGOT_PASSWORD) view=pages::password::ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::RESET_PASSWORD) view=pages::password::ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::VERIFY_EMAIL) view=pages::password::VerifyEmailPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::NOTIFICATIONS) view=pages::notifications::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::PROFILE) view=pages::profile_edit::ProfileEditPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::MEDIA) view=pages::media::MediaPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::TALENT) view=pages::talent::TalentPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::APPLY) view=pages::apply::ApplyPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::APPLICATIONS) view=pages::applications::MyApplicationsPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::APPLICATION) view=pages::application::ApplicationPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::GUARDIAN_ACCEPT) view=pages::guardian::GuardianAcceptPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::HIRER) view=pages::dashboard::DashboardPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::HIRER_CALLS) view=pages::dashboard::DashboardPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::NEW_CALL) view=pages::call_form::NewCallPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::EDIT_CALL) view=pages::call_form::EditCallPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::WORKSHEET) view=pages::worksheet::WorksheetPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::HIRER_ORGANIZATION) view=pages::organization::OrganizationPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::JOIN) view=pages::organization::JoinPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::SHORTLIST) view=pages::shortlist::ShortlistPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::ADMIN) view=pages::admin::AdminHomePage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::ADMIN_REPORTS) view=pages::admin::AdminReportsPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::ADMIN_REVIEW) view=pages::admin::AdminReviewPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::ADMIN_ORGANIZATIONS) view=pages::admin::AdminOrganizationsPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::ADMIN_MAIL) view=pages::admin::AdminMailPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::ADMIN_MEDIA) view=pages::media::AdminMediaPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::ADMIN_BILLING) view=pages::admin_billing::AdminBillingPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::TWIN_SOURCES) view=pages::twin::TwinSourcesPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::TWIN_QUEUE) view=pages::twin::TwinQueuePage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::TWIN_CANDIDATE) view=pages::twin::TwinCandidatePage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::PLANS) view=pages::plans::PlansPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::BILLING) view=pages::billing::BillingPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::BILLING_RETURN) view=pages::billing::BillingReturnPage ssr=SsrMode::Async/>
                    <Route path=Pattern(at::TAX_INVOICE) view=pages::billing::TaxInvoicePage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// A route's path from its pattern in `takeone::routes`, cut into the segments `path!` would
/// make of the same text, so the router serves exactly the addresses that links are built to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pattern(&'static str);

#[derive(Clone, Copy)]
enum Segment {
    Fixed(StaticSegment<&'static str>),
    Param(ParamSegment),
}

impl Pattern {
    fn segments(self) -> impl Iterator<Item = Segment> {
        self.0.split('/').filter(|s| !s.is_empty()).map(|s| match s.strip_prefix(':') {
            Some(name) => Segment::Param(ParamSegment(name)),
            None => Segment::Fixed(StaticSegment(s)),
        })
    }
}

impl PossibleRouteMatch for Pattern {
    fn optional(&self) -> bool {
        false
    }

    // As a tuple of segments matches: each in turn on what the previous one left.
    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        let (mut rest, mut matched, mut params) = (path, 0, Vec::new());
        for segment in self.segments() {
            let m = match segment {
                Segment::Fixed(s) => s.test(rest)?,
                Segment::Param(s) => s.test(rest)?,
            };
            matched += m.matched().len();
            rest = m.remaining();
            params.extend(m.params());
        }
        Some(PartialPathMatch::new(rest, params, &path[..matched]))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        for segment in self.segments() {
            match segment {
                Segment::Fixed(s) => s.generate_path(path),
                Segment::Param(s) => s.generate_path(path),
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    type Outcome = Option<(String, String, Vec<(String, String)>)>;

    fn outcome(m: Option<PartialPathMatch<'_>>) -> Outcome {
        m.map(|m| (m.matched().to_string(), m.remaining().to_string(), m.params().into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
    }

    /// A pattern matches, and lists its route, as `path!` of the same text does.
    #[test]
    fn patterns_route_as_the_path_macro_does() {
        let cases: [(&str, &dyn PossibleRouteMatch); 6] = [
            (at::HOME, &path!("")),
            (at::CASTING_CALLS, &path!("casting-calls")),
            (at::CASTING_CALL, &path!("casting-calls/:id")),
            (at::APPLY, &path!("casting-calls/:id/roles/:role_id/apply")),
            (at::NEW_CALL, &path!("hirer/calls/new")),
            (at::SHORTLIST, &path!("shortlist/:token")),
        ];
        let paths = [
            "",
            "/",
            "/casting-calls",
            "/casting-calls/",
            "/casting-calls/abc",
            "/casting-calls/abc/roles/def/apply",
            "/casting-callsx",
            "/hirer/calls/new",
            "/hirer/calls/x/edit",
            "/shortlist/t.k-n",
            "/shortlist",
            "/x",
        ];
        for (pattern, macro_made) in cases {
            for p in paths {
                assert_eq!(outcome(Pattern(pattern).test(p)), outcome(macro_made.test(p)), "{pattern:?} on {p:?}");
            }
            let (mut ours, mut theirs) = (vec![], vec![]);
            Pattern(pattern).generate_path(&mut ours);
            macro_made.generate_path(&mut theirs);
            assert_eq!(ours, theirs, "{pattern:?}");
        }
    }
}
