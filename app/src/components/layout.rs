//! The frame of every page: header with navigation and language switch, footer, and the
//! pages for "not found" and errors.

use crate::{
    api::{
        auth::{Logout, get_current_user},
        notifications::unread_count,
    },
    errors::AppError,
    forms::AppForm,
    i18n::{I18n, use_i18n},
};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::{
    components::Outlet,
    hooks::{use_location, use_params_map},
};
use takeone::{Locale, account::UserRole, routes::Page};

/// Every page under `/ar/...` or `/en/...`. Any other first segment is a 404.
#[component]
pub fn LangLayout() -> impl IntoView {
    let params = use_params_map();
    let locale = params.with_untracked(|p| p.get("lang").and_then(|l| Locale::from_code(&l)));
    let Some(locale) = locale else {
        provide_context(I18n { locale: Locale::Ar });
        return view! { <NotFoundPage/> }.into_any();
    };
    provide_context(I18n { locale });
    view! {
        <Header/>
        <main id="main" class="container page">
            <Outlet/>
        </main>
        <Footer/>
    }
    .into_any()
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    // Asked again after every navigation: signing in or out redirects inside the app.
    let user = Resource::new(move || location.pathname.get(), |_| get_current_user());
    let unread = Resource::new(move || location.pathname.get(), |_| unread_count());
    let logout = ServerAction::<Logout>::new();
    let other = i18n.locale.other();
    let switch_href = move || {
        let search = location.search.get();
        other.switch_path(&takeone::routes::with_raw_query(location.pathname.get(), &search))
    };
    view! {
        <a class="skip-link" href="#main">{i18n.t("nav-skip")}</a>
        <header class="site-header">
            <div class="container header-inner">
                <a class="brand" href=i18n.page(&Page::Home)>{i18n.t("brand")}</a>
                <nav class="main-nav" aria-label=i18n.t("nav-main")>
                    <a href=i18n.page(&Page::CastingCalls)>{i18n.t("nav-casting-calls")}</a>
                    <a href=i18n.page(&Page::Search)>{i18n.t("nav-search")}</a>
                </nav>
                <div class="header-actions">
                    // A full page load, so the server renders the other language and remembers it.
                    <a class="lang-switch" href=switch_href hreflang=other.code() lang=other.code() rel="external">
                        {i18n.t("lang-switch")}
                    </a>
                    <Suspense fallback=|| ()>
                        {move || {
                            user.get()
                                .map(|u| match u.ok().flatten() {
                                    Some(u) => {
                                        let links: Vec<(Page, &str)> = match u.role {
                                            UserRole::Talent => vec![(Page::Profile, "nav-profile"), (Page::Applications, "nav-applications"), (Page::SavedSearches, "nav-saved-searches")],
                                            UserRole::Guardian => vec![(Page::Applications, "nav-wards")],
                                            UserRole::Hirer => vec![(Page::Hirer, "nav-dashboard"), (Page::NewCall, "nav-post-call"), (Page::TalentSearch, "nav-talent-search"), (Page::SavedSearches, "nav-saved-searches")],
                                            UserRole::Admin => vec![(Page::Admin, "nav-admin")],
                                        };
                                        view! {
                                            {links.into_iter().map(|(page, key)| view! {
                                                <a class="btn btn-ghost btn-small" href=i18n.page(&page)>{i18n.t(key)}</a>
                                            }).collect_view()}
                                            <a class="btn btn-ghost btn-small bell" href=i18n.page(&Page::Notifications) data-testid="bell">
                                                <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2">
                                                    <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9"></path>
                                                    <path d="M13.7 21a2 2 0 0 1-3.4 0"></path>
                                                </svg>
                                                <span class="visually-hidden">{i18n.t("nav-notifications")}</span>
                                                {move || unread.get().and_then(|r| r.ok()).filter(|n| *n > 0).map(|n| view! {
                                                    <span class="bell-count" aria-label=i18n.t_with("unread-count", &[("count", n.to_string())])>{n}</span>
                                                })}
                                            </a>
                                            <a class="btn btn-ghost btn-small" href=i18n.page(&Page::Account)>{i18n.t("nav-account")}</a>
                                            <AppForm action=logout attr:class="inline-form">
                                                <button class="btn btn-ghost btn-small" type="submit">{i18n.t("nav-logout")}</button>
                                            </AppForm>
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <a class="btn btn-ghost btn-small" href=i18n.page(&Page::Login { next: None })>{i18n.t("nav-login")}</a>
                                            <a class="btn btn-primary btn-small" href=i18n.page(&Page::Register { role: None, next: None })>{i18n.t("nav-register")}</a>
                                        }
                                            .into_any()
                                    }
                                })
                        }}
                    </Suspense>
                </div>
            </div>
        </header>
        // Everything stays usable; publishing a call and acting as a guardian wait for this.
        <Suspense fallback=|| ()>
            {move || user.get().and_then(|u| u.ok().flatten()).filter(|u| !u.email_verified).map(|u| view! {
                <div class="container">
                    <p class="notice notice-warning verify-banner" role="status" data-testid="verify-banner">
                        {i18n.t_with("verify-banner", &[("email", u.email.clone())])}" "
                        <a href=i18n.page(&Page::Account)>{i18n.t("account-verify-resend")}</a>
                    </p>
                </div>
            })}
        </Suspense>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p class="muted">{i18n.t("footer-tagline")}</p>
                <p><a href=i18n.page(&Page::Plans)>{i18n.t("plans-title")}</a></p>
            </div>
        </footer>
    }
}

/// Title, description, canonical URL and the other language's alternate for a page.
#[component]
pub fn PageMeta(title: String, #[prop(optional)] description: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let full = format!("{} · {}", title, i18n.t("brand"));
    view! {
        <Title text=full/>
        {description.map(|d| view! { <Meta name="description" content=d/> })}
    }
}

/// The page for an address that leads nowhere (outside any language's pages too).
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=format!("{} · {}", i18n.t("not-found-title"), i18n.t("brand"))/>
        <div class="container">
            <NotFound/>
        </div>
    }
}

/// What a page shows when its data could not be loaded.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    crate::ssr::set_status(error.status());
    if error == AppError::NotFound {
        return view! { <NotFound/> }.into_any();
    }
    let login = (error == AppError::Unauthorized).then(|| {
        view! { <a class="btn btn-primary" href=i18n.page(&Page::Login { next: None })>{i18n.t("nav-login")}</a> }
    });
    let plans = (error.status() == 402).then(|| {
        view! { <a class="btn btn-primary" href=i18n.page(&Page::Plans) data-testid="upgrade-link">{i18n.t("plans-see")}</a> }
    });
    view! {
        <section class="error-page">
            <p class="error-code">{error.status()}</p>
            <h1>{i18n.msg(&error.msg())}</h1>
            <Meta name="robots" content="noindex"/>
            {login}
            {plans}
        </section>
    }
    .into_any()
}

/// "Not found" inside any page, with its 404 status.
#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::set_status(404);
    let i18n = use_i18n();
    view! {
        <Meta name="robots" content="noindex"/>
        <section class="error-page">
            <p class="error-code">"404"</p>
            <h1>{i18n.t("not-found-title")}</h1>
            <p class="lead">{i18n.t("not-found-body")}</p>
            <a class="btn btn-primary" href=i18n.page(&Page::CastingCalls)>{i18n.t("not-found-action")}</a>
        </section>
    }
}

fn og_locale(locale: Locale) -> &'static str {
    match locale {
        Locale::Ar => "ar_SA",
        Locale::En => "en_US",
    }
}

/// `<link rel="alternate" hreflang>` for both languages and x-default, plus the canonical URL.
#[component]
pub fn Alternates(base: String, page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let url = |l: Locale| page.url(&base, l);
    view! {
        <Link rel="canonical" href=url(i18n.locale)/>
        <Link rel="alternate" hreflang="ar" href=url(Locale::Ar)/>
        <Link rel="alternate" hreflang="en" href=url(Locale::En)/>
        <Link rel="alternate" hreflang="x-default" href=url(Locale::Ar)/>
        <Meta property="og:url" content=url(i18n.locale)/>
        <Meta property="og:locale" content=og_locale(i18n.locale)/>
        <Meta property="og:site_name" content=i18n.t("brand")/>
    }
}
