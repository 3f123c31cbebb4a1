//! Test harness: each test gets its own PostgreSQL database created from the migrations and a
//! real server on a loopback port, and a client that behaves like a browser (cookies, CSRF).

#![allow(dead_code)]

pub mod smtp;
pub mod world;

use reqwest::{Client, Response, StatusCode, redirect::Policy};
use server::config::Config;
use sqlx::{Connection, Executor, PgConnection, PgPool};
use std::net::SocketAddr;

pub fn base_url() -> String {
    std::env::var("TEST_DATABASE_SERVER").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

thread_local! {
    static EXTRA: std::cell::Cell<&'static [(&'static str, &'static str)]> = const { std::cell::Cell::new(&[]) };
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: PgPool,
    pub db_name: String,
    pub mail_dir: std::path::PathBuf,
    search_dir: std::path::PathBuf,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

/// A database migrated once and copied for every test, much faster than migrating each (the
/// job queue's schema alone is 23 migrations). Its name carries a hash of the migrations, so a
/// changed migration makes a new template; older ones are dropped then.
fn template() -> &'static str {
    static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        use std::hash::{Hash, Hasher};
        let mut files: Vec<_> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations")).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        "apalis-postgres-1.0".hash(&mut h);
        for f in &files {
            std::fs::read(f).unwrap().hash(&mut h);
        }
        let name = format!("takeone_tpl_{:016x}", h.finish());
        let n = name.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                let mut admin = PgConnection::connect(&format!("{}/postgres", base_url())).await.expect("postgres");
                // Other test binaries may be making it right now.
                admin.execute("SELECT pg_advisory_lock(727274)").await.unwrap();
                let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                    .bind(&n)
                    .fetch_one(&mut admin)
                    .await
                    .unwrap();
                if !exists {
                    // Several checkouts may test side by side on one server, each with its own
                    // migrations: they keep each other's templates.
                    let keep = std::env::var_os("TAKEONE_TEST_KEEP_TEMPLATES").is_some();
                    let stale: Vec<String> = if keep {
                        Vec::new()
                    } else {
                        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'takeone\\_tpl\\_%'")
                            .fetch_all(&mut admin)
                            .await
                            .unwrap()
                    };
                    for old in stale {
                        let _ = admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{old}\" WITH (FORCE)"))).await;
                    }
                    let building = format!("{n}_building");
                    let _ = admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"))).await;
                    let pool = takeone::db::prepare(&format!("{}/{building}", base_url()), 2).await.expect("template database");
                    pool.close().await;
                    admin.execute(sqlx::AssertSqlSafe(format!("ALTER DATABASE \"{building}\" RENAME TO \"{n}\""))).await.unwrap();
                }
                admin.execute("SELECT pg_advisory_unlock(727274)").await.unwrap();
            });
        })
        .join()
        .expect("template database");
        name
    })
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        let db_name = format!("takeone_t_{}", uuid::Uuid::new_v4().simple());
        let url = format!("{}/{db_name}", base_url());
        let mut admin = PgConnection::connect(&format!("{}/postgres", base_url())).await.expect("postgres");
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{db_name}\" TEMPLATE \"{}\"", template())))
            .await
            .expect("test database from the template");
        let db = takeone::db::connect(&url, 5).await.expect("test database");
        Self::spawn_with(db, db_name, &url, false).await
    }

    /// Like `spawn_configured`, for values made at run time (a port).
    pub async fn spawn_with_vars(vars: Vec<(&'static str, String)>) -> TestApp {
        let leaked: Vec<(&'static str, &'static str)> = vars.into_iter().map(|(k, v)| (k, &*Box::leak(v.into_boxed_str()))).collect();
        Self::spawn_configured(Box::leak(leaked.into_boxed_slice())).await
    }

    /// Like `spawn`, with extra configuration variables (as the environment would set them).
    pub async fn spawn_configured(vars: &'static [(&'static str, &'static str)]) -> TestApp {
        EXTRA.with(|e| e.replace(vars));
        Self::spawn().await
    }

    /// A server on its own database pool at `url`; `lazy` pools do not connect up front (for
    /// a database that is down on purpose). `db` is the test's own pool for its assertions.
    pub async fn spawn_with(db: PgPool, db_name: String, url: &str, lazy: bool) -> TestApp {
        // Errors of the server show in a failing test's output (RUST_LOG widens it).
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "error".into()))
            .try_init();
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let addr = std_listener.local_addr().unwrap();
        let extra = EXTRA.with(|e| e.replace(&[]));
        let mail_dir = std::env::temp_dir().join(format!("takeone-mail-{db_name}"));
        let mail = mail_dir.display().to_string();
        let search_dir = std::env::temp_dir().join(format!("takeone-search-{db_name}-{}", addr.port()));
        let search = search_dir.display().to_string();
        let s3_dir = std::env::temp_dir().join(format!("takeone-s3-{db_name}"));
        let s3 = s3_dir.display().to_string();
        let mut config = Config::from_lookup(|k| match k {
            _ if extra.iter().any(|(n, _)| *n == k) => extra.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_string()),
            "DATABASE_URL" => Some(url.to_string()),
            "TAKEONE_S3_DIR" => Some(s3.clone()),
            "TAKEONE_S3_ADDR" => Some("127.0.0.1:0".into()),
            "TAKEONE_MOYASAR_SANDBOX_ADDR" => Some("127.0.0.1:0".into()),
            "TAKEONE_MAIL_DIR" => Some(mail.clone()),
            "TAKEONE_SEARCH_DIR" => Some(search.clone()),
            "TAKEONE_ADDR" => Some(addr.to_string()),
            "LEPTOS_SITE_ROOT" => Some("target/site".into()),
            _ => None,
        })
        .unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<()>();
        let url = url.to_string();
        // The server runs on its own runtime (as in the binary, see server::runtime) with its
        // own pool: connections belong to the runtime that opened them.
        std::thread::spawn(move || {
            server::runtime().block_on(async move {
                let pool = if lazy {
                    sqlx::postgres::PgPoolOptions::new().acquire_timeout(std::time::Duration::from_millis(500)).connect_lazy(&url).unwrap()
                } else {
                    takeone::db::connect(&url, 10).await.expect("server pool")
                };
                let store = server::object_store::start(&mut config).await.expect("embedded S3 endpoint");
                let gateway = server::sandbox_gateway::start(&mut config, pool.clone()).await.expect("sandbox gateway");
                let state = server::state(config, pool).expect("server state");
                let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
                let _ = ready_tx.send(());
                let _ = server::serve(listener, state, async move {
                    let _ = rx.await;
                })
                .await;
                drop(store);
                drop(gateway);
            })
        });
        ready_rx.await.expect("server started");
        TestApp { addr, db, db_name, mail_dir, search_dir, shutdown: Some(tx) }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The configuration of a second node on this test's database, its workers off, with
    /// `vars` set (a search or mail directory to try it with).
    pub fn second_node_config(&self, vars: &[(&str, String)]) -> Config {
        let url = format!("{}/{}", base_url(), self.db_name);
        Config::from_lookup(|k| match k {
            _ if vars.iter().any(|(n, _)| *n == k) => vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()),
            "DATABASE_URL" => Some(url.clone()),
            "TAKEONE_ADDR" => Some("127.0.0.1:0".into()),
            "TAKEONE_WORKERS" => Some("false".into()),
            "LEPTOS_SITE_ROOT" => Some("target/site".into()),
            _ => None,
        })
        .unwrap()
    }

    pub fn browser(&self) -> Browser {
        Browser::new(self)
    }

    /// Marks this address verified, as following the mailed link does (tested on its own in mail.rs).
    pub async fn verify_email_of(&self, email: &str) {
        sqlx::query("UPDATE users SET email_verified_at = now() WHERE email = $1").bind(email).execute(&self.db).await.unwrap();
    }

    /// Puts the account of `email` (or its organization) on `plan` without charge, as an
    /// administrator's grant does (tested on its own in billing.rs).
    pub async fn grant(&self, email: &str, plan: takeone::billing::PlanId) {
        let billing = takeone::billing::Billing::new(self.db.clone());
        let meta = takeone::audit::RequestMeta::default();
        billing.grant(None, email, plan, 30, time::OffsetDateTime::now_utc(), &meta).await.unwrap();
    }

    /// Marks the organization of the hirer with this e-mail verified (its calls go live at once).
    pub async fn verify_organization_of(&self, email: &str) {
        sqlx::query(
            "UPDATE organizations SET verified = true WHERE id IN
             (SELECT m.organization_id FROM organization_members m JOIN users u ON u.id = m.user_id WHERE u.email = $1)",
        )
        .bind(email)
        .execute(&self.db)
        .await
        .unwrap();
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = std::fs::remove_dir_all(&self.mail_dir);
        let _ = std::fs::remove_dir_all(&self.search_dir);
        let name = self.db_name.clone();
        // Drop the database from a fresh runtime: Drop cannot await.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                // WITH (FORCE) ends the pool's connections; closing the pool here would wait
                // for the server, which runs on the runtime this thread blocks.
                if let Ok(mut conn) = PgConnection::connect(&format!("{}/postgres", base_url())).await {
                    let _ = conn.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))).await;
                }
            });
        })
        .join();
    }
}

/// A client with a cookie jar that follows no redirects, so tests see them.
pub struct Browser {
    pub client: Client,
    base: String,
    pub csrf: String,
}

impl Browser {
    pub fn new(app: &TestApp) -> Browser {
        // A hung request fails its test instead of hanging the run.
        let client =
            Client::builder().cookie_store(true).redirect(Policy::none()).timeout(std::time::Duration::from_secs(30)).build().unwrap();
        Browser { client, base: format!("http://{}", app.addr), csrf: String::new() }
    }

    /// A browser on another machine: it connects from `ip` (any 127.x.y.z address is this host).
    pub fn from_address(app: &TestApp, ip: &str) -> Browser {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .local_address(ip.parse::<std::net::IpAddr>().unwrap())
            .build()
            .unwrap();
        Browser { client, base: format!("http://{}", app.addr), csrf: String::new() }
    }

    /// Another tab of the same browser: the same cookies and CSRF token.
    pub fn tab(&self) -> Browser {
        Browser { client: self.client.clone(), base: self.base.clone(), csrf: self.csrf.clone() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&mut self, path: &str) -> (StatusCode, String) {
        let res = self.client.get(self.url(path)).header("accept", "text/html").send().await.unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        if let Some(token) = meta(&body, "csrf-token")
            && !token.is_empty()
        {
            self.csrf = token;
        }
        (status, body)
    }

    /// The form fields with this browser's CSRF token first (fetched from a page if needed).
    async fn with_token<'a>(&'a mut self, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        if self.csrf.is_empty() {
            self.get("/ar/").await;
        }
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", self.csrf.as_str())];
        all.extend_from_slice(fields);
        all
    }

    /// Posts a form as a browser without JavaScript does (Accept: text/html).
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let (url, referer) = (self.url(path), self.url("/ar/"));
        let client = self.client.clone();
        let all = self.with_token(fields).await;
        client.post(url).header("accept", "text/html,application/xhtml+xml").header("referer", referer).form(&all).send().await.unwrap()
    }

    /// Posts owned fields as a browser without JavaScript does.
    pub async fn post_owned(&mut self, path: &str, fields: &[(String, String)]) -> Response {
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.post_form(path, &refs).await
    }

    /// Calls a GET server function as the hydrated page does; the JSON it answers.
    pub async fn get_fn(&mut self, name: &str, query: &[(&str, &str)]) -> (StatusCode, serde_json::Value) {
        let res =
            self.client.get(self.url(&format!("/api/fn/{name}"))).query(query).header("accept", "application/json").send().await.unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        (status, serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)))
    }

    /// Posts a form as the hydrated page does (the server function answers JSON).
    pub async fn post_fn(&mut self, name: &str, fields: &[(&str, &str)]) -> Response {
        let url = self.url(&format!("/api/fn/{name}"));
        let client = self.client.clone();
        let all = self.with_token(fields).await;
        client.post(url).header("accept", "application/json").form(&all).send().await.unwrap()
    }

    pub async fn register(&mut self, role: &str, name: &str, email: &str, organization: &str) -> Response {
        self.post_form(
            "/api/fn/register",
            &[
                ("lang_code", "ar"),
                ("form[name]", name),
                ("form[email]", email),
                ("form[password]", "nakhla-riyadh-2026"),
                ("form[role]", role),
                ("form[organization]", organization),
            ],
        )
        .await
    }

    pub async fn login(&mut self, email: &str, password: &str) -> Response {
        self.post_form("/api/fn/login", &[("lang_code", "ar"), ("form[email]", email), ("form[password]", password)]).await
    }
}

/// Waits (up to 20 s) until the mail worker has sent `to` a mail whose subject or text holds
/// `needle`, and returns it as the development mail folder keeps it.
pub async fn wait_for_mail(app: &TestApp, to: &str, needle: &str) -> takeone::mail::StoredMail {
    for _ in 0..200 {
        let found = takeone::mail::read_folder(&app.mail_dir, 1000)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.mail.to == to && (m.mail.subject.contains(needle) || m.mail.text.contains(needle)));
        if let Some(m) = found {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let queued: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT kind, status, last_error FROM email_deliveries WHERE to_address = $1")
            .bind(to)
            .fetch_all(&app.db)
            .await
            .unwrap();
    panic!("no mail to {to} with {needle:?} arrived; queued for them: {queued:?}");
}

/// The mails sent to `to` so far.
pub async fn mails_to(app: &TestApp, to: &str) -> Vec<takeone::mail::StoredMail> {
    takeone::mail::read_folder(&app.mail_dir, 1000).await.unwrap().into_iter().filter(|m| m.mail.to == to).collect()
}

/// The token of the first link in a mail.
pub fn link_token(text: &str) -> String {
    let start = text.find("token=").expect("a link with a token") + 6;
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

/// The content of `<meta name=NAME content=...>`.
pub fn meta(html: &str, name: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(&format!("meta[name=\"{name}\"]")).unwrap();
    doc.select(&sel).next().and_then(|e| e.value().attr("content")).map(str::to_owned)
}

/// Texts of the elements matching `selector`.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

pub fn attr(html: &str, selector: &str, name: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel).next().and_then(|e| e.value().attr(name)).map(str::to_owned)
}

/// Strips Fluent's bidi isolation marks so texts compare plainly.
pub fn plain(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

pub fn location(res: &Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}
