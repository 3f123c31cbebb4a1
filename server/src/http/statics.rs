//! The built site's files: the bundle under `/pkg` and what `public/` put in the site root.
//! They are served before any page layer runs, so they set no cookie, open no session and
//! are never compressed per request: the build writes `.br` and `.gz` copies beside them
//! (`takeone assets compress`) and those are sent as they are. A file without its copies is
//! sent uncompressed (a development build), which costs bandwidth but no CPU.
//!
//! Names carrying a content hash (cargo-leptos `hash-files`) are cached for a year as
//! immutable; other bundle files are revalidated on each use, public files kept for a day.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};
use std::{
    collections::HashSet,
    path::{Path, PathBuf},
    sync::Arc,
};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The file cargo-leptos writes the bundle's hashes to.
pub const HASH_FILE: &str = "hash.txt";
const PKG_DIR: &str = "pkg";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
const PUBLIC: &str = "public, max-age=86400";
/// Routes of the application that a file of the same name in the site root must not shadow.
const APP_ROUTES: [&str; 3] = ["robots.txt", "sitemap.xml", "health"];

#[derive(Clone)]
pub struct Statics {
    files: ServeDir,
    /// The first path segments served from the site root: `pkg` and `public/`'s entries.
    roots: Arc<HashSet<String>>,
}

impl Statics {
    /// Looks at the site root once: a file added to it later is served after a restart.
    pub fn new(site_root: &str) -> Self {
        let mut roots: HashSet<String> = std::fs::read_dir(site_root)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| name != HASH_FILE && !APP_ROUTES.contains(&name.as_str()) && !name.ends_with(".br") && !name.ends_with(".gz"))
            .collect();
        roots.insert(PKG_DIR.to_string());
        let files = ServeDir::new(site_root)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(false)
            // The wasm bundle goes out in a few reads instead of dozens of 64 KiB ones.
            .with_buf_chunk_size(1024 * 1024);
        Self { files, roots: Arc::new(roots) }
    }

    fn serves(&self, path: &str) -> bool {
        path.strip_prefix('/').and_then(|p| p.split('/').next()).is_some_and(|first| self.roots.contains(first))
    }
}

/// The middleware: static paths answered here, everything else passed on to the pages.
pub async fn serve(State(statics): State<Statics>, req: Request, next: Next) -> Response {
    if !statics.serves(req.uri().path()) {
        return next.run(req).await;
    }
    let policy = cache_control(req.uri().path());
    let mut res = match statics.files.clone().oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    };
    if res.status().is_success() || res.status() == axum::http::StatusCode::NOT_MODIFIED {
        let h = res.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        // The same address answers brotli, gzip or plain bytes: shared caches must keep them apart.
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

fn cache_control(path: &str) -> &'static str {
    let in_pkg = path.strip_prefix('/').is_some_and(|p| p.starts_with("pkg/"));
    let name = path.rsplit('/').next().unwrap_or_default();
    match (in_pkg, is_hashed(name)) {
        (true, true) => IMMUTABLE,
        // Rebuilt under the same name: the browser asks again (and gets 304 when unchanged).
        (true, false) => REVALIDATE,
        (false, _) => PUBLIC,
    }
}

/// A name cargo-leptos gave a content hash: `stem.HASH.ext`, HASH the 22 base64url characters
/// of an MD5 digest.
pub fn is_hashed(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|p| {
            p.len() == 22 && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') && p.bytes().any(|b| b != b'_')
        })
}

/// The hash file to hand leptos, if the site was built with hashed names: beside the site
/// (where tests and hand-made sites keep it), else beside the binary (where cargo-leptos
/// writes it). A hash file whose bundle is not in the site is stale (a build without
/// hashing since, or another site) and is ignored, so pages never point at missing files.
pub fn hash_file(site_root: &str, output_name: &str) -> Option<PathBuf> {
    let beside_site = Path::new(site_root).join(HASH_FILE);
    let beside_binary = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|d| d.join(HASH_FILE)));
    [Some(beside_site), beside_binary].into_iter().flatten().find_map(|candidate| {
        let text = std::fs::read_to_string(&candidate).ok()?;
        let js = text.lines().find_map(|l| l.split_once(':').filter(|(k, _)| k.trim() == "js").map(|(_, v)| v.trim().to_string()))?;
        let bundle = Path::new(site_root).join(PKG_DIR).join(format!("{output_name}.{js}.js"));
        if !bundle.is_file() {
            tracing::warn!(hash_file = %candidate.display(), "hash file ignored: its bundle is not in the site");
            return None;
        }
        // leptos joins this to the binary's directory; an absolute path stays as it is.
        std::path::absolute(&candidate).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_told_apart() {
        assert!(is_hashed("takeone.MpgaEyhNt6AhEx30nmzSAw.wasm"));
        assert!(is_hashed("__wasm_split.MpgaEyhNt6AhEx30nmzSAw.js"));
        assert!(!is_hashed("takeone.wasm"));
        assert!(!is_hashed("takeone_bg.wasm"));
        assert!(!is_hashed("__wasm_split.______________________.js"), "cargo-leptos's placeholder is no hash");
        assert!(!is_hashed("MpgaEyhNt6AhEx30nmzSAw.js"), "a hash is a segment between stem and extension");
    }

    #[test]
    fn only_hashed_bundle_files_are_immutable() {
        assert_eq!(cache_control("/pkg/takeone.MpgaEyhNt6AhEx30nmzSAw.wasm"), IMMUTABLE);
        assert_eq!(cache_control("/pkg/takeone.wasm"), REVALIDATE);
        assert_eq!(cache_control("/fonts/plex-arabic-arabic-400.woff2"), PUBLIC);
        assert_eq!(cache_control("/favicon.ico"), PUBLIC);
    }
}
