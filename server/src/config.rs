//! Configuration from the environment, with defaults that work on a developer's machine and
//! a refusal to start in production with any of them insecure.

use std::net::SocketAddr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub env: Environment,
    pub database_url: String,
    pub addr: SocketAddr,
    /// Where people reach the site (`https://takeone.sa`); used in canonical links and the sitemap.
    pub public_url: String,
    /// Signs session and CSRF cookies; at least 64 bytes.
    pub session_secret: Vec<u8>,
    pub secure_cookies: bool,
    /// How many proxies of ours append to `X-Forwarded-For` (0: the header is not believed).
    /// The client is the address the outermost of them appended, counted from the right:
    /// everything to its left was written by the client.
    pub trusted_proxy_hops: usize,
    pub limits: HttpLimits,
    /// The built site (wasm, JS, CSS, fonts), as cargo-leptos writes it.
    pub site_root: String,
    pub db_max_connections: u32,
    /// How long anonymous visitors may be served the same rendered public page (0: never).
    pub page_cache_ttl: std::time::Duration,
    pub mail: MailConfig,
    /// Whether this process runs the background workers (jobs and schedules) beside the site.
    pub run_workers: bool,
    pub schedules: Schedules,
    pub ingest: IngestConfig,
    /// How often a worker tells the queue it is alive; a worker silent for four beats has its
    /// jobs handed to another.
    pub queue_heartbeat: std::time::Duration,
    /// This node's search indexes (each process needs its own directory).
    pub search_dir: std::path::PathBuf,
    /// How often the search feed is read when no notification wakes it.
    pub search_poll: std::time::Duration,
    pub media: MediaConfig,
    pub billing: BillingConfig,
}

/// Payments through Moyasar, or offline through the sandbox gateway the binary serves.
#[derive(Clone, Debug)]
pub struct BillingConfig {
    /// Moyasar's API (`https://api.moyasar.com`), or the sandbox's address once it listens.
    pub api_url: String,
    pub secret_key: String,
    /// The hosted checkout's origin, which the site's forms may send the browser to.
    pub checkout_origin: String,
    /// The shared secret of the gateway's webhooks.
    pub webhook_secret: String,
    /// Serve the sandbox gateway here (the offline default); `None` with real keys.
    pub sandbox: Option<SocketAddr>,
    pub seller: takeone::billing::invoice::Seller,
}

/// What one client may hold of the server: time per request, requests at once, time to send
/// the headers.
#[derive(Clone, Debug)]
pub struct HttpLimits {
    /// A request's answer must have started by then (pages, API, server functions).
    pub request_timeout: std::time::Duration,
    /// The same for uploads (chat exports up to 20 MB on a slow line).
    pub upload_timeout: std::time::Duration,
    /// Requests being handled at once; more are answered 503 at once, not queued.
    pub max_in_flight: usize,
    /// A connection that has not sent a request's whole header by then is closed (slow-loris);
    /// also how long an idle keep-alive connection stays open.
    pub header_read_timeout: std::time::Duration,
}

/// Media: where files are stored, how they are scanned and transcoded.
#[derive(Clone, Debug)]
pub struct MediaConfig {
    /// Where objects are stored (`TAKEONE_S3_*`).
    pub storage: takeone::media::storage::StorageSettings,
    /// The S3 endpoint this node serves itself over a local folder, when `TAKEONE_S3_ENDPOINT`
    /// is unset (the offline default): its folder and address.
    pub embedded: Option<EmbeddedStore>,
    /// clamd's `host:port` (`TAKEONE_CLAMD_ADDR`); without it files stay unscanned.
    pub clamd_addr: Option<String>,
    pub ffmpeg: String,
    pub ffprobe: String,
    /// The font of self-tape watermarks.
    pub font: String,
    pub work_dir: std::path::PathBuf,
    /// The shared secret of an outside transcoder's callbacks.
    pub transcode_secret: Option<String>,
}

#[derive(Clone, Debug)]
pub struct EmbeddedStore {
    pub dir: std::path::PathBuf,
    pub addr: SocketAddr,
}

/// Where mail goes: an SMTP relay when `smtp_url` is set, else files in `dir`.
#[derive(Clone, Debug)]
pub struct MailConfig {
    pub smtp_url: Option<String>,
    pub from: String,
    pub dir: std::path::PathBuf,
}

/// The Digital Twin's outside services; each is optional and its absence is a visible state.
#[derive(Clone, Debug, Default)]
pub struct IngestConfig {
    /// Whapi.cloud API token: polling of WhatsApp sources.
    pub whapi_token: Option<String>,
    pub whapi_url: String,
    /// The shared secret Whapi must present on webhook deliveries (no secret: no webhook).
    pub whapi_webhook_secret: Option<String>,
    /// An OpenAI-compatible chat-completions endpoint (base URL ending before `/chat/completions`).
    pub openai_url: Option<String>,
    pub openai_key: Option<String>,
    pub openai_model: String,
    /// Firecrawl instead of the plain fetch for web pages.
    pub firecrawl_url: Option<String>,
    pub firecrawl_key: Option<String>,
    /// Private addresses the web fetcher may reach besides public ones (tests and local
    /// stand-ins only; production refuses to start with any).
    pub fetch_addresses: takeone::ingest::web::AddressPolicy,
}

/// Cron expressions (six fields, seconds first) of the scheduled work.
#[derive(Clone, Debug)]
pub struct Schedules {
    pub expire_calls: String,
    pub expiry_reminders: String,
    pub application_digests: String,
    pub upkeep: String,
    /// The default cadence of web and WhatsApp sources (a source may name its own).
    pub web_sources: String,
    pub whatsapp_sources: String,
    /// Saved-search alerts: "instant" ones, and the daily digest (07:00 in Riyadh).
    pub search_instant: String,
    pub search_daily: String,
    /// Subscriptions renewed, retried and ended; payments reconciled with the gateway.
    pub billing: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var} is not valid: {reason}")]
    Invalid { var: &'static str, reason: String },
    #[error("refusing to start in production: {0}")]
    Insecure(String),
}

const DEV_SECRET: &[u8] = b"takeone-development-secret-never-use-in-production-0123456789abcdef";

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(var)
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let env = match get("TAKEONE_ENV").as_deref() {
            None | Some("development") | Some("dev") => Environment::Development,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    var: "TAKEONE_ENV",
                    reason: format!("{other:?} is neither development nor production"),
                });
            }
        };
        let addr: SocketAddr = get("TAKEONE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e: std::net::AddrParseError| ConfigError::Invalid { var: "TAKEONE_ADDR", reason: e.to_string() })?;
        let public_url = get("TAKEONE_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid { var: "TAKEONE_PUBLIC_URL", reason: "must start with http:// or https://".into() });
        }
        let secret = get("TAKEONE_SESSION_SECRET");
        let secure_cookies = match get("TAKEONE_SECURE_COOKIES").as_deref() {
            Some("true") | Some("1") => true,
            Some("false") | Some("0") => false,
            None => env == Environment::Production,
            Some(other) => {
                return Err(ConfigError::Invalid { var: "TAKEONE_SECURE_COOKIES", reason: format!("{other:?} is not true or false") });
            }
        };
        if env == Environment::Production {
            match &secret {
                None => return Err(ConfigError::Insecure("set TAKEONE_SESSION_SECRET to at least 64 random characters".into())),
                Some(s) if s.len() < 64 => {
                    return Err(ConfigError::Insecure("TAKEONE_SESSION_SECRET must be at least 64 characters".into()));
                }
                _ => {}
            }
            if !secure_cookies {
                return Err(ConfigError::Insecure("cookies must be Secure: unset TAKEONE_SECURE_COOKIES or set it to true".into()));
            }
            if !public_url.starts_with("https://") {
                return Err(ConfigError::Insecure("set TAKEONE_PUBLIC_URL to the site's https:// address".into()));
            }
        } else if secret.as_ref().is_some_and(|s| s.len() < 64) {
            return Err(ConfigError::Invalid { var: "TAKEONE_SESSION_SECRET", reason: "must be at least 64 characters".into() });
        }
        let db_max_connections = match get("TAKEONE_DB_MAX_CONNECTIONS") {
            None => 20,
            Some(v) => v.parse().map_err(|_| ConfigError::Invalid { var: "TAKEONE_DB_MAX_CONNECTIONS", reason: "not a number".into() })?,
        };
        let page_cache_ttl = match get("TAKEONE_PAGE_CACHE_SECONDS") {
            None => std::time::Duration::from_secs(2),
            Some(v) => std::time::Duration::from_secs_f64(
                v.parse::<f64>()
                    .ok()
                    .filter(|s| (0.0..=300.0).contains(s))
                    .ok_or(ConfigError::Invalid { var: "TAKEONE_PAGE_CACHE_SECONDS", reason: "seconds from 0 to 300".into() })?,
            ),
        };
        let smtp_url = get("TAKEONE_SMTP_URL");
        if let Some(url) = &smtp_url
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            return Err(ConfigError::Invalid { var: "TAKEONE_SMTP_URL", reason: "must start with smtp:// or smtps://".into() });
        }
        if env == Environment::Production {
            match &smtp_url {
                None => {
                    return Err(ConfigError::Insecure("set TAKEONE_SMTP_URL: production mail is never written to a local folder".into()));
                }
                Some(u) if !(u.starts_with("smtps://") || u.contains("tls=required")) => {
                    return Err(ConfigError::Insecure("TAKEONE_SMTP_URL must use TLS: smtps://… or smtp://…?tls=required".into()));
                }
                _ => {}
            }
        }
        let from = get("TAKEONE_MAIL_FROM").unwrap_or_else(|| "TakeOne <no-reply@takeone.local>".into());
        if !takeone::mail::is_valid_sender(&from) {
            return Err(ConfigError::Invalid { var: "TAKEONE_MAIL_FROM", reason: "not a mail address".into() });
        }
        let run_workers = match get("TAKEONE_WORKERS").as_deref() {
            None | Some("true") | Some("1") => true,
            Some("false") | Some("0") => false,
            Some(other) => return Err(ConfigError::Invalid { var: "TAKEONE_WORKERS", reason: format!("{other:?} is not true or false") }),
        };
        let schedule = |var: &'static str, default: &str| -> Result<String, ConfigError> {
            let v = get(var).unwrap_or_else(|| default.to_string());
            <cron::Schedule as std::str::FromStr>::from_str(&v)
                .map_err(|e| ConfigError::Invalid { var, reason: format!("not a cron expression (six fields, seconds first): {e}") })?;
            Ok(v)
        };
        let schedules = Schedules {
            expire_calls: schedule("TAKEONE_CRON_EXPIRE_CALLS", "0 */5 * * * *")?,
            expiry_reminders: schedule("TAKEONE_CRON_EXPIRY_REMINDERS", "0 0 * * * *")?,
            application_digests: schedule("TAKEONE_CRON_APPLICATION_DIGESTS", "0 */10 * * * *")?,
            upkeep: schedule("TAKEONE_CRON_UPKEEP", "0 17 * * * *")?,
            web_sources: schedule("TAKEONE_CRON_WEB_SOURCES", takeone::ingest::source::SourceKind::Web.default_schedule())?,
            whatsapp_sources: schedule("TAKEONE_CRON_WHATSAPP_SOURCES", takeone::ingest::source::SourceKind::Whatsapp.default_schedule())?,
            search_instant: schedule("TAKEONE_CRON_SEARCH_INSTANT", "0 * * * * *")?,
            search_daily: schedule("TAKEONE_CRON_SEARCH_DAILY", "0 0 4 * * *")?,
            billing: schedule("TAKEONE_CRON_BILLING", "0 */15 * * * *")?,
        };
        let url_var = |var: &'static str| -> Result<Option<String>, ConfigError> {
            match get(var) {
                Some(u) if !(u.starts_with("http://") || u.starts_with("https://")) => {
                    Err(ConfigError::Invalid { var, reason: "must be an http:// or https:// URL".into() })
                }
                other => Ok(other.map(|u| u.trim_end_matches('/').to_string())),
            }
        };
        let ingest = IngestConfig {
            whapi_token: get("TAKEONE_WHAPI_TOKEN"),
            whapi_url: url_var("TAKEONE_WHAPI_URL")?.unwrap_or_else(|| "https://gate.whapi.cloud".into()),
            whapi_webhook_secret: match get("TAKEONE_WHAPI_WEBHOOK_SECRET") {
                Some(s) if s.len() < 24 => {
                    return Err(ConfigError::Invalid { var: "TAKEONE_WHAPI_WEBHOOK_SECRET", reason: "use at least 24 characters".into() });
                }
                other => other,
            },
            openai_url: url_var("TAKEONE_OPENAI_URL")?,
            openai_key: get("TAKEONE_OPENAI_KEY"),
            openai_model: get("TAKEONE_OPENAI_MODEL").unwrap_or_else(|| "gpt-4o-mini".into()),
            firecrawl_url: url_var("TAKEONE_FIRECRAWL_URL")?,
            firecrawl_key: get("TAKEONE_FIRECRAWL_KEY"),
            fetch_addresses: match get("TAKEONE_FETCH_ALLOW_PRIVATE") {
                None => takeone::ingest::web::AddressPolicy::public_only(),
                Some(_) if env == Environment::Production => {
                    return Err(ConfigError::Insecure(
                        "unset TAKEONE_FETCH_ALLOW_PRIVATE: the web fetcher must not reach private addresses in production".into(),
                    ));
                }
                Some(list) => takeone::ingest::web::AddressPolicy::allowing(&list)
                    .map_err(|reason| ConfigError::Invalid { var: "TAKEONE_FETCH_ALLOW_PRIVATE", reason })?,
            },
        };
        if ingest.firecrawl_url.is_some() != ingest.firecrawl_key.is_some() {
            return Err(ConfigError::Invalid {
                var: "TAKEONE_FIRECRAWL_KEY",
                reason: "set both TAKEONE_FIRECRAWL_URL and TAKEONE_FIRECRAWL_KEY".into(),
            });
        }
        // A whole number in a range, or the default when unset.
        let bounded = |var: &'static str, default: u64, range: std::ops::RangeInclusive<u64>, unit: &str| -> Result<u64, ConfigError> {
            match get(var) {
                None => Ok(default),
                Some(v) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| range.contains(n))
                    .ok_or_else(|| ConfigError::Invalid { var, reason: format!("{unit} from {} to {}", range.start(), range.end()) }),
            }
        };
        let queue_heartbeat = std::time::Duration::from_secs(bounded("TAKEONE_QUEUE_HEARTBEAT_SECONDS", 15, 1..=300, "seconds")?);
        let search_poll = std::time::Duration::from_millis(bounded("TAKEONE_SEARCH_POLL_MS", 250, 10..=60_000, "milliseconds")?);
        let trusted_proxy_hops = match (get("TAKEONE_TRUST_PROXY").as_deref(), get("TAKEONE_TRUST_PROXY_HOPS")) {
            (None | Some("false") | Some("0"), None) => 0,
            (Some("true") | Some("1"), None) => 1,
            (None | Some("true") | Some("1"), Some(_)) => bounded("TAKEONE_TRUST_PROXY_HOPS", 1, 1..=10, "a number of proxies")? as usize,
            (Some("false") | Some("0"), Some(_)) => {
                return Err(ConfigError::Invalid { var: "TAKEONE_TRUST_PROXY_HOPS", reason: "set with TAKEONE_TRUST_PROXY=false".into() });
            }
            (Some(other), _) => {
                return Err(ConfigError::Invalid { var: "TAKEONE_TRUST_PROXY", reason: format!("{other:?} is not true or false") });
            }
        };
        let limits = HttpLimits {
            request_timeout: std::time::Duration::from_secs(bounded("TAKEONE_REQUEST_TIMEOUT_SECONDS", 30, 1..=600, "seconds")?),
            upload_timeout: std::time::Duration::from_secs(bounded("TAKEONE_UPLOAD_TIMEOUT_SECONDS", 300, 1..=3600, "seconds")?),
            max_in_flight: bounded("TAKEONE_MAX_IN_FLIGHT", 512, 1..=100_000, "requests")? as usize,
            header_read_timeout: std::time::Duration::from_secs(bounded("TAKEONE_HEADER_READ_TIMEOUT_SECONDS", 20, 1..=300, "seconds")?),
        };
        let media = media(&get, env)?;
        let billing = billing(&get, env)?;
        Ok(Config {
            media,
            billing,
            queue_heartbeat,
            search_dir: get("TAKEONE_SEARCH_DIR").unwrap_or_else(|| "data/search".into()).into(),
            search_poll,
            mail: MailConfig { smtp_url, from, dir: get("TAKEONE_MAIL_DIR").unwrap_or_else(|| "data/mail".into()).into() },
            run_workers,
            schedules,
            ingest,
            env,
            database_url: get("DATABASE_URL").unwrap_or_else(|| takeone::db::DEFAULT_DATABASE_URL.into()),
            addr,
            public_url: public_url.trim_end_matches('/').to_string(),
            session_secret: secret.map(String::into_bytes).unwrap_or_else(|| DEV_SECRET.to_vec()),
            secure_cookies,
            trusted_proxy_hops,
            limits,
            site_root: get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            db_max_connections,
            page_cache_ttl,
        })
    }
}

/// The sandbox gateway's key and the webhook's secret offline; production sets its own.
const SANDBOX_SECRET_KEY: &str = "sk_sandbox_takeone_offline";
const DEV_WEBHOOK_SECRET: &str = "takeone-sandbox-webhook-secret";

fn billing(get: &impl Fn(&str) -> Option<String>, env: Environment) -> Result<BillingConfig, ConfigError> {
    let production = env == Environment::Production;
    let secret_key = get("TAKEONE_MOYASAR_SECRET_KEY");
    if production && secret_key.is_none() {
        return Err(ConfigError::Insecure("set TAKEONE_MOYASAR_SECRET_KEY: the sandbox gateway never takes real payments".into()));
    }
    let webhook_secret = match get("TAKEONE_MOYASAR_WEBHOOK_SECRET") {
        Some(s) if s.len() >= 16 => s,
        Some(_) => return Err(ConfigError::Invalid { var: "TAKEONE_MOYASAR_WEBHOOK_SECRET", reason: "at least 16 characters".into() }),
        None if production => return Err(ConfigError::Insecure("set TAKEONE_MOYASAR_WEBHOOK_SECRET".into())),
        None => DEV_WEBHOOK_SECRET.into(),
    };
    let vat_number = match get("TAKEONE_SELLER_VAT_NUMBER") {
        Some(v) if v.len() == 15 && v.starts_with('3') && v.ends_with('3') && v.chars().all(|c| c.is_ascii_digit()) => v,
        Some(_) => {
            return Err(ConfigError::Invalid { var: "TAKEONE_SELLER_VAT_NUMBER", reason: "15 digits, starting and ending with 3".into() });
        }
        None if production => return Err(ConfigError::Insecure("set TAKEONE_SELLER_VAT_NUMBER: tax invoices carry it".into())),
        None => "300000000000003".into(),
    };
    let seller = takeone::billing::invoice::Seller {
        name_ar: get("TAKEONE_SELLER_NAME_AR").unwrap_or_else(|| "تيك ون".into()),
        name_en: get("TAKEONE_SELLER_NAME_EN").unwrap_or_else(|| "TakeOne".into()),
        vat_number,
    };
    Ok(match secret_key {
        Some(secret_key) => BillingConfig {
            api_url: get("TAKEONE_MOYASAR_API_URL").unwrap_or_else(|| takeone::billing::moyasar::DEFAULT_API_URL.into()),
            secret_key,
            checkout_origin: get("TAKEONE_MOYASAR_CHECKOUT_ORIGIN").unwrap_or_else(|| "https://checkout.moyasar.com".into()),
            webhook_secret,
            sandbox: None,
            seller,
        },
        None => {
            let addr: SocketAddr = get("TAKEONE_MOYASAR_SANDBOX_ADDR").unwrap_or_else(|| "127.0.0.1:3901".into()).parse().map_err(
                |e: std::net::AddrParseError| ConfigError::Invalid { var: "TAKEONE_MOYASAR_SANDBOX_ADDR", reason: e.to_string() },
            )?;
            // A worker of its own reaches the web node's sandbox here; port 0 (tests) is filled
            // in when the sandbox listens.
            let base = format!("http://{addr}");
            BillingConfig {
                api_url: base.clone(),
                secret_key: SANDBOX_SECRET_KEY.into(),
                checkout_origin: base,
                webhook_secret,
                sandbox: Some(addr),
                seller,
            }
        }
    })
}

/// The development keys of the embedded store: it listens on loopback only, and production
/// must set its own.
const DEV_S3_ACCESS_KEY: &str = "takeone-dev";
const DEV_S3_SECRET_KEY: &str = "takeone-dev-secret-key-not-for-production";

fn media(get: &impl Fn(&str) -> Option<String>, env: Environment) -> Result<MediaConfig, ConfigError> {
    let endpoint = get("TAKEONE_S3_ENDPOINT").map(|u| u.trim_end_matches('/').to_string());
    if let Some(u) = &endpoint
        && !(u.starts_with("http://") || u.starts_with("https://"))
    {
        return Err(ConfigError::Invalid { var: "TAKEONE_S3_ENDPOINT", reason: "must be an http:// or https:// URL".into() });
    }
    let embedded = match (&endpoint, get("TAKEONE_S3_REGION").is_some()) {
        // AWS itself: a region and no endpoint.
        (None, true) => None,
        (None, false) => Some(EmbeddedStore {
            dir: get("TAKEONE_S3_DIR").unwrap_or_else(|| "data/s3".into()).into(),
            addr: get("TAKEONE_S3_ADDR")
                .unwrap_or_else(|| "127.0.0.1:3900".into())
                .parse()
                .map_err(|e: std::net::AddrParseError| ConfigError::Invalid { var: "TAKEONE_S3_ADDR", reason: e.to_string() })?,
        }),
        (Some(_), _) => None,
    };
    let key = |var: &'static str, dev: &str| -> Result<String, ConfigError> {
        match get(var) {
            Some(v) if !v.is_empty() => Ok(v),
            _ if env == Environment::Production => Err(ConfigError::Insecure(format!("set {var}: production storage needs its own keys"))),
            _ => Ok(dev.to_string()),
        }
    };
    let path_style = match get("TAKEONE_S3_PATH_STYLE").as_deref() {
        None => endpoint.is_some() || embedded.is_some(),
        Some("true") | Some("1") => true,
        Some("false") | Some("0") => false,
        Some(other) => {
            return Err(ConfigError::Invalid { var: "TAKEONE_S3_PATH_STYLE", reason: format!("{other:?} is not true or false") });
        }
    };
    let storage = takeone::media::storage::StorageSettings {
        endpoint: endpoint.or_else(|| embedded.as_ref().map(|e| format!("http://{}", e.addr))),
        region: get("TAKEONE_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
        bucket: get("TAKEONE_S3_BUCKET").unwrap_or_else(|| "takeone-media".into()),
        access_key: key("TAKEONE_S3_ACCESS_KEY", DEV_S3_ACCESS_KEY)?,
        secret_key: key("TAKEONE_S3_SECRET_KEY", DEV_S3_SECRET_KEY)?,
        path_style,
    };
    let transcode_secret = match get("TAKEONE_TRANSCODE_CALLBACK_SECRET") {
        Some(s) if s.len() < 24 => {
            return Err(ConfigError::Invalid { var: "TAKEONE_TRANSCODE_CALLBACK_SECRET", reason: "use at least 24 characters".into() });
        }
        other => other,
    };
    Ok(MediaConfig {
        storage,
        embedded,
        clamd_addr: get("TAKEONE_CLAMD_ADDR").filter(|a| !a.is_empty()),
        ffmpeg: get("TAKEONE_FFMPEG").unwrap_or_else(|| "ffmpeg".into()),
        ffprobe: get("TAKEONE_FFPROBE").unwrap_or_else(|| "ffprobe".into()),
        font: get("TAKEONE_WATERMARK_FONT").unwrap_or_else(|| takeone::media::video::DEFAULT_FONT.into()),
        work_dir: get("TAKEONE_MEDIA_WORK_DIR").map(Into::into).unwrap_or_else(|| std::env::temp_dir().join("takeone-media")),
        transcode_secret,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn development_defaults() {
        let c = with(&[]).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "postgres://postgres@127.0.0.1:5432/takeone");
        assert!(!c.secure_cookies);
        assert_eq!(c.site_root, "target/site");
    }

    #[test]
    fn production_refuses_insecure_defaults_and_names_the_variable() {
        let e = with(&[("TAKEONE_ENV", "production")]).unwrap_err().to_string();
        assert!(e.contains("TAKEONE_SESSION_SECRET"), "{e}");
        let secret = "s".repeat(64);
        let e = with(&[("TAKEONE_ENV", "production"), ("TAKEONE_SESSION_SECRET", &secret), ("TAKEONE_SECURE_COOKIES", "false")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("TAKEONE_SECURE_COOKIES"), "{e}");
        let e = with(&[("TAKEONE_ENV", "production"), ("TAKEONE_SESSION_SECRET", &secret)]).unwrap_err().to_string();
        assert!(e.contains("TAKEONE_PUBLIC_URL"), "{e}");
        let e = with(&[("TAKEONE_ENV", "production"), ("TAKEONE_SESSION_SECRET", &secret), ("TAKEONE_PUBLIC_URL", "https://takeone.sa")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("TAKEONE_SMTP_URL"), "{e}");
        let mut vars = vec![
            ("TAKEONE_ENV", "production"),
            ("TAKEONE_SESSION_SECRET", secret.as_str()),
            ("TAKEONE_PUBLIC_URL", "https://takeone.sa"),
            ("TAKEONE_SMTP_URL", "smtp://mailer:secret@smtp.example.sa:587?tls=required"),
        ];
        let e = with(&vars).unwrap_err().to_string();
        assert!(e.contains("TAKEONE_S3_ACCESS_KEY"), "production storage has its own keys: {e}");
        vars.extend([("TAKEONE_S3_ACCESS_KEY", "AKIA"), ("TAKEONE_S3_SECRET_KEY", "secret")]);
        let e = with(&vars).unwrap_err().to_string();
        assert!(e.contains("TAKEONE_MOYASAR_SECRET_KEY"), "production takes real payments: {e}");
        vars.extend([
            ("TAKEONE_MOYASAR_SECRET_KEY", "sk_live_x"),
            ("TAKEONE_MOYASAR_WEBHOOK_SECRET", "a-webhook-secret-of-length"),
            ("TAKEONE_SELLER_VAT_NUMBER", "310122393500003"),
        ]);
        let ok = with(&vars).unwrap();
        assert!(ok.secure_cookies);
        assert!(with(&[("TAKEONE_ENV", "staging")]).is_err());
        assert!(with(&[("TAKEONE_ADDR", "nowhere")]).is_err());
        assert!(with(&[("TAKEONE_CRON_UPKEEP", "every hour")]).unwrap_err().to_string().contains("TAKEONE_CRON_UPKEEP"));
        assert!(with(&[("TAKEONE_SMTP_URL", "http://x")]).is_err());
    }

    fn production(extra: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let secret = "s".repeat(64);
        let mut vars = vec![
            ("TAKEONE_ENV", "production"),
            ("TAKEONE_SESSION_SECRET", secret.as_str()),
            ("TAKEONE_PUBLIC_URL", "https://takeone.sa"),
            ("TAKEONE_SMTP_URL", "smtps://mailer:secret@smtp.example.sa:465"),
            ("TAKEONE_S3_ACCESS_KEY", "AKIA"),
            ("TAKEONE_S3_SECRET_KEY", "secret"),
            ("TAKEONE_MOYASAR_SECRET_KEY", "sk_live_x"),
            ("TAKEONE_MOYASAR_WEBHOOK_SECRET", "a-webhook-secret-of-length"),
            ("TAKEONE_SELLER_VAT_NUMBER", "310122393500003"),
        ];
        vars.extend_from_slice(extra);
        with(&vars)
    }

    #[test]
    fn payments_use_the_sandbox_offline_and_production_refuses_it() {
        let dev = with(&[]).unwrap();
        assert!(dev.billing.sandbox.is_some(), "offline default: the sandbox gateway");
        let live = production(&[]).unwrap();
        assert_eq!((live.billing.sandbox, live.billing.api_url.as_str()), (None, "https://api.moyasar.com"));
        let without = |var: &str| {
            let secret = "s".repeat(64);
            let vars: Vec<(&str, &str)> = [
                ("TAKEONE_ENV", "production"),
                ("TAKEONE_SESSION_SECRET", secret.as_str()),
                ("TAKEONE_PUBLIC_URL", "https://takeone.sa"),
                ("TAKEONE_SMTP_URL", "smtps://mailer:secret@smtp.example.sa:465"),
                ("TAKEONE_S3_ACCESS_KEY", "AKIA"),
                ("TAKEONE_S3_SECRET_KEY", "secret"),
                ("TAKEONE_MOYASAR_SECRET_KEY", "sk_live_x"),
                ("TAKEONE_MOYASAR_WEBHOOK_SECRET", "a-webhook-secret-of-length"),
                ("TAKEONE_SELLER_VAT_NUMBER", "310122393500003"),
            ]
            .into_iter()
            .filter(|(k, _)| *k != var)
            .collect();
            with(&vars).unwrap_err().to_string()
        };
        for var in ["TAKEONE_MOYASAR_SECRET_KEY", "TAKEONE_MOYASAR_WEBHOOK_SECRET", "TAKEONE_SELLER_VAT_NUMBER"] {
            assert!(without(var).contains(var), "production names {var}");
        }
        assert!(with(&[("TAKEONE_SELLER_VAT_NUMBER", "12345")]).unwrap_err().to_string().contains("TAKEONE_SELLER_VAT_NUMBER"));
    }

    #[test]
    fn storage_is_embedded_by_default_an_endpoint_or_aws_otherwise() {
        let dev = with(&[]).unwrap();
        let embedded = dev.media.embedded.expect("the offline default");
        assert_eq!(embedded.addr.to_string(), "127.0.0.1:3900");
        assert_eq!(dev.media.storage.endpoint.as_deref(), Some("http://127.0.0.1:3900"));
        assert!(dev.media.storage.path_style && dev.media.clamd_addr.is_none());
        let minio = with(&[("TAKEONE_S3_ENDPOINT", "https://s3.example.sa/"), ("TAKEONE_S3_BUCKET", "tapes")]).unwrap();
        assert!(minio.media.embedded.is_none());
        assert_eq!(minio.media.storage.endpoint.as_deref(), Some("https://s3.example.sa"));
        assert_eq!(minio.media.storage.bucket, "tapes");
        let aws = with(&[("TAKEONE_S3_REGION", "me-central-1")]).unwrap();
        assert!(aws.media.embedded.is_none() && aws.media.storage.endpoint.is_none() && !aws.media.storage.path_style);
        assert!(with(&[("TAKEONE_S3_ENDPOINT", "s3.example.sa")]).unwrap_err().to_string().contains("TAKEONE_S3_ENDPOINT"));
        assert!(with(&[("TAKEONE_TRANSCODE_CALLBACK_SECRET", "short")]).is_err());
    }

    #[test]
    fn production_refuses_a_fetch_allow_list_and_names_it() {
        assert!(production(&[]).is_ok());
        let e = production(&[("TAKEONE_FETCH_ALLOW_PRIVATE", "127.0.0.1")]).unwrap_err().to_string();
        assert!(e.contains("TAKEONE_FETCH_ALLOW_PRIVATE") && e.contains("refusing to start"), "{e}");
        let dev = with(&[("TAKEONE_FETCH_ALLOW_PRIVATE", "127.0.0.1, 10.0.0.0/8")]).unwrap();
        assert_eq!(dev.ingest.fetch_addresses.allowed().len(), 2);
        assert!(with(&[]).unwrap().ingest.fetch_addresses.allowed().is_empty(), "public addresses only by default");
        let e = with(&[("TAKEONE_FETCH_ALLOW_PRIVATE", "intranet")]).unwrap_err().to_string();
        assert!(e.contains("TAKEONE_FETCH_ALLOW_PRIVATE"), "{e}");
    }

    #[test]
    fn proxy_hops_default_to_one_when_the_proxy_is_trusted() {
        assert_eq!(with(&[]).unwrap().trusted_proxy_hops, 0);
        assert_eq!(with(&[("TAKEONE_TRUST_PROXY", "true")]).unwrap().trusted_proxy_hops, 1);
        assert_eq!(with(&[("TAKEONE_TRUST_PROXY", "true"), ("TAKEONE_TRUST_PROXY_HOPS", "2")]).unwrap().trusted_proxy_hops, 2);
        assert_eq!(with(&[("TAKEONE_TRUST_PROXY_HOPS", "2")]).unwrap().trusted_proxy_hops, 2);
        assert!(with(&[("TAKEONE_TRUST_PROXY", "false"), ("TAKEONE_TRUST_PROXY_HOPS", "2")]).is_err());
        assert!(with(&[("TAKEONE_TRUST_PROXY_HOPS", "0")]).unwrap_err().to_string().contains("TAKEONE_TRUST_PROXY_HOPS"));
        assert!(with(&[("TAKEONE_TRUST_PROXY", "yes")]).is_err());
    }

    #[test]
    fn http_limits_have_defaults_and_ranges() {
        let l = with(&[]).unwrap().limits;
        assert_eq!(l.request_timeout.as_secs(), 30);
        assert_eq!(l.max_in_flight, 512);
        assert!(l.upload_timeout > l.request_timeout);
        assert!(with(&[("TAKEONE_MAX_IN_FLIGHT", "0")]).unwrap_err().to_string().contains("TAKEONE_MAX_IN_FLIGHT"));
        assert!(with(&[("TAKEONE_REQUEST_TIMEOUT_SECONDS", "soon")]).is_err());
        assert_eq!(with(&[("TAKEONE_HEADER_READ_TIMEOUT_SECONDS", "2")]).unwrap().limits.header_read_timeout.as_secs(), 2);
    }
}
