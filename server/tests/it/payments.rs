//! Issue 14, paying: the Moyasar adapter against a stand-in that checks what it receives, and
//! the whole flow through the sandbox gateway the binary serves (hosted checkout, read-back,
//! webhook, subscription, numbered tax invoice with its ZATCA QR code), webhooks replayed and
//! forged, payments that do not match, and invoice numbers under concurrent payments.

use crate::{
    common::{world::*, *},
    media_api::announce,
};
use axum::{Json, Router, extract::State, http::HeaderMap, routing::post};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use takeone::billing::{
    invoice::Seller,
    moyasar::{Gateway, GatewayError, MoyasarClient, NewInvoice, Payment, TokenCharge},
    payments::{PaymentSettings, Payments, Settled},
    zatca,
};

/// The offline webhook secret (config.rs), as the sandbox posts it.
const WEBHOOK_SECRET: &str = "takeone-sandbox-webhook-secret";

/// Starts a checkout of `plan` from the plans page's form; the gateway's hosted page it sends to.
async fn checkout(b: &mut Browser, plan: &str) -> String {
    let res = b
        .post_form(
            "/api/fn/start_checkout",
            &[("lang_code", "en"), ("form[plan]", plan), ("form[interval]", "month"), ("form[method]", "mada")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND, "{}", res.text().await.unwrap_or_default());
    location(&res)
}

/// Pays on the sandbox's hosted page with `card`; the page it sends back to.
async fn pay(page: &str, card: &str) -> reqwest::Response {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let form = [
        ("method", "mada"),
        ("name", "SARA ALOTAIBI"),
        ("number", card),
        ("month", "12"),
        ("year", "2030"),
        ("cvc", "123"),
        ("save_card", "true"),
    ];
    client.post(format!("{page}?lang=en")).form(&form).send().await.unwrap()
}

fn query_value(url: &str, key: &str) -> String {
    url.split(['?', '&']).find_map(|p| p.strip_prefix(&format!("{key}="))).unwrap_or_default().to_string()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(&app.db).await.unwrap()
}

/// Waits until the sandbox's own webhook for the payment has been acted on.
async fn webhook_processed(app: &TestApp, payment: &str) {
    for _ in 0..100 {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM gateway_events WHERE payment_id = $1 AND processed_at IS NOT NULL")
            .bind(payment)
            .fetch_one(&app.db)
            .await
            .unwrap();
        if n > 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the sandbox's webhook for {payment} was not processed");
}

/// A talent who paid for Pro on the sandbox with an approved card, once the gateway's webhook
/// was acted on; the payment's id.
async fn paid_pro(app: &TestApp) -> (Browser, String) {
    let mut talent = talent_with_profile(app, "Sara", "sara@talent.sa", "1998-05-14", "hirers").await;
    let page = checkout(&mut talent, "talent_pro").await;
    let payment = query_value(&location(&pay(&page, "4111111111111111").await), "id");
    webhook_processed(app, &payment).await;
    (talent, payment)
}

#[tokio::test]
async fn a_talent_pays_on_the_sandbox_and_gets_pro_a_numbered_invoice_and_its_qr_code() {
    let app = TestApp::spawn().await;
    let mut talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "hirers").await;
    let page = checkout(&mut talent, "talent_pro").await;
    assert!(page.starts_with("http://127.0.0.1:") && page.contains("/checkout/"), "the gateway's own page: {page}");
    // The hosted page says it is a sandbox and what it takes.
    let html = reqwest::get(format!("{page}?lang=en")).await.unwrap().text().await.unwrap();
    assert!(html.contains("SANDBOX — no real money moves") && html.contains("49.00 SAR"), "{html}");
    // A declined card changes nothing.
    let res = pay(&page, "4000000000000002").await;
    assert_eq!(res.status(), StatusCode::PAYMENT_REQUIRED);
    let html = res.text().await.unwrap();
    assert!(html.contains("declined") && html.contains("value=\"SARA ALOTAIBI\""), "says why and keeps the name: {html}");
    assert!(!html.contains("4000000000000002\""), "never the card number");
    assert_eq!(count(&app, "SELECT count(*) FROM tax_invoices").await, 0);
    let res = pay(&page, "4111111111111111").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = location(&res);
    let checkout_id = query_value(&back, "checkout");
    let payment = query_value(&back, "id");
    assert!(back.contains("/en/billing/return?checkout="), "{back}");
    // Back on the site: what the gateway says decides, whether or not its webhook came first.
    let path = back.split_once("://").unwrap().1.split_once('/').map(|(_, p)| format!("/{p}")).unwrap();
    let (status, html) = talent.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(plain(&html).contains("Payment of SAR 49 received. Your plan is active."), "{}", plain(&html));
    webhook_processed(&app, &payment).await;
    assert_eq!(count(&app, "SELECT count(*) FROM tax_invoices").await, 1, "one invoice, whichever came first");
    let sub: (String, String, Option<String>, Option<String>) =
        sqlx::query_as("SELECT plan_id, status, card_brand, card_last4 FROM subscriptions WHERE status = 'active'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(sub, ("talent_pro".into(), "active".into(), Some("visa".into()), Some("1111".into())));
    let checkout_status: String =
        sqlx::query_scalar("SELECT status FROM checkouts WHERE id = $1::uuid").bind(&checkout_id).fetch_one(&app.db).await.unwrap();
    assert_eq!(checkout_status, "paid");

    // The invoice: number 1, VAT inside the 49.00, the QR code's five fields.
    let (id, number, total, vat, qr): (uuid::Uuid, i64, i64, i64, String) =
        sqlx::query_as("SELECT id, number, total_halalas, vat_halalas, qr FROM tax_invoices").fetch_one(&app.db).await.unwrap();
    assert_eq!((number, total, vat), (1, 4_900, 639));
    let fields = zatca::decode(&qr).unwrap();
    let tags: Vec<u8> = fields.iter().map(|(t, _)| *t).collect();
    assert_eq!(tags, [1, 2, 3, 4, 5]);
    assert_eq!(fields[0].1, "تيك ون");
    assert_eq!(fields[1].1, "300000000000003");
    assert!(fields[2].1.ends_with('Z') && fields[2].1.len() == 20, "{}", fields[2].1);
    assert_eq!((fields[3].1.as_str(), fields[4].1.as_str()), ("49.00", "6.39"));
    let (status, html) = talent.get(&format!("/en/account/billing/invoices/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&html, "[data-testid=invoice-number]", "data-testid").as_deref(), Some("invoice-number"));
    assert!(plain(&html).contains("INV-000001") && plain(&html).contains("300000000000003"));
    assert!(html.contains("<svg") && attr(&html, "[data-testid=invoice-qr]", "data-qr").as_deref() == Some(qr.as_str()));
    let (status, html) = talent.get("/en/account/billing").await;
    assert_eq!(status, StatusCode::OK);
    let text = plain(&html);
    assert!(text.contains("Talent Pro") && text.contains("VISA •••• 1111") && text.contains("INV-000001"), "{text}");
    // Nobody else reads it.
    let mut other = talent_with_profile(&app, "Lina", "lina@talent.sa", "1995-01-01", "public").await;
    let (status, _) = other.get(&format!("/en/account/billing/invoices/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // And the plan's gates open: a showreel.
    let (status, body) =
        announce(&mut talent, json!({ "filename": "reel.mp4", "mimetype": "video/mp4", "size": 5_000_000, "purpose": "showreel" })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn a_webhook_replayed_a_hundred_times_settles_once_and_forged_ones_are_refused_and_not_kept() {
    let app = TestApp::spawn().await;
    let (_talent, payment) = paid_pro(&app).await;
    let client = reqwest::Client::new();
    let url = app.url("/api/v1/billing/moyasar/webhooks");
    let envelope = |secret: Option<&str>| {
        let mut e = json!({ "id": "evt-replayed", "type": "payment_paid", "created_at": "2026-12-07T10:00:00Z",
                            "account_name": "TakeOne", "live": false, "data": { "id": payment } });
        if let Some(s) = secret {
            e["secret_token"] = json!(s);
        }
        e
    };
    let before = count(&app, "SELECT count(*) FROM gateway_events").await;
    for body in [envelope(Some("wrong-secret-of-the-same-len")), envelope(Some("")), envelope(None)] {
        let res = client.post(&url).json(&body).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(count(&app, "SELECT count(*) FROM gateway_events").await, before, "a forged event is not kept");
    let res = client.post(&url).body("{not json").header("content-type", "application/json").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // The same event a hundred times, ten at a time.
    for _ in 0..10 {
        let mut sends = tokio::task::JoinSet::new();
        for _ in 0..10 {
            sends.spawn(client.post(&url).json(&envelope(Some(WEBHOOK_SECRET))).send());
        }
        while let Some(res) = sends.join_next().await {
            assert_eq!(res.unwrap().unwrap().status(), StatusCode::OK);
        }
    }
    assert_eq!(count(&app, "SELECT count(*) FROM gateway_events WHERE id = 'evt-replayed'").await, 1);
    assert_eq!(count(&app, "SELECT count(*) FROM tax_invoices").await, 1);
    assert_eq!(count(&app, "SELECT count(*) FROM subscriptions WHERE status = 'active'").await, 1);
    assert_eq!(count(&app, "SELECT count(*) FROM subscription_events WHERE reason = 'paid'").await, 1);
    let stored: Value = sqlx::query_scalar("SELECT body FROM gateway_events WHERE id = 'evt-replayed'").fetch_one(&app.db).await.unwrap();
    assert!(stored.get("secret_token").is_none(), "the secret is not kept");
    // An event about a payment no checkout knows is kept for reconciling, answered 2xx.
    let res = client
        .post(&url)
        .json(&json!({ "id": "evt-unknown", "type": "payment_paid", "secret_token": WEBHOOK_SECRET, "data": { "id": payment_elsewhere(&app).await } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let outcome: Option<String> =
        sqlx::query_scalar("SELECT outcome FROM gateway_events WHERE id = 'evt-unknown'").fetch_one(&app.db).await.unwrap();
    assert_eq!(outcome.as_deref(), Some("unmatched"));
}

/// A payment the sandbox took for an invoice no checkout of ours opened.
async fn payment_elsewhere(app: &TestApp) -> String {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let gateway = gateway_url(app).await;
    let invoice: Value = client
        .post(format!("{gateway}/v1/invoices"))
        .basic_auth("sk_sandbox_takeone_offline", Some(""))
        .json(&json!({ "amount": 2500, "currency": "SAR", "description": "elsewhere", "success_url": "http://x/", "back_url": "http://x/", "callback_url": "http://127.0.0.1:9/", "metadata": {} }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let back = location(&pay(invoice["url"].as_str().unwrap(), "4111111111111111").await);
    query_value(&back, "id")
}

/// The sandbox's address, as a checkout of the app's own shows it.
async fn gateway_url(app: &TestApp) -> String {
    let url: String = match sqlx::query_scalar::<_, String>("SELECT checkout_url FROM checkouts WHERE checkout_url IS NOT NULL LIMIT 1")
        .fetch_optional(&app.db)
        .await
        .unwrap()
    {
        Some(u) => u,
        None => {
            let mut t = talent_with_profile(app, "Probe", "probe@talent.sa", "1990-01-01", "hirers").await;
            checkout(&mut t, "talent_pro").await
        }
    };
    url.split("/checkout/").next().unwrap().to_string()
}

#[tokio::test]
async fn a_payment_of_another_amount_or_currency_or_unpaid_settles_nothing() {
    let app = TestApp::spawn().await;
    let mut talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "hirers").await;
    checkout(&mut talent, "talent_pro").await;
    let checkout_id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM checkouts").fetch_one(&app.db).await.unwrap();
    // Over HTTP: an invoice of 1.00 SAR that names our checkout in its metadata, paid; the
    // sandbox posts its webhook, the server reads the payment back and refuses it.
    let gateway = gateway_url(&app).await;
    let client = reqwest::Client::new();
    let invoice: Value = client
        .post(format!("{gateway}/v1/invoices"))
        .basic_auth("sk_sandbox_takeone_offline", Some(""))
        .json(&json!({ "amount": 100, "currency": "SAR", "description": "cheaper", "success_url": "http://x/", "back_url": "http://x/",
                       "callback_url": "http://127.0.0.1:9/", "metadata": { "checkout_id": checkout_id.to_string() } }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let back = location(&pay(invoice["url"].as_str().unwrap(), "4111111111111111").await);
    let payment_id = query_value(&back, "id");
    webhook_processed(&app, &payment_id).await;
    let outcome: Option<String> =
        sqlx::query_scalar("SELECT outcome FROM gateway_events WHERE payment_id = $1").bind(&payment_id).fetch_one(&app.db).await.unwrap();
    assert_eq!(outcome.as_deref(), Some("failed"));
    // In the domain, with the payment as the gateway would report it: each mismatch refused.
    let payments = Payments::new(
        app.db.clone(),
        Arc::new(MoyasarClient::new("http://127.0.0.1:9", "sk").unwrap()),
        PaymentSettings { site_url: app.url(""), webhook_secret: WEBHOOK_SECRET.into(), seller: seller(), checkout_origin: String::new() },
    );
    let good = Payment {
        id: "pay-1".into(),
        status: "paid".into(),
        amount: 4_900,
        currency: "SAR".into(),
        refunded: 0,
        description: None,
        invoice_id: None,
        metadata: Some(json!({ "checkout_id": checkout_id.to_string() })),
        source: None,
    };
    for bad in [
        Payment { amount: 4_800, ..good.clone() },
        Payment { currency: "USD".into(), ..good.clone() },
        Payment { status: "failed".into(), ..good.clone() },
        Payment { status: "initiated".into(), ..good.clone() },
        Payment { metadata: Some(json!({ "checkout_id": uuid::Uuid::new_v4().to_string() })), ..good.clone() },
    ] {
        assert!(payments.settle(checkout_id, &bad, None).await.is_err(), "{bad:?}");
    }
    assert_eq!(count(&app, "SELECT count(*) FROM tax_invoices").await, 0);
    assert_eq!(count(&app, "SELECT count(*) FROM subscriptions").await, 0);
    let status: String =
        sqlx::query_scalar("SELECT status FROM checkouts WHERE id = $1").bind(checkout_id).fetch_one(&app.db).await.unwrap();
    assert_eq!(status, "open");
    assert!(matches!(payments.settle(checkout_id, &good, None).await, Ok(Settled::Now(_))));
    assert_eq!(payments.settle(checkout_id, &good, None).await.unwrap(), Settled::Before);
}

fn seller() -> Seller {
    Seller { name_ar: "تيك ون".into(), name_en: "TakeOne".into(), vat_number: "300000000000003".into() }
}

#[tokio::test]
async fn fifty_payments_at_once_get_invoice_numbers_one_to_fifty_without_a_gap() {
    let app = TestApp::spawn().await;
    let _talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "hirers").await;
    let user: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users WHERE email = 'sara@talent.sa'").fetch_one(&app.db).await.unwrap();
    let payments = Payments::new(
        app.db.clone(),
        Arc::new(MoyasarClient::new("http://127.0.0.1:9", "sk").unwrap()),
        PaymentSettings { site_url: app.url(""), webhook_secret: WEBHOOK_SECRET.into(), seller: seller(), checkout_origin: String::new() },
    );
    let mut ids = vec![];
    for _ in 0..50 {
        let id = uuid::Uuid::new_v4();
        sqlx::query(
            "INSERT INTO checkouts (id, payer_user_id, subject_user_id, plan_id, billing_interval, kind, amount_halalas, vat_halalas)
             VALUES ($1, $2, $2, 'talent_pro', 'month', 'new', 4900, 639)",
        )
        .bind(id)
        .bind(user)
        .execute(&app.db)
        .await
        .unwrap();
        ids.push(id);
    }
    let mut settles = tokio::task::JoinSet::new();
    for (i, id) in ids.iter().enumerate() {
        let payments = payments.clone();
        let payment = Payment {
            id: format!("pay-{i}"),
            status: "paid".into(),
            amount: 4_900,
            currency: "SAR".into(),
            refunded: 0,
            description: None,
            invoice_id: None,
            metadata: Some(json!({ "checkout_id": id.to_string() })),
            source: None,
        };
        let id = *id;
        settles.spawn(async move { payments.settle(id, &payment, None).await });
    }
    while let Some(r) = settles.join_next().await {
        assert!(matches!(r.unwrap(), Ok(Settled::Now(_))));
    }
    let numbers: Vec<i64> =
        sqlx::query_scalar("SELECT number FROM tax_invoices WHERE kind = 'invoice' ORDER BY number").fetch_all(&app.db).await.unwrap();
    assert_eq!(numbers, (1..=50).collect::<Vec<i64>>());
    assert_eq!(count(&app, "SELECT count(*) FROM subscriptions WHERE status IN ('trialing', 'active', 'past_due')").await, 1);
}

/// What the stand-in gateway saw: method, path, Authorization header, JSON body.
type Seen = Arc<Mutex<Vec<(String, String, String, Value)>>>;

async fn stand_in() -> (String, Seen, tokio::task::JoinHandle<()>) {
    async fn record(
        State(seen): State<Seen>,
        method: axum::http::Method,
        uri: axum::http::Uri,
        headers: HeaderMap,
        body: axum::body::Bytes,
    ) -> axum::response::Response {
        use axum::response::IntoResponse;
        let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        seen.lock().unwrap().push((method.to_string(), uri.path().to_string(), auth.clone(), json.clone()));
        if auth != format!("Basic {}", base64_of("sk_test_standin:")) {
            return (
                StatusCode::UNAUTHORIZED,
                Json(json!({ "type": "authentication_error", "message": "Invalid authorization credentials", "errors": null })),
            )
                .into_response();
        }
        let amount = json["amount"].as_i64().unwrap_or(4_900);
        let payment = json!({ "id": "pay-standin", "status": "paid", "amount": amount, "currency": "SAR", "refunded": json["amount"],
                              "invoice_id": null, "metadata": json["metadata"], "source": { "type": "token", "company": "mada", "number": "XXXX-XXXX-XXXX-4242" } });
        match uri.path() {
            "/v1/invoices" => (
                StatusCode::CREATED,
                Json(json!({ "id": "inv-standin", "status": "initiated", "amount": amount, "currency": "SAR",
                                                                  "url": "https://checkout.example/inv-standin", "payments": [] })),
            )
                .into_response(),
            _ => (StatusCode::CREATED, Json(payment)).into_response(),
        }
    }
    let seen: Seen = Arc::default();
    let app = Router::new().route("/{*path}", post(record)).with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), seen, task)
}

fn base64_of(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[tokio::test]
async fn the_moyasar_adapter_sends_basic_auth_halalas_and_the_idempotency_key() {
    let (base, seen, _task) = stand_in().await;
    let client = MoyasarClient::new(&base, "sk_test_standin").unwrap();
    let invoice = client
        .create_invoice(&NewInvoice {
            amount: 4_900,
            currency: "SAR".into(),
            description: "TakeOne — Talent Pro (month)".into(),
            callback_url: "https://takeone.sa/api/v1/billing/moyasar/invoice-callback".into(),
            success_url: "https://takeone.sa/ar/billing/return?checkout=x".into(),
            back_url: "https://takeone.sa/ar/plans".into(),
            metadata: json!({ "checkout_id": "x" }),
        })
        .await
        .unwrap();
    assert_eq!((invoice.id.as_str(), invoice.url.as_str()), ("inv-standin", "https://checkout.example/inv-standin"));
    let payment = client
        .charge_token(&TokenCharge {
            amount: 49_000,
            currency: "SAR".into(),
            description: "renewal".into(),
            given_id: "4a1e0d7c-9a7b-4a39-9d25-2f43d1a6b7c1".into(),
            callback_url: "https://takeone.sa/x".into(),
            token: "token_abc".into(),
            metadata: json!({ "subscription": "s", "period": "2027-01" }),
        })
        .await
        .unwrap();
    assert!(payment.is_paid());
    client.refund("pay-standin", Some(1_000)).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    let auth = format!("Basic {}", base64_of("sk_test_standin:"));
    assert!(seen.iter().all(|(m, _, a, _)| m == "POST" && *a == auth), "Basic auth with the secret key as the user name");
    let (_, path, _, body) = &seen[0];
    assert_eq!(path, "/v1/invoices");
    assert_eq!((body["amount"].as_i64(), body["currency"].as_str()), (Some(4_900), Some("SAR")), "an integer number of halalas");
    assert_eq!(body["metadata"]["checkout_id"], "x");
    let (_, path, _, body) = &seen[1];
    assert_eq!(path, "/v1/payments");
    assert_eq!(body["given_id"], "4a1e0d7c-9a7b-4a39-9d25-2f43d1a6b7c1", "the idempotency key");
    assert_eq!((body["source"]["type"].as_str(), body["source"]["token"].as_str()), (Some("token"), Some("token_abc")));
    assert_eq!(body["amount"], 49_000);
    let (_, path, _, body) = &seen[2];
    assert_eq!((path.as_str(), body["amount"].as_i64()), ("/v1/payments/pay-standin/refund", Some(1_000)));
    // A wrong key: the gateway's own error, with its type.
    let wrong = MoyasarClient::new(&base, "sk_test_wrong").unwrap();
    match wrong.refund("pay-standin", None).await {
        Err(GatewayError::Refused { status, kind, .. }) => assert_eq!((status, kind.as_str()), (401, "authentication_error")),
        other => panic!("{other:?}"),
    }
    // Ids that would change the path never leave the process.
    assert!(matches!(client.payment("../v1/invoices").await, Err(GatewayError::Decode(_))));
}

/// The billing service of a node of this app: the same database and sandbox gateway.
async fn node(app: &TestApp) -> Payments {
    let gateway = gateway_url(app).await;
    Payments::new(
        app.db.clone(),
        Arc::new(MoyasarClient::new(&gateway, "sk_sandbox_takeone_offline").unwrap()),
        PaymentSettings { site_url: app.url(""), webhook_secret: WEBHOOK_SECRET.into(), seller: seller(), checkout_origin: gateway },
    )
}

/// A talent who paid for Pro on the sandbox with `card` (saved for renewals); the end of the
/// period moved to a minute ago.
async fn paid_and_due(app: &TestApp, card: &str) -> (Browser, time::OffsetDateTime) {
    let mut talent = talent_with_profile(app, "Sara", "sara@talent.sa", "1998-05-14", "hirers").await;
    let page = checkout(&mut talent, "talent_pro").await;
    let back = location(&pay(&page, card).await);
    webhook_processed(app, &query_value(&back, "id")).await;
    // PostgreSQL keeps microseconds.
    let end = time::OffsetDateTime::now_utc() - time::Duration::minutes(1);
    let end = end.replace_microsecond(end.microsecond()).unwrap();
    sqlx::query("UPDATE subscriptions SET current_period_start = $1 - interval '30 days', current_period_end = $1 WHERE status = 'active'")
        .bind(end)
        .execute(&app.db)
        .await
        .unwrap();
    (talent, end)
}

#[tokio::test]
async fn two_nodes_renewing_at_once_charge_the_saved_card_once_and_issue_the_next_invoice() {
    let app = TestApp::spawn().await;
    let (_talent, end) = paid_and_due(&app, "4111111111111111").await;
    let (a, b) = (node(&app).await, node(&app).await);
    let now = time::OffsetDateTime::now_utc();
    let (ra, rb) = tokio::join!(a.renew_due(now), b.renew_due(now));
    assert_eq!(ra.unwrap().renewed + rb.unwrap().renewed, 1, "one node renews it");
    // And again, as a retried job would: nothing more.
    assert_eq!(a.renew_due(now).await.unwrap().renewed, 0);
    let charges =
        count(&app, "SELECT count(*) FROM sandbox_gateway_objects WHERE kind = 'payment' AND body->'source'->>'type' = 'token'").await;
    assert_eq!(charges, 1, "the card was charged once");
    let numbers: Vec<i64> = sqlx::query_scalar("SELECT number FROM tax_invoices ORDER BY number").fetch_all(&app.db).await.unwrap();
    assert_eq!(numbers, [1, 2], "the renewal's invoice follows");
    let (status, period_end): (String, time::OffsetDateTime) =
        sqlx::query_as("SELECT status, current_period_end FROM subscriptions WHERE plan_id = 'talent_pro'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(status, "active");
    assert_eq!((period_end - end).whole_days(), 30, "the next period follows the last");
    assert_eq!(count(&app, "SELECT count(*) FROM subscription_events WHERE reason = 'renewed'").await, 1);
}

#[tokio::test]
async fn a_declined_renewal_is_past_due_retried_on_days_1_3_and_7_with_mails_then_canceled_back_to_free() {
    let app = TestApp::spawn().await;
    // A card that paid once and is declined since.
    let (mut talent, end) = paid_and_due(&app, "4000000000000341").await;
    let payments = node(&app).await;
    let status = || async {
        sqlx::query_scalar::<_, String>("SELECT status FROM subscriptions WHERE plan_id = 'talent_pro'").fetch_one(&app.db).await.unwrap()
    };
    let at = |days: i64, minutes: i64| end + time::Duration::days(days) + time::Duration::minutes(minutes);
    let run = payments.renew_due(at(0, 2)).await.unwrap();
    assert_eq!(run.failed, 1);
    assert_eq!(status().await, "past_due");
    // Past due keeps the plan while it is retried.
    let (_, html) = talent.get("/en/plans").await;
    assert_eq!(attr(&html, ".plan-current", "data-plan").as_deref(), Some("talent_pro"));
    assert_eq!(payments.renew_due(at(0, 600)).await.unwrap().failed, 0, "not again before day 1");
    for (day, attempt) in [(1, 2), (3, 3)] {
        assert_eq!(payments.renew_due(at(day, 2)).await.unwrap().failed, 1, "day {day}");
        let attempts: i32 = sqlx::query_scalar("SELECT attempts FROM renewals").fetch_one(&app.db).await.unwrap();
        assert_eq!(attempts, attempt);
        assert_eq!(status().await, "past_due");
    }
    let run = payments.renew_due(at(7, 2)).await.unwrap();
    assert_eq!((run.failed, run.canceled), (1, 1), "the last try, then the end");
    assert_eq!(status().await, "canceled");
    assert_eq!(
        count(&app, "SELECT count(*) FROM sandbox_gateway_objects WHERE kind = 'payment' AND body->'source'->>'type' = 'token'").await,
        4
    );
    assert_eq!(count(&app, "SELECT count(*) FROM notifications WHERE kind = 'renewal_failed'").await, 4, "told each time");
    assert_eq!(count(&app, "SELECT count(*) FROM notifications WHERE kind = 'subscription_canceled'").await, 1);
    // Mailed too, with the amount.
    wait_for_mail(&app, "sara@talent.sa", "خصم 49.00 ر.س").await;
    // Back on the free plan, nothing lost.
    let (_, html) = talent.get("/en/plans").await;
    assert_eq!(attr(&html, ".plan-current", "data-plan").as_deref(), Some("talent_free"));
    assert_eq!(count(&app, "SELECT count(*) FROM talent_profiles").await, 1);
    assert_eq!(count(&app, "SELECT count(*) FROM tax_invoices").await, 1, "the first invoice is kept");
    // Nothing more to try.
    assert_eq!(payments.renew_due(at(30, 0)).await.unwrap(), Default::default());
}

#[tokio::test]
async fn canceled_at_period_end_it_ends_without_a_charge_and_can_be_resumed_before() {
    let app = TestApp::spawn().await;
    let (mut talent, end) = paid_and_due(&app, "4111111111111111").await;
    let set = |renew: &'static str| [("lang_code", "en"), ("renew", renew)];
    let res = talent.post_form("/api/fn/set_auto_renew", &set("false")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let (_, html) = talent.get("/en/account/billing").await;
    assert!(plain(&html).contains("Ends on"), "{}", plain(&html));
    assert_eq!(talent.post_form("/api/fn/set_auto_renew", &set("true")).await.status(), StatusCode::FOUND);
    assert_eq!(talent.post_form("/api/fn/set_auto_renew", &set("false")).await.status(), StatusCode::FOUND);
    let payments = node(&app).await;
    let run = payments.renew_due(end + time::Duration::minutes(5)).await.unwrap();
    assert_eq!((run.renewed, run.ended), (0, 1));
    let status: String = sqlx::query_scalar("SELECT status FROM subscriptions").fetch_one(&app.db).await.unwrap();
    assert_eq!(status, "canceled");
    assert_eq!(
        count(&app, "SELECT count(*) FROM sandbox_gateway_objects WHERE kind = 'payment' AND body->'source'->>'type' = 'token'").await,
        0
    );
    let reasons: Vec<String> =
        sqlx::query_scalar("SELECT reason FROM subscription_events ORDER BY created_at").fetch_all(&app.db).await.unwrap();
    assert_eq!(reasons, ["paid", "cancel_requested", "resumed", "cancel_requested", "canceled_at_period_end"]);
}

#[tokio::test]
async fn an_admin_refunds_in_part_then_the_rest_each_with_a_credit_note_referring_to_the_invoice() {
    use takeone::account::{Accounts, Email, PasswordHasher};
    let app = TestApp::spawn().await;
    let (mut talent, payment) = paid_pro(&app).await;
    let _ = admin(&app, "admin@takeone.sa").await;
    let accounts = Accounts::new(app.db.clone(), PasswordHasher::new(1), takeone::token::TokenKey::new(b"test"));
    let find = |email: &'static str| {
        let accounts = accounts.clone();
        async move { accounts.find_by_email(&Email::parse(email).unwrap()).await.unwrap().unwrap() }
    };
    let (admin_user, talent_user) = (find("admin@takeone.sa").await, find("sara@talent.sa").await);
    let invoice: uuid::Uuid = sqlx::query_scalar("SELECT id FROM tax_invoices").fetch_one(&app.db).await.unwrap();
    let payments = node(&app).await;
    let meta = takeone::audit::RequestMeta::default();
    assert!(matches!(payments.refund(&talent_user, invoice, None, &meta).await, Err(takeone::billing::BillingError::Forbidden)));
    let note = payments.refund(&admin_user, invoice, Some(takeone::money::Halalas(1_000)), &meta).await.unwrap();
    assert_eq!((note.label(), note.refers_to.as_deref(), note.total.0, note.vat.0), ("CN-000001".into(), Some("INV-000001"), 1_000, 130));
    assert!(
        matches!(
            payments.refund(&admin_user, invoice, Some(takeone::money::Halalas(3_901)), &meta).await,
            Err(takeone::billing::BillingError::Invalid(_))
        ),
        "no more than what is left"
    );
    let rest = payments.refund(&admin_user, invoice, None, &meta).await.unwrap();
    assert_eq!((rest.label(), rest.total.0), ("CN-000002".into(), 3_900));
    let at_gateway: Value =
        sqlx::query_scalar("SELECT body FROM sandbox_gateway_objects WHERE id = $1").bind(&payment).fetch_one(&app.db).await.unwrap();
    assert_eq!((at_gateway["refunded"].as_i64(), at_gateway["status"].as_str()), (Some(4_900), Some("refunded")));
    assert_eq!(count(&app, "SELECT count(*) FROM audit_events WHERE event_type = 'PaymentRefunded'").await, 2);
    // The credit note prints with its reference; its buyer reads it.
    let (status, html) = talent.get(&format!("/en/account/billing/invoices/{}", note.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(plain(&html).contains("CN-000001") && plain(&html).contains("INV-000001"));
}

#[tokio::test]
async fn the_free_trial_opens_the_plan_for_seven_days_once_per_account_and_then_ends() {
    let app = TestApp::spawn().await;
    let mut talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "hirers").await;
    let (_, html) = talent.get("/en/plans").await;
    assert!(html.contains("data-testid=\"start-trial\""), "offered on the free plan");
    let res = talent.post_form("/api/fn/start_trial", &[("lang_code", "en"), ("plan", "talent_pro")]).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), "/en/account/billing");
    let (status, days): (String, i32) =
        sqlx::query_as("SELECT status, extract(day FROM current_period_end - current_period_start)::int FROM subscriptions")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((status.as_str(), days), ("trialing", 7));
    // Pro's rights meanwhile: a showreel.
    let (status, body) =
        announce(&mut talent, json!({ "filename": "reel.mp4", "mimetype": "video/mp4", "size": 5_000_000, "purpose": "showreel" })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // Paying stays open during the trial.
    let (_, html) = talent.get("/en/plans").await;
    assert!(html.contains("data-testid=\"checkout-form\""), "the trial can be turned into a subscription");
    // Once.
    let res = talent.post_form("/api/fn/start_trial", &[("lang_code", "en"), ("plan", "talent_pro")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(plain(&res.text().await.unwrap()).contains("The free trial is for accounts on the free plan."));
    // It ends by itself, and is not offered again.
    let run = node(&app).await.renew_due(time::OffsetDateTime::now_utc() + time::Duration::days(8)).await.unwrap();
    assert_eq!(run.ended, 1);
    let (_, html) = talent.get("/en/plans").await;
    assert_eq!(attr(&html, ".plan-current", "data-plan").as_deref(), Some("talent_free"));
    assert!(!html.contains("data-testid=\"start-trial\""), "a trial is once per account");
    let res = talent.post_form("/api/fn/start_trial", &[("lang_code", "en"), ("plan", "talent_pro")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(plain(&res.text().await.unwrap()).contains("The free trial can be used once per account, and it has been."));
    let reasons: Vec<String> =
        sqlx::query_scalar("SELECT reason FROM subscription_events ORDER BY created_at").fetch_all(&app.db).await.unwrap();
    assert_eq!(reasons, ["trial_started", "period_ended"]);
}

#[tokio::test]
async fn a_monthly_subscriber_upgrades_to_yearly_for_the_price_less_the_unused_month_and_goes_back_to_monthly_at_the_years_end() {
    let app = TestApp::spawn().await;
    let (mut talent, _) = paid_pro(&app).await;
    // The plans page offers the monthly subscriber the year, and only the year.
    let (_, html) = talent.get("/en/plans").await;
    let offered = texts(&html, "[data-plan=talent_pro] form[data-testid=checkout-form] fieldset label");
    assert_eq!(offered, ["Yearly"]);
    let res = talent
        .post_form(
            "/api/fn/start_checkout",
            &[("lang_code", "en"), ("form[plan]", "talent_pro"), ("form[interval]", "year"), ("form[method]", "mada")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let page = location(&res);
    let (kind, amount, vat): (String, i64, i64) =
        sqlx::query_as("SELECT kind, amount_halalas, vat_halalas FROM checkouts ORDER BY created_at DESC LIMIT 1")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(kind, "upgrade");
    // 490.00 less what is left of the 49.00 month (nearly all of it: a few seconds have passed).
    assert!((44_100..=44_110).contains(&amount), "{amount}");
    assert_eq!(vat, takeone::billing::Price::from_gross(takeone::money::Halalas(amount)).vat.0);
    let html = reqwest::get(format!("{page}?lang=en")).await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("{}.{:02} SAR", amount / 100, amount % 100)), "the gateway asks for the prorated amount");
    webhook_processed(&app, &query_value(&location(&pay(&page, "4111111111111111").await), "id")).await;
    let live: Vec<(String, String)> =
        sqlx::query_as("SELECT plan_id, billing_interval FROM subscriptions WHERE status = 'active'").fetch_all(&app.db).await.unwrap();
    assert_eq!(live, [("talent_pro".to_string(), "year".to_string())]);
    let totals: Vec<i64> = sqlx::query_scalar("SELECT total_halalas FROM tax_invoices ORDER BY number").fetch_all(&app.db).await.unwrap();
    assert_eq!(totals, [4_900, amount]);
    // Back to monthly is worth less than the year left: nothing to pay, it waits for the end.
    let res = talent
        .post_form(
            "/api/fn/start_checkout",
            &[("lang_code", "en"), ("form[plan]", "talent_pro"), ("form[interval]", "month"), ("form[method]", "mada")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), "/en/account/billing");
    assert_eq!(count(&app, "SELECT count(*) FROM checkouts").await, 2, "no checkout for a change that waits");
    let (_, html) = talent.get("/en/account/billing").await;
    assert!(plain(&html).contains("Changes to Talent Pro, monthly, at the end of this period"), "{}", plain(&html));
    let (status, body) = talent.get_fn("billing_page", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["current"]["subscription"]["next"], json!(["talent_pro", "month"]));
    // At the year's end the renewal charges a month, and the subscription is monthly from then.
    sqlx::query("UPDATE subscriptions SET current_period_start = now() - interval '30 days', current_period_end = now() - interval '1 minute' WHERE status = 'active'")
        .execute(&app.db)
        .await
        .unwrap();
    let run = node(&app).await.renew_due(time::OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(run.renewed, 1);
    let live: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT plan_id, billing_interval, next_interval FROM subscriptions WHERE status = 'active'")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(live, [("talent_pro".to_string(), "month".to_string(), None)]);
    let totals: Vec<i64> = sqlx::query_scalar("SELECT total_halalas FROM tax_invoices ORDER BY number").fetch_all(&app.db).await.unwrap();
    assert_eq!(totals, [4_900, amount, 4_900]);
    let reasons: Vec<String> =
        sqlx::query_scalar("SELECT reason FROM subscription_events ORDER BY created_at, reason").fetch_all(&app.db).await.unwrap();
    assert!(reasons.contains(&"change_scheduled".to_string()), "{reasons:?}");
}

#[tokio::test]
async fn choosing_the_free_plan_keeps_the_paid_one_to_the_end_of_its_period_then_ends_it() {
    let app = TestApp::spawn().await;
    let (mut talent, _) = paid_pro(&app).await;
    let res = talent
        .post_form(
            "/api/fn/start_checkout",
            &[("lang_code", "en"), ("form[plan]", "talent_free"), ("form[interval]", "month"), ("form[method]", "mada")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let (pro, cancel): (String, bool) =
        sqlx::query_as("SELECT plan_id, cancel_at_period_end FROM subscriptions WHERE status = 'active'").fetch_one(&app.db).await.unwrap();
    assert_eq!((pro.as_str(), cancel), ("talent_pro", true), "Pro until the period ends");
    sqlx::query("UPDATE subscriptions SET current_period_start = now() - interval '30 days', current_period_end = now() - interval '1 minute' WHERE status = 'active'")
        .execute(&app.db)
        .await
        .unwrap();
    let run = node(&app).await.renew_due(time::OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!((run.renewed, run.ended), (0, 1));
    let (_, body) = talent.get_fn("billing_page", &[]).await;
    assert_eq!(body["current"]["plan"]["id"], json!("talent_free"));
    assert_eq!(count(&app, "SELECT count(*) FROM tax_invoices").await, 1, "no charge after the end");
}

/// The text poppler reads out of a PDF, in reading order.
fn pdf_text(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("takeone-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils, installed by scripts/test)");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Poppler marks right-to-left runs with embedding controls; the words are what count.
    String::from_utf8(out.stdout).unwrap().chars().filter(|c| !matches!(*c as u32, 0x202A..=0x202E | 0x2066..=0x2069)).collect()
}

async fn pdf(b: &Browser, id: uuid::Uuid) -> reqwest::Response {
    b.client.get(b.url(&format!("/api/v1/billing/invoices/{id}/pdf"))).send().await.unwrap()
}

#[tokio::test]
async fn the_invoice_and_its_credit_note_download_as_pdfs_with_arabic_shaped_and_in_order() {
    use takeone::account::{Accounts, Email, PasswordHasher};
    let app = TestApp::spawn().await;
    let (talent, _) = paid_pro(&app).await;
    let invoice: uuid::Uuid = sqlx::query_scalar("SELECT id FROM tax_invoices").fetch_one(&app.db).await.unwrap();
    let res = pdf(&talent, invoice).await;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |res: &reqwest::Response, name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert_eq!(header(&res, "content-type"), "application/pdf");
    assert_eq!(header(&res, "content-disposition"), "attachment; filename=\"INV-000001.pdf\"");
    assert!(header(&res, "cache-control").contains("no-store"));
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&bytes);
    for expected in [
        "Simplified tax invoice",
        "فاتورة ضريبية مبسطة",
        "رقم الفاتورة",
        "INV-000001",
        "الرقم الضريبي",
        "300000000000003",
        "تيك ون",
        "المشتري",
        "Sara",
        "UTC+03:00",
        "49.00 SAR",
        "6.39 SAR",
        "42.61 SAR",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    // Another account, and nobody signed in, get nothing.
    let other = talent_with_profile(&app, "Lina", "lina@talent.sa", "1995-01-01", "public").await;
    assert_eq!(pdf(&other, invoice).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(pdf(&Browser::new(&app), invoice).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        talent.client.get(talent.url("/api/v1/billing/invoices/not-an-id/pdf")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // A credit note says what it is and which invoice it corrects.
    let _ = admin(&app, "admin@takeone.sa").await;
    let accounts = Accounts::new(app.db.clone(), PasswordHasher::new(1), takeone::token::TokenKey::new(b"test"));
    let admin_user = accounts.find_by_email(&Email::parse("admin@takeone.sa").unwrap()).await.unwrap().unwrap();
    let note = node(&app)
        .await
        .refund(&admin_user, invoice, Some(takeone::money::Halalas(1_000)), &takeone::audit::RequestMeta::default())
        .await
        .unwrap();
    let res = pdf(&talent, note.id).await;
    assert_eq!(header(&res, "content-disposition"), "attachment; filename=\"CN-000001.pdf\"");
    let text = pdf_text(&res.bytes().await.unwrap());
    for expected in ["Credit note", "إشعار دائن", "CN-000001", "INV-000001", "10.00 SAR", "1.30 SAR"] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
}

#[tokio::test]
async fn the_admins_billing_page_shows_revenue_statuses_failed_renewals_and_refunds_and_refunds_from_a_search() {
    let app = TestApp::spawn().await;
    let (_sara, _) = paid_pro(&app).await;
    // A second talent whose renewal is declined.
    let mut noor = talent_with_profile(&app, "Noor", "noor@talent.sa", "1997-03-03", "hirers").await;
    let page = checkout(&mut noor, "talent_pro").await;
    webhook_processed(&app, &query_value(&location(&pay(&page, "4000000000000341").await), "id")).await;
    sqlx::query(
        "UPDATE subscriptions SET current_period_start = now() - interval '30 days', current_period_end = now() - interval '1 minute'
         WHERE user_id = (SELECT id FROM users WHERE email = 'noor@talent.sa')",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let run = node(&app).await.renew_due(time::OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(run.failed, 1);

    let mut admin = admin(&app, "admin@takeone.sa").await;
    let month = time::OffsetDateTime::now_utc()
        .to_offset(takeone::casting::RIYADH)
        .format(time::macros::format_description!("[year]-[month]"))
        .unwrap();
    let (status, html) = admin.get("/en/admin/billing?q=sara").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-testid=\"revenue-chart\"") && html.contains("<rect"), "the chart is drawn");
    let cells = |html: &str, selector: String| texts(html, &selector).iter().map(|t| plain(t)).collect::<Vec<_>>();
    let row = cells(&html, format!("[data-testid=revenue-table] tr[data-month=\"{month}\"] td"));
    assert_eq!(row, [month.clone(), "SAR 98".into(), "SAR 0".into(), "SAR 98".into()], "two Pro payments this month");
    assert_eq!(texts(&html, "[data-testid=subscription-statuses] dd[data-status=active]"), ["1"]);
    assert_eq!(texts(&html, "[data-testid=subscription-statuses] dd[data-status=past_due]"), ["1"]);
    let failed = plain(&texts(&html, "[data-testid=failed-renewals] tbody tr").join(" | "));
    assert!(failed.contains("Noor") && failed.contains("Talent Pro"), "{failed}");
    assert_eq!(texts(&html, "[data-testid=billing-accounts] li[data-account]").len(), 1, "only Sara matches");
    let invoice: String =
        sqlx::query_scalar("SELECT t.id::text FROM tax_invoices t JOIN users u ON u.id = t.buyer_user_id WHERE u.email = 'sara@talent.sa'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    // A refund typed in Arabic-Indic digits; more than is left is refused at the field, kept.
    let res = admin
        .post_form("/api/fn/refund_invoice", &[("lang_code", "en"), ("q", "sara"), ("form[invoice]", &invoice), ("form[amount]", "٩٩")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(plain(&html).contains("49.00"), "says what is left: {}", plain(&html));
    assert_eq!(attr(&html, "input[name=\"form[amount]\"]", "value").as_deref(), Some("٩٩"));
    let res = admin
        .post_form("/api/fn/refund_invoice", &[("lang_code", "en"), ("q", "sara"), ("form[invoice]", &invoice), ("form[amount]", "١٠٫٥٠")])
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), "/en/admin/billing?q=sara");
    let (_, html) = admin.get("/en/admin/billing?q=sara").await;
    assert_eq!(texts(&html, "[data-testid=refunds] tbody tr td.ltr"), ["CN-000001", "INV-000001"]);
    let row = cells(&html, format!("[data-testid=revenue-table] tr[data-month=\"{month}\"] td[data-total]"));
    assert_eq!(row, ["SAR 87.50"], "revenue less the refund");
    assert_eq!(cells(&html, "[data-invoice=INV-000001] td".into()).last().map(String::as_str), Some("SAR 38.50"));
    // Nobody else sees it or refunds.
    let (status, _) = noor.get_fn("admin_billing", &[("q", "sara")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_guardian_chooses_and_pays_for_a_wards_plan_which_the_ward_cannot_buy_and_nobody_else_can_choose() {
    let app = TestApp::spawn().await;
    let mut minor = talent_with_profile(&app, "يوسف", "yousef@talent.sa", "2012-03-01", "hirers").await;
    // The minor cannot buy a plan: the guardian chooses.
    let res = minor
        .post_form(
            "/api/fn/start_checkout",
            &[("lang_code", "en"), ("form[plan]", "talent_pro"), ("form[interval]", "month"), ("form[method]", "mada")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    minor.post_form("/api/fn/invite_guardian", &[("lang_code", "ar"), ("form[email]", "mother@family.sa")]).await;
    let token = link_token(&wait_for_mail(&app, "mother@family.sa", "guardian/accept?token=").await.mail.text);
    let mut guardian = signed_up(&app, "guardian", "أم يوسف", "mother@family.sa", "").await;
    assert_eq!(guardian.post_form("/api/fn/accept_guardian", &[("lang_code", "ar"), ("token", &token)]).await.status(), StatusCode::FOUND);
    let profile: String =
        sqlx::query_scalar("SELECT p.id::text FROM talent_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = 'yousef@talent.sa'")
            .fetch_one(&app.db)
            .await
            .unwrap();

    // The guardian's plans page lists the ward, then shows the ward's plan and usage.
    let (_, html) = guardian.get("/en/plans").await;
    assert_eq!(texts(&html, "[data-testid=choose-ward] a"), ["يوسف"]);
    let (status, html) = guardian.get(&format!("/en/plans?ward={profile}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(plain(&html).contains("You are choosing the plan for يوسف"), "{}", plain(&html));
    assert_eq!(attr(&html, "[data-plan=talent_free] [data-testid=current-plan]", "data-testid").as_deref(), Some("current-plan"));
    assert_eq!(attr(&html, "[data-plan=talent_pro] input[name=\"form[ward]\"]", "value").as_deref(), Some(profile.as_str()));
    // Someone else's guardian cannot choose for him.
    let mut stranger = signed_up(&app, "guardian", "Stranger", "stranger@x.sa", "").await;
    let ward_form = |plan: &'static str| {
        vec![
            ("lang_code".to_string(), "en".to_string()),
            ("form[plan]".to_string(), plan.to_string()),
            ("form[interval]".to_string(), "month".to_string()),
            ("form[method]".to_string(), "mada".to_string()),
            ("form[ward]".to_string(), profile.clone()),
        ]
    };
    assert_eq!(stranger.post_owned("/api/fn/start_checkout", &ward_form("talent_pro")).await.status(), StatusCode::NOT_FOUND);
    let (status, _) = stranger.get(&format!("/en/plans?ward={profile}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The guardian pays on the sandbox: the ward gets Pro, the invoice is the guardian's.
    let res = guardian.post_owned("/api/fn/start_checkout", &ward_form("talent_pro")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let payment = query_value(&location(&pay(&location(&res), "4111111111111111").await), "id");
    webhook_processed(&app, &payment).await;
    let (plan, subject, payer): (String, String, String) = sqlx::query_as(
        "SELECT s.plan_id, su.email, pu.email FROM subscriptions s JOIN users su ON su.id = s.user_id JOIN users pu ON pu.id = s.payer_user_id
         WHERE s.status = 'active'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((plan.as_str(), subject.as_str(), payer.as_str()), ("talent_pro", "yousef@talent.sa", "mother@family.sa"));
    let buyer: String =
        sqlx::query_scalar("SELECT u.email FROM tax_invoices t JOIN users u ON u.id = t.buyer_user_id").fetch_one(&app.db).await.unwrap();
    assert_eq!(buyer, "mother@family.sa");
    let (_, body) = minor.get_fn("billing_page", &[]).await;
    assert_eq!(body["current"]["plan"]["id"], json!("talent_pro"), "the ward's plan");
    // The guardian's billing page shows the ward's plan and cancels it at the period's end.
    let (_, html) = guardian.get("/en/account/billing").await;
    assert_eq!(attr(&html, &format!("[data-ward=\"{profile}\"]"), "data-plan").as_deref(), Some("talent_pro"));
    let res = guardian.post_form("/api/fn/set_auto_renew", &[("lang_code", "en"), ("renew", "false"), ("ward", &profile)]).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let cancel: bool =
        sqlx::query_scalar("SELECT cancel_at_period_end FROM subscriptions WHERE status = 'active'").fetch_one(&app.db).await.unwrap();
    assert!(cancel);
    let res = stranger.post_form("/api/fn/set_auto_renew", &[("lang_code", "en"), ("renew", "true"), ("ward", &profile)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn two_admins_refunding_one_invoice_at_once_cannot_give_back_more_than_was_paid() {
    use takeone::account::{Accounts, Email, PasswordHasher};
    let app = TestApp::spawn().await;
    let (_talent, payment) = paid_pro(&app).await;
    let _ = admin(&app, "admin@takeone.sa").await;
    let accounts = Accounts::new(app.db.clone(), PasswordHasher::new(1), takeone::token::TokenKey::new(b"test"));
    let admin_user = accounts.find_by_email(&Email::parse("admin@takeone.sa").unwrap()).await.unwrap().unwrap();
    let invoice: uuid::Uuid = sqlx::query_scalar("SELECT id FROM tax_invoices").fetch_one(&app.db).await.unwrap();
    let (a, b) = (node(&app).await, node(&app).await);
    let meta = takeone::audit::RequestMeta::default();
    let thirty = Some(takeone::money::Halalas(3_000));
    let (first, second) = tokio::join!(a.refund(&admin_user, invoice, thirty, &meta), b.refund(&admin_user, invoice, thirty, &meta));
    let (notes, refused): (Vec<_>, Vec<_>) = [first, second].into_iter().partition(Result::is_ok);
    assert_eq!(notes.len(), 1, "one refund of 30.00 fits in 49.00, two do not");
    // The second waited for the first and was told what is left, before asking the gateway.
    assert!(matches!(refused[0], Err(takeone::billing::BillingError::Invalid(_))), "{:?}", refused[0]);
    assert_eq!(count(&app, "SELECT coalesce(sum(total_halalas), 0)::int8 FROM tax_invoices WHERE kind = 'credit_note'").await, 3_000);
    let at_gateway: Value =
        sqlx::query_scalar("SELECT body FROM sandbox_gateway_objects WHERE id = $1").bind(&payment).fetch_one(&app.db).await.unwrap();
    assert_eq!(at_gateway["refunded"].as_i64(), Some(3_000), "the gateway was asked once");
}
