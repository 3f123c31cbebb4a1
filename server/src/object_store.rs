//! The offline default of object storage: an S3-compatible endpoint served by TakeOne itself
//! over a local folder (`s3s` + `s3s-fs`), with SigV4 checked, so the one `aws-sdk-s3` code path
//! runs everywhere. Browsers upload to it directly with presigned requests, from the site's
//! origin only (CORS).

use crate::config::{Config, EmbeddedStore};
use anyhow::Context;
use axum::http::{HeaderValue, Method, Response, StatusCode, header};
use hyper_util::rt::TokioIo;
use s3s::{auth::SimpleAuth, service::S3ServiceBuilder};
use std::{convert::Infallible, net::SocketAddr};
use tokio::net::TcpListener;

/// A running embedded store.
pub struct LocalStore {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for LocalStore {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the embedded store when the configuration asks for it, and points the storage
/// settings at the address it got (a test's port 0 becomes a real port).
pub async fn start(config: &mut Config) -> anyhow::Result<Option<LocalStore>> {
    let Some(EmbeddedStore { dir, addr }) = config.media.embedded.clone() else { return Ok(None) };
    let settings = &config.media.storage;
    // s3s-fs keeps a bucket as a folder of its root.
    let bucket_dir = dir.join(&settings.bucket);
    std::fs::create_dir_all(&bucket_dir)
        .with_context(|| format!("creating the storage folder {} (TAKEONE_S3_DIR)", bucket_dir.display()))?;
    let fs = s3s_fs::FileSystem::new(&dir).map_err(|e| anyhow::anyhow!("opening the storage folder {}: {e:?}", dir.display()))?;
    let mut builder = S3ServiceBuilder::new(fs);
    builder.set_auth(SimpleAuth::from_single(settings.access_key.clone(), settings.secret_key.clone()));
    let s3 = builder.build();
    let listener =
        TcpListener::bind(addr).await.with_context(|| format!("binding the embedded S3 endpoint on {addr} (TAKEONE_S3_ADDR)"))?;
    let addr = listener.local_addr()?;
    config.media.storage.endpoint = Some(format!("http://{addr}"));
    let origin = HeaderValue::from_str(&config.public_url).context("the public URL as an origin")?;
    tracing::info!(%addr, dir = %dir.display(), "embedded S3 endpoint serving");
    let task = tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else { continue };
            let (s3, origin) = (s3.clone(), origin.clone());
            let service = hyper::service::service_fn(move |req: axum::http::Request<hyper::body::Incoming>| {
                let (s3, origin) = (s3.clone(), origin.clone());
                async move { Ok::<_, Infallible>(with_cors(answer(&s3, req).await, &origin)) }
            });
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(socket), service).await;
            });
        }
    });
    Ok(Some(LocalStore { addr, task }))
}

async fn answer(s3: &s3s::service::S3Service, req: axum::http::Request<hyper::body::Incoming>) -> Response<s3s::Body> {
    if req.method() == Method::OPTIONS {
        // A browser's preflight before its PUT.
        return status_only(StatusCode::NO_CONTENT);
    }
    match hyper::service::Service::call(s3, req).await {
        Ok(resp) => resp,
        Err(e) => {
            tracing::error!(error = ?e, "embedded S3 endpoint failed");
            status_only(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

fn status_only(status: StatusCode) -> Response<s3s::Body> {
    let mut resp = Response::new(s3s::Body::empty());
    *resp.status_mut() = status;
    resp
}

/// Only the site's own pages may call the store from a browser.
fn with_cors(mut resp: Response<s3s::Body>, origin: &HeaderValue) -> Response<s3s::Body> {
    let h = resp.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, PUT, HEAD"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type"));
    h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("etag"));
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    h.insert(header::VARY, HeaderValue::from_static("origin"));
    resp
}
