//! Object storage: every object of TakeOne goes through `aws-sdk-s3`, whatever the store behind
//! it (AWS S3, Ceph, Garage, MinIO, or the endpoint TakeOne serves itself over a local directory).
//! The bucket is private: browsers upload with presigned requests and read through the server,
//! which checks who is asking first.

use aws_sdk_s3::{
    Client,
    config::{BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation},
    presigning::PresigningConfig,
    primitives::ByteStream,
    types::{CompletedMultipartUpload, CompletedPart},
};
use std::{path::Path, time::Duration};
use tokio::io::AsyncWriteExt;

/// Where the objects are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageSettings {
    /// `None` is AWS itself (the region decides the host).
    pub endpoint: Option<String>,
    pub region: String,
    pub bucket: String,
    pub access_key: String,
    pub secret_key: String,
    /// `https://host/bucket/key` rather than `https://bucket.host/key`: what most self-hosted
    /// stores need.
    pub path_style: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("object storage ({op}): {reason}")]
    Request { op: &'static str, reason: String },
    #[error("object storage: no object {0}")]
    Missing(String),
    #[error("object storage: local file: {0}")]
    File(#[from] std::io::Error),
}

fn failed<E: std::error::Error>(op: &'static str) -> impl Fn(E) -> StorageError {
    move |e| {
        // The SDK's Display says only "service error"; the source chain says which.
        let mut reason = e.to_string();
        let mut source = e.source();
        while let Some(s) = source {
            reason.push_str(": ");
            reason.push_str(&s.to_string());
            source = s.source();
        }
        StorageError::Request { op, reason }
    }
}

/// A request the browser makes itself: the address, the method and the headers it must send as
/// they were signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presigned {
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
}

/// A part of a multipart upload already stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPart {
    pub number: i32,
    pub etag: String,
    pub size: u64,
}

/// An object being read: its length, type and body; `range` is set when only a part was asked.
pub struct Object {
    pub length: u64,
    pub total: u64,
    pub content_type: Option<String>,
    pub range: Option<(u64, u64)>,
    pub body: ByteStream,
}

#[derive(Clone, Debug)]
pub struct Storage {
    client: Client,
    bucket: String,
    origin: String,
}

impl Storage {
    pub fn new(settings: &StorageSettings) -> Storage {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring))
            .build_https();
        let mut config = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(settings.region.clone()))
            .credentials_provider(Credentials::new(&settings.access_key, &settings.secret_key, None, None, "takeone"))
            .force_path_style(settings.path_style)
            // Checksums only where S3 requires them: a presigned PUT must not carry the checksum
            // of an empty body, and several S3-compatible stores reject the newer headers.
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
            .http_client(http);
        if let Some(endpoint) = &settings.endpoint {
            config = config.endpoint_url(endpoint);
        }
        Storage { client: Client::from_conf(config.build()), bucket: settings.bucket.clone(), origin: origin(settings) }
    }

    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The origin browsers upload to (for the pages' Content-Security-Policy).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Creates the bucket when it is missing (the offline default and tests; production buckets
    /// are made by their operators, and a missing one fails here with the store's reason).
    pub async fn ensure_bucket(&self) -> Result<(), StorageError> {
        if self.client.head_bucket().bucket(&self.bucket).send().await.is_ok() {
            return Ok(());
        }
        self.client.create_bucket().bucket(&self.bucket).send().await.map_err(failed("create bucket"))?;
        Ok(())
    }

    /// A PUT of exactly `length` bytes of `content_type` to `key`, valid for `expires`.
    pub async fn presign_put(&self, key: &str, content_type: &str, length: u64, expires: Duration) -> Result<Presigned, StorageError> {
        let req = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .content_length(length as i64)
            .presigned(presigning(expires)?)
            .await
            .map_err(failed("presign upload"))?;
        Ok(presigned(req))
    }

    /// Starts a multipart upload; the answer is its id.
    pub async fn start_multipart(&self, key: &str, content_type: &str) -> Result<String, StorageError> {
        let out = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .send()
            .await
            .map_err(failed("start multipart upload"))?;
        out.upload_id.ok_or_else(|| StorageError::Request { op: "start multipart upload", reason: "no upload id".into() })
    }

    /// The PUT of part `number` (from 1) of exactly `length` bytes.
    pub async fn presign_part(
        &self,
        key: &str,
        upload_id: &str,
        number: i32,
        length: u64,
        expires: Duration,
    ) -> Result<Presigned, StorageError> {
        let req = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .part_number(number)
            .content_length(length as i64)
            .presigned(presigning(expires)?)
            .await
            .map_err(failed("presign part"))?;
        Ok(presigned(req))
    }

    /// The parts stored so far, in order.
    pub async fn parts(&self, key: &str, upload_id: &str) -> Result<Vec<StoredPart>, StorageError> {
        let mut parts = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let out = self
                .client
                .list_parts()
                .bucket(&self.bucket)
                .key(key)
                .upload_id(upload_id)
                .set_part_number_marker(marker.clone())
                .send()
                .await
                .map_err(failed("list parts"))?;
            for p in out.parts() {
                parts.push(StoredPart {
                    number: p.part_number.unwrap_or_default(),
                    etag: p.e_tag.clone().unwrap_or_default(),
                    size: p.size.unwrap_or_default().max(0) as u64,
                });
            }
            match (out.is_truncated, out.next_part_number_marker) {
                (Some(true), Some(next)) if Some(&next) != marker.as_ref() => marker = Some(next),
                _ => break,
            }
        }
        parts.sort_by_key(|p| p.number);
        Ok(parts)
    }

    /// Joins the stored parts into the object.
    pub async fn complete_multipart(&self, key: &str, upload_id: &str, parts: &[StoredPart]) -> Result<(), StorageError> {
        let done = CompletedMultipartUpload::builder()
            .set_parts(Some(parts.iter().map(|p| CompletedPart::builder().part_number(p.number).e_tag(&p.etag).build()).collect()))
            .build();
        self.client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .multipart_upload(done)
            .send()
            .await
            .map_err(failed("complete multipart upload"))?;
        Ok(())
    }

    pub async fn abort_multipart(&self, key: &str, upload_id: &str) -> Result<(), StorageError> {
        self.client
            .abort_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .send()
            .await
            .map_err(failed("abort multipart upload"))?;
        Ok(())
    }

    /// The object's size, or `None` when there is no such object.
    pub async fn size(&self, key: &str) -> Result<Option<u64>, StorageError> {
        match self.client.head_object().bucket(&self.bucket).key(key).send().await {
            Ok(out) => Ok(Some(out.content_length.unwrap_or_default().max(0) as u64)),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(None),
            Err(e) => Err(failed("head object")(e)),
        }
    }

    /// The object, or the bytes `range` (inclusive) of it.
    pub async fn get(&self, key: &str, range: Option<(u64, u64)>) -> Result<Object, StorageError> {
        let out = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .set_range(range.map(|(a, b)| format!("bytes={a}-{b}")))
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(s) if s.is_no_such_key() => StorageError::Missing(key.to_string()),
                _ => failed("get object")(e),
            })?;
        let length = out.content_length.unwrap_or_default().max(0) as u64;
        let parsed = out.content_range.as_deref().and_then(parse_content_range);
        Ok(Object {
            length,
            total: parsed.map(|(_, _, t)| t).unwrap_or(length),
            content_type: out.content_type,
            range: parsed.map(|(a, b, _)| (a, b)),
            body: out.body,
        })
    }

    /// The first `n` bytes (fewer when the object is shorter).
    pub async fn head_bytes(&self, key: &str, n: usize) -> Result<Vec<u8>, StorageError> {
        let obj = self.get(key, Some((0, n.saturating_sub(1) as u64))).await?;
        let bytes = obj.body.collect().await.map_err(failed("read object"))?;
        Ok(bytes.into_bytes().to_vec())
    }

    /// The whole object into memory (renditions and playlists: small objects).
    pub async fn read(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        let obj = self.get(key, None).await?;
        Ok(obj.body.collect().await.map_err(failed("read object"))?.into_bytes().to_vec())
    }

    /// The whole object into a local file.
    pub async fn download(&self, key: &str, to: &Path) -> Result<u64, StorageError> {
        let obj = self.get(key, None).await?;
        let mut reader = obj.body.into_async_read();
        let mut file = tokio::fs::File::create(to).await?;
        let n = tokio::io::copy(&mut reader, &mut file).await?;
        file.flush().await?;
        Ok(n)
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), StorageError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(failed("put object"))?;
        Ok(())
    }

    pub async fn put_file(&self, key: &str, from: &Path, content_type: &str) -> Result<(), StorageError> {
        let body = ByteStream::from_path(from).await.map_err(failed("read local file"))?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(body)
            .send()
            .await
            .map_err(failed("put object"))?;
        Ok(())
    }

    /// Deletes every object under `prefix` (an asset's original, renditions and segments).
    pub async fn delete_prefix(&self, prefix: &str) -> Result<usize, StorageError> {
        let mut deleted = 0;
        let mut token: Option<String> = None;
        loop {
            let out = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(prefix)
                .set_continuation_token(token.clone())
                .send()
                .await
                .map_err(failed("list objects"))?;
            for o in out.contents() {
                if let Some(key) = o.key() {
                    self.client.delete_object().bucket(&self.bucket).key(key).send().await.map_err(failed("delete object"))?;
                    deleted += 1;
                }
            }
            match out.next_continuation_token {
                Some(next) if out.is_truncated == Some(true) => token = Some(next),
                _ => break,
            }
        }
        Ok(deleted)
    }
}

/// `scheme://host[:port]` of the endpoint, or of AWS's regional host for the bucket.
fn origin(s: &StorageSettings) -> String {
    match &s.endpoint {
        Some(e) => {
            let (scheme, rest) = e.split_once("://").unwrap_or(("https", e));
            let host = rest.split('/').next().unwrap_or_default();
            if s.path_style { format!("{scheme}://{host}") } else { format!("{scheme}://{}.{host}", s.bucket) }
        }
        None if s.path_style => format!("https://s3.{}.amazonaws.com", s.region),
        None => format!("https://{}.s3.{}.amazonaws.com", s.bucket, s.region),
    }
}

fn presigning(expires: Duration) -> Result<PresigningConfig, StorageError> {
    PresigningConfig::expires_in(expires).map_err(failed("presign"))
}

fn presigned(req: aws_sdk_s3::presigning::PresignedRequest) -> Presigned {
    Presigned {
        url: req.uri().to_string(),
        method: req.method().to_string(),
        headers: req.headers().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
    }
}

/// `bytes 0-99/1234` → (0, 99, 1234).
fn parse_content_range(v: &str) -> Option<(u64, u64, u64)> {
    let rest = v.strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let (a, b) = range.split_once('-')?;
    Some((a.parse().ok()?, b.parse().ok()?, total.parse().ok()?))
}

/// The keys of an asset's objects: its id only, never a name or anything a person typed.
pub mod keys {
    use uuid::Uuid;

    pub fn prefix(asset: Uuid) -> String {
        format!("assets/{asset}/")
    }

    pub fn original(asset: Uuid) -> String {
        format!("assets/{asset}/original")
    }

    /// A photo rendition or a poster: `thumb`, `card`, `full`, `poster`.
    pub fn rendition(asset: Uuid, name: &str) -> String {
        format!("assets/{asset}/r/{name}.jpg")
    }

    /// A file of the HLS ladder (`master.m3u8`, `360p.m3u8`, `360p_003.ts`).
    pub fn hls(asset: Uuid, file: &str) -> String {
        format!("assets/{asset}/hls/{file}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_range() {
        assert_eq!(super::parse_content_range("bytes 0-99/1234"), Some((0, 99, 1234)));
        assert_eq!(super::parse_content_range("bytes */1234"), None);
    }
}
