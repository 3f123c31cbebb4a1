//! Every address of the site, named once. The router mounts the patterns below, and links,
//! redirects, mail and notification links, the sitemap and the authorization test all build
//! their addresses from [`Page`], so a page cannot be linked under a path it is not served at.
//!
//! Paths are relative to the language (`applications/<id>`): notification rows store them so,
//! and the reader's language is added when the link is shown or mailed.

use crate::{Locale, account::UserRole};
use std::fmt::Write;
use uuid::Uuid;

/// The router's patterns, relative to `/:lang` (Leptos syntax: `:name` is a parameter).
pub mod pattern {
    pub const HOME: &str = "";
    pub const CASTING_CALLS: &str = "casting-calls";
    pub const SEARCH: &str = "search";
    pub const TALENT_SEARCH: &str = "talent-search";
    pub const SAVED_SEARCHES: &str = "saved-searches";
    pub const ADMIN_SEARCH: &str = "admin/search";
    pub const CASTING_CALL: &str = "casting-calls/:id";
    pub const REGISTER: &str = "register";
    pub const LOGIN: &str = "login";
    pub const ACCOUNT: &str = "account";
    pub const FORGOT_PASSWORD: &str = "forgot-password";
    pub const RESET_PASSWORD: &str = "reset-password";
    pub const VERIFY_EMAIL: &str = "verify-email";
    pub const NOTIFICATIONS: &str = "notifications";
    pub const PROFILE: &str = "profile";
    pub const MEDIA: &str = "profile/media";
    pub const ADMIN_MEDIA: &str = "admin/media";
    pub const ADMIN_BILLING: &str = "admin/billing";
    pub const TALENT: &str = "talent/:id";
    pub const APPLY: &str = "casting-calls/:id/roles/:role_id/apply";
    pub const APPLICATIONS: &str = "applications";
    pub const APPLICATION: &str = "applications/:id";
    pub const GUARDIAN_ACCEPT: &str = "guardian/accept";
    pub const HIRER: &str = "hirer";
    pub const HIRER_CALLS: &str = "hirer/calls";
    pub const NEW_CALL: &str = "hirer/calls/new";
    pub const EDIT_CALL: &str = "hirer/calls/:id/edit";
    pub const WORKSHEET: &str = "hirer/calls/:id/roles/:role_id";
    pub const HIRER_ORGANIZATION: &str = "hirer/organization";
    pub const JOIN: &str = "join";
    pub const SHORTLIST: &str = "shortlist/:token";
    pub const ADMIN: &str = "admin";
    pub const ADMIN_REPORTS: &str = "admin/reports";
    pub const ADMIN_REVIEW: &str = "admin/review";
    pub const ADMIN_ORGANIZATIONS: &str = "admin/organizations";
    pub const ADMIN_MAIL: &str = "admin/mail";
    pub const TWIN_SOURCES: &str = "admin/twin/sources";
    pub const TWIN_QUEUE: &str = "admin/twin/queue";
    pub const TWIN_CANDIDATE: &str = "admin/twin/queue/:id";
    pub const PLANS: &str = "plans";
    pub const BILLING: &str = "account/billing";
    pub const BILLING_RETURN: &str = "billing/return";
    pub const TAX_INVOICE: &str = "account/billing/invoices/:id";
}

/// Every page pattern, in the router's order.
pub const PATTERNS: &[&str] = {
    use pattern::*;
    &[
        HOME,
        CASTING_CALLS,
        SEARCH,
        TALENT_SEARCH,
        SAVED_SEARCHES,
        ADMIN_SEARCH,
        CASTING_CALL,
        REGISTER,
        LOGIN,
        ACCOUNT,
        FORGOT_PASSWORD,
        RESET_PASSWORD,
        VERIFY_EMAIL,
        NOTIFICATIONS,
        PROFILE,
        MEDIA,
        TALENT,
        APPLY,
        APPLICATIONS,
        APPLICATION,
        GUARDIAN_ACCEPT,
        HIRER,
        HIRER_CALLS,
        NEW_CALL,
        EDIT_CALL,
        WORKSHEET,
        HIRER_ORGANIZATION,
        JOIN,
        SHORTLIST,
        ADMIN,
        ADMIN_REPORTS,
        ADMIN_REVIEW,
        ADMIN_ORGANIZATIONS,
        ADMIN_MAIL,
        ADMIN_MEDIA,
        ADMIN_BILLING,
        TWIN_SOURCES,
        TWIN_QUEUE,
        TWIN_CANDIDATE,
        PLANS,
        BILLING,
        BILLING_RETURN,
        TAX_INVOICE,
    ]
};

/// A page of the site with what its address carries. `next` is where to continue afterwards
/// (a path of this site, language included), checked where it is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    CastingCalls,
    Search,
    TalentSearch,
    SavedSearches,
    AdminSearch,
    CastingCall {
        id: Uuid,
    },
    Register {
        role: Option<UserRole>,
        next: Option<String>,
    },
    Login {
        next: Option<String>,
    },
    Account,
    ForgotPassword,
    ResetPassword {
        token: String,
    },
    VerifyEmail {
        token: String,
    },
    Notifications,
    Profile,
    Media,
    Talent {
        id: Uuid,
    },
    Apply {
        call: Uuid,
        role: Uuid,
    },
    Applications,
    Application {
        id: Uuid,
    },
    GuardianAccept {
        token: String,
    },
    Hirer,
    HirerCalls,
    NewCall,
    EditCall {
        id: Uuid,
    },
    Worksheet {
        call: Uuid,
        role: Uuid,
    },
    HirerOrganization,
    Join {
        token: String,
    },
    Shortlist {
        token: String,
    },
    Admin,
    AdminReports,
    AdminReview,
    AdminOrganizations,
    AdminMail,
    AdminMedia,
    AdminBilling,
    TwinSources,
    TwinQueue,
    TwinCandidate {
        id: Uuid,
    },
    Plans,
    Billing,
    /// Back from the gateway's page; the checkout is in the query.
    BillingReturn,
    TaxInvoice {
        id: Uuid,
    },
}

/// A page's pattern, the values of its parameters in order, and its query.
type Parts = (&'static str, Vec<String>, Vec<(&'static str, String)>);

impl Page {
    /// The router pattern this page is served at.
    pub fn pattern(&self) -> &'static str {
        self.parts().0
    }

    fn parts(&self) -> Parts {
        use pattern as p;
        let none = |pattern: &'static str| -> Parts { (pattern, vec![], vec![]) };
        let ids = |pattern: &'static str, ids: &[&Uuid]| -> Parts { (pattern, ids.iter().map(|id| id.to_string()).collect(), vec![]) };
        let token = |pattern: &'static str, token: &str| -> Parts { (pattern, vec![], vec![("token", token.to_string())]) };
        let next = |next: &Option<String>| -> Vec<(&'static str, String)> { next.iter().map(|n| ("next", n.clone())).collect() };
        match self {
            Page::Home => none(p::HOME),
            Page::CastingCalls => none(p::CASTING_CALLS),
            Page::Search => none(p::SEARCH),
            Page::TalentSearch => none(p::TALENT_SEARCH),
            Page::SavedSearches => none(p::SAVED_SEARCHES),
            Page::AdminSearch => none(p::ADMIN_SEARCH),
            Page::CastingCall { id } => ids(p::CASTING_CALL, &[id]),
            Page::Register { role, next: n } => {
                let mut query: Vec<_> = role.iter().map(|r| ("role", r.as_str().to_string())).collect();
                query.extend(next(n));
                (p::REGISTER, vec![], query)
            }
            Page::Login { next: n } => (p::LOGIN, vec![], next(n)),
            Page::Account => none(p::ACCOUNT),
            Page::ForgotPassword => none(p::FORGOT_PASSWORD),
            Page::ResetPassword { token: t } => token(p::RESET_PASSWORD, t),
            Page::VerifyEmail { token: t } => token(p::VERIFY_EMAIL, t),
            Page::Notifications => none(p::NOTIFICATIONS),
            Page::Profile => none(p::PROFILE),
            Page::Media => none(p::MEDIA),
            Page::Talent { id } => ids(p::TALENT, &[id]),
            Page::Apply { call, role } => ids(p::APPLY, &[call, role]),
            Page::Applications => none(p::APPLICATIONS),
            Page::Application { id } => ids(p::APPLICATION, &[id]),
            Page::GuardianAccept { token: t } => token(p::GUARDIAN_ACCEPT, t),
            Page::Hirer => none(p::HIRER),
            Page::HirerCalls => none(p::HIRER_CALLS),
            Page::NewCall => none(p::NEW_CALL),
            Page::EditCall { id } => ids(p::EDIT_CALL, &[id]),
            Page::Worksheet { call, role } => ids(p::WORKSHEET, &[call, role]),
            Page::HirerOrganization => none(p::HIRER_ORGANIZATION),
            Page::Join { token: t } => token(p::JOIN, t),
            Page::Shortlist { token: t } => (p::SHORTLIST, vec![t.clone()], vec![]),
            Page::Admin => none(p::ADMIN),
            Page::AdminReports => none(p::ADMIN_REPORTS),
            Page::AdminReview => none(p::ADMIN_REVIEW),
            Page::AdminOrganizations => none(p::ADMIN_ORGANIZATIONS),
            Page::AdminMail => none(p::ADMIN_MAIL),
            Page::AdminMedia => none(p::ADMIN_MEDIA),
            Page::AdminBilling => none(p::ADMIN_BILLING),
            Page::TwinSources => none(p::TWIN_SOURCES),
            Page::TwinQueue => none(p::TWIN_QUEUE),
            Page::TwinCandidate { id } => ids(p::TWIN_CANDIDATE, &[id]),
            Page::Plans => none(p::PLANS),
            Page::Billing => none(p::BILLING),
            Page::BillingReturn => none(p::BILLING_RETURN),
            Page::TaxInvoice { id } => ids(p::TAX_INVOICE, &[id]),
        }
    }

    /// The address without the language and its leading slash, parameters filled in and the
    /// query encoded: `applications/<id>`, `login?next=%2Far%2Fjoin%3Ftoken%3D…`.
    pub fn path(&self) -> String {
        let (pattern, values, query) = self.parts();
        let mut values = values.iter();
        let segments: Vec<String> = pattern
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| match s.strip_prefix(':') {
                Some(_) => encode(values.next().map(String::as_str).unwrap_or_default()),
                None => s.to_string(),
            })
            .collect();
        let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        with_query(segments.join("/"), &pairs)
    }

    /// The address in a language: `/ar/applications/<id>`.
    pub fn href(&self, lang: Locale) -> String {
        lang.prefix(&self.path())
    }

    /// The full URL on a site (`base` is its public origin, e.g. `https://takeone.sa`).
    pub fn url(&self, base: &str, lang: Locale) -> String {
        let mut url = base.trim_end_matches('/').to_string();
        url.push_str(&self.href(lang));
        url
    }
}

/// `link` with query parameters added after any it has (flags a page shows once, such as
/// `saved=1`), each value encoded.
pub fn with_query(link: String, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    with_raw_query(link, &query.join("&"))
}

/// `link` with a query string that is already encoded (a filter's `query(page)`, with or
/// without its `?`); nothing is added when it is empty.
pub fn with_raw_query(mut link: String, query: &str) -> String {
    let query = query.trim_start_matches('?');
    if !query.is_empty() {
        link.push(if link.contains('?') { '&' } else { '?' });
        link.push_str(query);
    }
    link
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so that a value (a token,
/// a `next` that is itself a path with a query) stays one segment or one parameter.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A mailed single-use link to the page at `pattern`: the mail worker replaces the placeholder
/// with the token only the server can sign (`{token:<purpose>:<id>}`), so the token itself is
/// never stored.
pub fn token_link(pattern: &'static str, purpose: &str, id: Uuid) -> String {
    format!("{pattern}?token={{token:{purpose}:{id}}}")
}

/// The REST API's routes (axum syntax), relative to where it is mounted.
pub mod api {
    use uuid::Uuid;

    /// Where the API is mounted.
    pub const PREFIX: &str = "/api/v1";
    pub const CASTING_CALLS: &str = "/casting-calls";
    pub const CASTING_CALL: &str = "/casting-calls/{id}";
    pub const TWIN_SOURCES: &str = "/admin/digital-twin/sources";
    pub const TWIN_SOURCE: &str = "/admin/digital-twin/sources/{id}";
    pub const TWIN_SOURCE_RUN: &str = "/admin/digital-twin/sources/{id}/run";
    pub const TWIN_SOURCE_IMPORT: &str = "/admin/digital-twin/sources/{id}/import";
    pub const MEDIA_UPLOADS: &str = "/media/uploads";
    pub const MEDIA_ASSET: &str = "/media/{id}";
    pub const MEDIA_COMPLETE: &str = "/media/{id}/complete";
    pub const MEDIA_PLAYBACK: &str = "/media/{id}/playback";
    pub const MEDIA_STREAM: &str = "/media/{id}/stream/{segment}";
    pub const MEDIA_RENDITION: &str = "/media/{id}/renditions/{name}";
    pub const MEDIA_ORIGINAL: &str = "/media/{id}/original";
    pub const MEDIA_TRANSCODE_CALLBACK: &str = "/media/callbacks/transcode";
    /// Where the files of `MEDIA_STREAM` and `MEDIA_RENDITION` sit (not routes themselves).
    pub const MEDIA_STREAM_BASE: &str = "/media/{id}/stream";
    pub const MEDIA_RENDITIONS: &str = "/media/{id}/renditions";
    pub const BILLING_PLANS: &str = "/billing/plans";
    pub const BILLING_PAYMENT_INTENTS: &str = "/billing/payment-intents";
    pub const BILLING_SUBSCRIPTIONS: &str = "/billing/subscriptions";
    pub const BILLING_WEBHOOKS: &str = "/billing/moyasar/webhooks";
    /// Where the gateway posts a paid hosted invoice; it only prompts a read-back.
    pub const BILLING_INVOICE_CALLBACK: &str = "/billing/moyasar/invoice-callback";
    /// A tax invoice or credit note as PDF, for its buyer or an admin.
    pub const BILLING_INVOICE_PDF: &str = "/billing/invoices/{id}/pdf";

    /// Every route; the authorization test walks this list, so a route belongs here to be
    /// served at all.
    pub const ALL: [&str; 20] = [
        CASTING_CALLS,
        CASTING_CALL,
        TWIN_SOURCES,
        TWIN_SOURCE,
        TWIN_SOURCE_RUN,
        TWIN_SOURCE_IMPORT,
        MEDIA_UPLOADS,
        MEDIA_ASSET,
        MEDIA_COMPLETE,
        MEDIA_PLAYBACK,
        MEDIA_STREAM,
        MEDIA_RENDITION,
        MEDIA_ORIGINAL,
        MEDIA_TRANSCODE_CALLBACK,
        BILLING_PLANS,
        BILLING_PAYMENT_INTENTS,
        BILLING_SUBSCRIPTIONS,
        BILLING_WEBHOOKS,
        BILLING_INVOICE_CALLBACK,
        BILLING_INVOICE_PDF,
    ];

    /// Server-to-server callbacks under the API, signed by their sender (no cookies, no CSRF).
    pub fn is_signed_callback(path: &str) -> bool {
        matches!(path.strip_prefix(PREFIX), Some(MEDIA_TRANSCODE_CALLBACK | BILLING_WEBHOOKS | BILLING_INVOICE_CALLBACK))
    }

    /// The address of one resource's route: `url(TWIN_SOURCE_IMPORT, id)`.
    pub fn url(route: &str, id: Uuid) -> String {
        let mut url = PREFIX.to_string();
        url.push_str(&route.replace("{id}", &id.to_string()));
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each page, with sample values.
    fn samples() -> Vec<Page> {
        let (a, b) = (Uuid::from_u128(0xa), Uuid::from_u128(0xb));
        let next = Some("/ar/join?token=x y".to_string());
        vec![
            Page::Home,
            Page::CastingCalls,
            Page::Search,
            Page::TalentSearch,
            Page::SavedSearches,
            Page::AdminSearch,
            Page::CastingCall { id: a },
            Page::Register { role: Some(UserRole::Guardian), next: next.clone() },
            Page::Register { role: None, next: None },
            Page::Login { next: next.clone() },
            Page::Login { next: None },
            Page::Account,
            Page::ForgotPassword,
            Page::ResetPassword { token: "t/+=".into() },
            Page::VerifyEmail { token: "t".into() },
            Page::Notifications,
            Page::Profile,
            Page::Media,
            Page::Talent { id: a },
            Page::Apply { call: a, role: b },
            Page::Applications,
            Page::Application { id: a },
            Page::GuardianAccept { token: "t".into() },
            Page::Hirer,
            Page::HirerCalls,
            Page::NewCall,
            Page::EditCall { id: a },
            Page::Worksheet { call: a, role: b },
            Page::HirerOrganization,
            Page::Join { token: "t".into() },
            Page::Shortlist { token: "abc_-DEF".into() },
            Page::Admin,
            Page::AdminReports,
            Page::AdminReview,
            Page::AdminOrganizations,
            Page::AdminMail,
            Page::AdminMedia,
            Page::AdminBilling,
            Page::TwinSources,
            Page::TwinQueue,
            Page::TwinCandidate { id: a },
            Page::Plans,
            Page::Billing,
            Page::BillingReturn,
            Page::TaxInvoice { id: a },
        ]
    }

    /// Whether a path (query left out) is one the router would match with `pattern`.
    fn matches(pattern: &str, path: &str) -> bool {
        let path = path.split('?').next().unwrap_or_default();
        let want: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
        let got: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        want.len() == got.len() && want.iter().zip(&got).all(|(w, g)| (w.starts_with(':') && !g.is_empty()) || w == g)
    }

    #[test]
    fn every_page_matches_exactly_its_own_pattern() {
        for page in samples() {
            let path = page.path();
            let matching: Vec<&str> = PATTERNS.iter().copied().filter(|p| matches(p, &path)).collect();
            assert_eq!(matching, vec![page.pattern()], "{page:?} -> {path}");
        }
    }

    #[test]
    fn every_pattern_is_a_page_once() {
        let samples = samples();
        for (i, p) in PATTERNS.iter().enumerate() {
            assert!(samples.iter().any(|s| s.pattern() == *p), "no page is served at {p:?}");
            assert!(!PATTERNS[..i].contains(p), "{p:?} twice");
        }
    }

    #[test]
    fn paths_as_stored_and_linked() {
        let (a, b) = (Uuid::from_u128(0xa), Uuid::from_u128(0xb));
        // Notification rows already hold these forms; they must not change.
        assert_eq!(Page::Application { id: a }.path(), format!("applications/{a}"));
        assert_eq!(Page::Worksheet { call: a, role: b }.path(), format!("hirer/calls/{a}/roles/{b}"));
        assert_eq!(Page::EditCall { id: a }.path(), format!("hirer/calls/{a}/edit"));
        assert_eq!(Page::Home.href(Locale::Ar), "/ar/");
        assert_eq!(Page::TwinQueue.href(Locale::En), "/en/admin/twin/queue");
        assert_eq!(
            Page::Apply { call: a, role: b }.url("https://takeone.sa/", Locale::Ar),
            format!("https://takeone.sa/ar/casting-calls/{a}/roles/{b}/apply")
        );
        let join = Page::Join { token: "a b&c".into() }.href(Locale::Ar);
        assert_eq!(join, "/ar/join?token=a%20b%26c");
        assert_eq!(Page::Login { next: Some(join) }.path(), "login?next=%2Far%2Fjoin%3Ftoken%3Da%2520b%2526c");
        assert_eq!(
            Page::Register { role: Some(UserRole::Guardian), next: Some("/ar/x".into()) }.path(),
            "register?role=guardian&next=%2Far%2Fx"
        );
        assert_eq!(Page::Shortlist { token: "a/b".into() }.path(), "shortlist/a%2Fb");
    }

    #[test]
    fn queries_are_appended_after_any_there() {
        let a = Uuid::from_u128(0xa);
        let sheet = Page::Worksheet { call: a, role: a }.href(Locale::Ar);
        assert_eq!(with_raw_query(sheet.clone(), ""), sheet);
        let filtered = with_raw_query(sheet.clone(), "?status=viewed");
        assert_eq!(filtered, format!("{sheet}?status=viewed"));
        assert_eq!(with_query(filtered, &[("changed", "2")]), format!("{sheet}?status=viewed&changed=2"));
        assert_eq!(with_query(Page::Account.href(Locale::En), &[("reason", "a b")]), "/en/account?reason=a%20b");
        assert_eq!(with_query(Page::Account.href(Locale::En), &[]), "/en/account");
    }

    #[test]
    fn api_routes() {
        let a = Uuid::from_u128(0xa);
        assert_eq!(api::url(api::TWIN_SOURCE_IMPORT, a), format!("/api/v1/admin/digital-twin/sources/{a}/import"));
        for (i, r) in api::ALL.iter().enumerate() {
            assert!(r.starts_with('/') && !api::ALL[..i].contains(r), "{r}");
        }
    }
}
