//! For crawlers: the sitemap of open casting calls in both languages, and robots.txt.

use super::AppState;
use axum::{
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use takeone::{Locale, routes::Page};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

fn url_entry(out: &mut String, base: &str, page: &Page, lastmod: Option<OffsetDateTime>) {
    for locale in Locale::ALL {
        out.push_str("  <url>\n");
        out.push_str(&format!("    <loc>{}</loc>\n", page.url(base, locale)));
        if let Some(m) = lastmod.and_then(|m| m.format(&Rfc3339).ok()) {
            out.push_str(&format!("    <lastmod>{m}</lastmod>\n"));
        }
        for alt in Locale::ALL {
            out.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n", alt.code(), page.url(base, alt)));
        }
        let default = page.url(base, Locale::default());
        out.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{default}\"/>\n"));
        out.push_str("  </url>\n");
    }
}

pub async fn sitemap(State(state): State<AppState>) -> Response {
    let calls = match state.services.calls.sitemap(OffsetDateTime::now_utc()).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "sitemap query failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let base = state.config.public_url.as_str();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    url_entry(&mut xml, base, &Page::Home, None);
    url_entry(&mut xml, base, &Page::CastingCalls, None);
    for (id, updated) in calls {
        url_entry(&mut xml, base, &Page::CastingCall { id }, Some(updated));
    }
    xml.push_str("</urlset>\n");
    ([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response()
}

pub async fn robots(State(state): State<AppState>) -> Response {
    let base = &state.config.public_url;
    let mut body = String::from("User-agent: *\nAllow: /\nDisallow: /api/\n");
    for l in Locale::ALL {
        let private = [Page::Account, Page::Login { next: None }, Page::Register { role: None, next: None }].map(|p| p.href(l));
        // The hirer's pages, not their first one alone.
        let hirer = format!("{}/", Page::Hirer.href(l));
        for p in private.iter().chain([&hirer]) {
            body.push_str(&format!("Disallow: {p}\n"));
        }
    }
    body.push_str(&format!("\nSitemap: {base}/sitemap.xml\n"));
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
