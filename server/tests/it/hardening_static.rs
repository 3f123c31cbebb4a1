//! Finding 15: every first visit cost a quarter second of CPU. The wasm bundle was gzipped per
//! request, static files carried no Cache-Control and no content hash in their names, and each
//! of them set a CSRF cookie. Here a built site is made by hand (a hashed bundle and its
//! hash.txt, as cargo-leptos writes them) and precompressed by `takeone assets compress`.

use crate::common::*;
use reqwest::{Client, Response, header};
use std::path::PathBuf;

// The names cargo-leptos gives: base64url MD5 digests, 22 characters.
const JS: &str = "MpgaEyhNt6AhEx30nmzSAw";
const WASM: &str = "fBVzOZjJt4YuRNxjZGRihg";
const CSS: &str = "x6Yoy6IuKOsXtfXGriomag";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A temporary site root, removed when the test ends (after its server: declare it first).
struct Site {
    dir: PathBuf,
}

impl Site {
    fn build() -> Site {
        let dir = std::env::temp_dir().join(format!("takeone-site-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::create_dir_all(dir.join("fonts")).unwrap();
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        for i in 0..200_000u32 {
            wasm.extend_from_slice(&(i % 251).to_le_bytes()[..1]);
            wasm.extend_from_slice(b"\x20\x00\x41\x01\x6a");
        }
        std::fs::write(dir.join(format!("pkg/takeone.{WASM}.wasm")), &wasm).unwrap();
        std::fs::write(dir.join(format!("pkg/takeone.{JS}.js")), "export function hydrate() { return 1; }\n".repeat(400)).unwrap();
        std::fs::write(dir.join(format!("pkg/takeone.{CSS}.css")), "main { padding-inline: 1rem; }\n".repeat(400)).unwrap();
        std::fs::write(dir.join("favicon.ico"), [0u8, 0, 1, 0].repeat(300)).unwrap();
        std::fs::write(dir.join("fonts/plex.woff2"), b"wOF2".repeat(500)).unwrap();
        std::fs::write(dir.join("hash.txt"), format!("js: {JS}\nwasm: {WASM}\ncss: {CSS}\n")).unwrap();
        // The build step, as scripts/lib.sh and the Dockerfile run it.
        let out =
            std::process::Command::new(env!("CARGO_BIN_EXE_takeone")).args(["assets", "compress", "--fast"]).arg(&dir).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // A development build's file, never precompressed.
        std::fs::write(dir.join("pkg/dev-only.js"), "console.log('dev');\n".repeat(400)).unwrap();
        Site { dir }
    }

    fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.dir.join(rel)).unwrap()
    }

    async fn serve(&self) -> TestApp {
        TestApp::spawn_with_vars(vec![("LEPTOS_SITE_ROOT", self.dir.display().to_string())]).await
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A first visit: no cookies yet, no automatic decompression (the client has none built in).
async fn first_visit(app: &TestApp, path: &str, accept_encoding: &str) -> Response {
    let client = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    client.get(app.url(path)).header(header::ACCEPT_ENCODING, accept_encoding).send().await.unwrap()
}

fn get(res: &Response, name: header::HeaderName) -> &str {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// The response is `rel`'s precompressed copy, sent as built, long-cached and cookieless.
async fn assert_sent_as_built(site: &Site, res: Response, rel: &str, encoding: &str, ext: &str) {
    assert_eq!(res.status(), 200);
    assert_eq!(get(&res, header::CONTENT_ENCODING), encoding);
    assert_eq!(get(&res, header::CACHE_CONTROL), IMMUTABLE);
    assert!(get(&res, header::VARY).to_ascii_lowercase().contains("accept-encoding"));
    assert!(
        res.headers().get(header::SET_COOKIE).is_none(),
        "a static file sets no cookie: {:?}",
        res.headers().get_all(header::SET_COOKIE)
    );
    let body = res.bytes().await.unwrap();
    assert_eq!(body.as_ref(), site.bytes(&format!("{rel}.{ext}")).as_slice(), "the build's copy, not one compressed now");
    assert!(body.len() * 3 < site.bytes(rel).len());
}

#[tokio::test]
async fn first_visit_wasm_is_sent_as_its_prebuilt_brotli_copy_not_compressed_per_request() {
    let site = Site::build();
    let app = site.serve().await;
    let wasm = format!("pkg/takeone.{WASM}.wasm");
    // What browsers send: brotli is chosen over gzip.
    let res = first_visit(&app, &format!("/{wasm}"), "gzip, deflate, br, zstd").await;
    assert_eq!(get(&res, header::CONTENT_TYPE), "application/wasm");
    assert_sent_as_built(&site, res, &wasm, "br", "br").await;
    for rel in [format!("pkg/takeone.{JS}.js"), format!("pkg/takeone.{CSS}.css")] {
        let res = first_visit(&app, &format!("/{rel}"), "br").await;
        assert_sent_as_built(&site, res, &rel, "br", "br").await;
    }
}

#[tokio::test]
async fn first_visit_wasm_is_sent_as_its_prebuilt_gzip_copy_not_compressed_per_request() {
    let site = Site::build();
    let app = site.serve().await;
    let wasm = format!("pkg/takeone.{WASM}.wasm");
    let res = first_visit(&app, &format!("/{wasm}"), "gzip").await;
    assert_sent_as_built(&site, res, &wasm, "gzip", "gz").await;
    // A client that takes no compression gets the file itself.
    let res = first_visit(&app, &format!("/{wasm}"), "identity").await;
    assert_eq!(get(&res, header::CONTENT_ENCODING), "");
    assert_eq!(get(&res, header::CACHE_CONTROL), IMMUTABLE);
    assert_eq!(res.bytes().await.unwrap().as_ref(), site.bytes(&wasm).as_slice());
}

#[tokio::test]
async fn static_files_set_no_cookies_while_pages_still_set_their_csrf_cookie() {
    let site = Site::build();
    let app = site.serve().await;
    let page = first_visit(&app, "/ar/", "gzip, br").await;
    assert_eq!(page.status(), 200);
    let cookies: Vec<&str> = page.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("takeone_csrf=")), "the page sets its CSRF cookie: {cookies:?}");
    assert!(get(&page, header::CACHE_CONTROL) != IMMUTABLE, "a page is never cached for a year");

    // (The favicon was not served at all before: `/:lang` took it for a language.)
    for path in [&format!("/pkg/takeone.{WASM}.wasm"), "/pkg/dev-only.js", "/fonts/plex.woff2", "/favicon.ico"] {
        let res = first_visit(&app, path, "gzip, br").await;
        assert_eq!(res.status(), 200, "{path}");
        assert!(res.headers().get(header::SET_COOKIE).is_none(), "{path} sets no cookie: {:?}", res.headers().get_all(header::SET_COOKIE));
    }
}

#[tokio::test]
async fn unhashed_static_files_are_not_cached_for_a_year_nor_compressed_per_request() {
    let site = Site::build();
    let app = site.serve().await;
    // A development build's bundle keeps its name across builds: the browser asks again.
    let res = first_visit(&app, "/pkg/dev-only.js", "gzip, br").await;
    assert_eq!(get(&res, header::CACHE_CONTROL), "no-cache");
    // No copy was built: it goes uncompressed rather than costing CPU per request.
    assert_eq!(get(&res, header::CONTENT_ENCODING), "");
    assert_eq!(res.bytes().await.unwrap().as_ref(), site.bytes("pkg/dev-only.js").as_slice());

    let res = first_visit(&app, "/favicon.ico", "br").await;
    assert_eq!(get(&res, header::CACHE_CONTROL), "public, max-age=86400");
    assert_eq!(get(&res, header::CONTENT_ENCODING), "br");
    assert_eq!(res.bytes().await.unwrap().as_ref(), site.bytes("favicon.ico.br").as_slice());
    // Fonts are compressed already: no copies, no encoding.
    let res = first_visit(&app, "/fonts/plex.woff2", "gzip, br").await;
    assert_eq!(get(&res, header::CACHE_CONTROL), "public, max-age=86400");
    assert_eq!(get(&res, header::CONTENT_ENCODING), "");
    assert!(!site.dir.join("fonts/plex.woff2.br").exists());
}

#[tokio::test]
async fn pages_name_the_bundle_by_its_content_hash() {
    let site = Site::build();
    let app = site.serve().await;
    let (status, html) = app.browser().get("/ar/").await;
    assert_eq!(status, 200);
    let js = format!("/pkg/takeone.{JS}.js");
    let wasm = format!("/pkg/takeone.{WASM}.wasm");
    let css = format!("/pkg/takeone.{CSS}.css");
    assert_eq!(attr(&html, "link[rel=modulepreload]", "href").as_deref(), Some(js.as_str()), "{html}");
    assert_eq!(attr(&html, "link[rel=preload][as=fetch]", "href").as_deref(), Some(wasm.as_str()));
    assert_eq!(attr(&html, "link[rel=stylesheet]", "href").as_deref(), Some(css.as_str()));
    let script = texts(&html, "script[type=module]").join("\n");
    assert!(script.contains(&format!("takeone.{JS}")) && script.contains(&format!("takeone.{WASM}")), "{script}");
    // Every file the page names is there, and cached for good.
    for path in [&js, &wasm, &css] {
        let res = first_visit(&app, path, "br").await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(get(&res, header::CACHE_CONTROL), IMMUTABLE, "{path}");
    }
}

#[tokio::test]
async fn a_stale_hash_file_is_ignored_so_pages_never_name_missing_files() {
    let site = Site::build();
    std::fs::write(site.dir.join("hash.txt"), "js: AAAAAAAAAAAAAAAAAAAAAA\nwasm: AAAAAAAAAAAAAAAAAAAAAA\ncss: AAAAAAAAAAAAAAAAAAAAAA\n")
        .unwrap();
    let app = site.serve().await;
    let (_, html) = app.browser().get("/ar/").await;
    assert!(!html.contains("AAAAAAAAAAAAAAAAAAAAAA"), "{html}");
    assert_eq!(attr(&html, "link[rel=stylesheet]", "href").as_deref(), Some("/pkg/takeone.css"));
}
