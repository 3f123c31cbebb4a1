//! Facts about the site the server writes into the page head once, so the browser reads the
//! same values the server rendered with.

/// The CSRF token of this browser.
pub fn csrf_token() -> String {
    #[cfg(feature = "ssr")]
    return crate::ssr::csrf_token();
    #[cfg(not(feature = "ssr"))]
    return meta_content("csrf-token");
}

/// The public base URL (`https://takeone.sa`), for canonical and alternate links.
pub fn public_url() -> String {
    #[cfg(feature = "ssr")]
    return leptos::prelude::use_context::<crate::ssr::Services>().map(|s| s.public_url).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    return meta_content("takeone-base");
}

#[cfg(not(feature = "ssr"))]
fn meta_content(name: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&format!("meta[name={name}]")).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlMetaElement>().ok())
            .map(|m| m.content())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = name;
        String::new()
    }
}
