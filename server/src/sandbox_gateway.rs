//! The offline default of payments: a sandbox gateway in the binary that speaks Moyasar's API
//! (`/v1/invoices`, `/v1/payments`, refunds, Basic auth with the secret key), shows its own
//! hosted checkout page (marked SANDBOX, test cards only) and posts the same webhook envelope
//! back. It listens on its own loopback address, another origin, as the real gateway is.
//! Production refuses to start without real keys, so this never runs there.
//!
//! Test cards: 4111 1111 1111 1111 is approved, 4000 0000 0000 0002 is declined; a saved card
//! whose number was 4000 0000 0000 0341 is approved once, then declined (a renewal that fails).

// The error side of these results is the response itself, sent once; boxing it buys nothing.
#![allow(clippy::result_large_err)]

use crate::config::Config;
use anyhow::Context;
use axum::{
    Form, Json, Router,
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};
use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};
use sqlx::PgPool;
use std::{net::SocketAddr, sync::Arc, time::Duration};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};
use uuid::Uuid;

pub const APPROVED_CARD: &str = "4111111111111111";
pub const DECLINED_CARD: &str = "4000000000000002";
/// Approved when first paid; its saved card is declined when charged again.
pub const EXPIRING_CARD: &str = "4000000000000341";

/// A running sandbox.
pub struct Sandbox {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Clone)]
struct Gw {
    db: PgPool,
    secret_key: Arc<str>,
    base: Arc<str>,
    webhook_url: Arc<str>,
    webhook_secret: Arc<str>,
    http: reqwest::Client,
}

/// Starts the sandbox when the configuration asks for it, and points the payment settings at
/// the address it got.
pub async fn start(config: &mut Config, db: PgPool) -> anyhow::Result<Option<Sandbox>> {
    let Some(addr) = config.billing.sandbox else { return Ok(None) };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding the sandbox payment gateway on {addr} (TAKEONE_MOYASAR_SANDBOX_ADDR)"))?;
    let addr = listener.local_addr()?;
    let base = format!("http://{addr}");
    config.billing.api_url = base.clone();
    config.billing.checkout_origin = base.clone();
    let gw = Gw {
        db,
        secret_key: config.billing.secret_key.clone().into(),
        base: base.into(),
        webhook_url: format!("{}{}{}", config.public_url, takeone::routes::api::PREFIX, takeone::routes::api::BILLING_WEBHOOKS).into(),
        webhook_secret: config.billing.webhook_secret.clone().into(),
        http: reqwest::Client::builder().timeout(Duration::from_secs(10)).build()?,
    };
    let app = Router::new()
        .route("/v1/invoices", post(create_invoice))
        .route("/v1/invoices/{id}", get(read_invoice))
        .route("/v1/payments", post(charge))
        .route("/v1/payments/{id}", get(read_payment))
        .route("/v1/payments/{id}/refund", post(refund))
        .route("/checkout/{id}", get(checkout_page).post(pay))
        .with_state(gw);
    tracing::info!(%addr, "sandbox payment gateway serving (no real money moves)");
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the sandbox payment gateway stopped");
        }
    });
    Ok(Some(Sandbox { addr, task }))
}

fn api_error(status: StatusCode, kind: &str, message: &str, errors: Value) -> Response {
    (status, Json(json!({ "type": kind, "message": message, "errors": errors }))).into_response()
}

fn not_found() -> Response {
    api_error(StatusCode::NOT_FOUND, "api_error", "Object not found", Value::Null)
}

/// Basic auth with the secret key as the user name, as Moyasar asks.
fn authorized(gw: &Gw, headers: &HeaderMap) -> Result<(), Response> {
    let user = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .map(|s| s.split_once(':').map_or(s.clone(), |(u, _)| u.to_string()));
    match user {
        Some(u) if takeone::token::same_secret(u.as_bytes(), gw.secret_key.as_bytes()) => Ok(()),
        _ => Err(api_error(StatusCode::UNAUTHORIZED, "authentication_error", "Invalid authorization credentials", Value::Null)),
    }
}

fn now() -> String {
    OffsetDateTime::now_utc().format(&Rfc3339).unwrap_or_default()
}

async fn load(gw: &Gw, kind: &str, id: &str) -> Result<Option<Value>, sqlx::Error> {
    sqlx::query_scalar("SELECT body FROM sandbox_gateway_objects WHERE id = $1 AND kind = $2")
        .bind(id)
        .bind(kind)
        .fetch_optional(&gw.db)
        .await
}

async fn save(gw: &Gw, kind: &str, body: &Value, given_id: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sandbox_gateway_objects (id, kind, body, given_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body",
    )
    .bind(body["id"].as_str().unwrap_or_default())
    .bind(kind)
    .bind(body)
    .bind(given_id)
    .execute(&gw.db)
    .await?;
    Ok(())
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "sandbox gateway");
    api_error(StatusCode::INTERNAL_SERVER_ERROR, "api_error", "Internal error", Value::Null)
}

/// The amount rules the real API states: an integer number of halalas, at least 100, in SAR.
fn check_amount(body: &Value) -> Result<i64, Response> {
    let mut errors = serde_json::Map::new();
    let amount = body["amount"].as_i64();
    match amount {
        None => {
            errors.insert("amount".into(), json!(["must be an integer"]));
        }
        Some(a) if a < 100 => {
            errors.insert("amount".into(), json!(["must be greater than or equal to 100"]));
        }
        _ => {}
    }
    if body["currency"].as_str().unwrap_or("SAR") != "SAR" {
        errors.insert("currency".into(), json!(["is not supported"]));
    }
    if errors.is_empty() {
        Ok(amount.unwrap_or_default())
    } else {
        Err(api_error(StatusCode::BAD_REQUEST, "invalid_request_error", "Validation Failed", Value::Object(errors)))
    }
}

async fn create_invoice(State(gw): State<Gw>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = authorized(&gw, &headers) {
        return r;
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return api_error(StatusCode::BAD_REQUEST, "invalid_request_error", "Validation Failed", json!({ "body": ["is not JSON"] }));
    };
    let amount = match check_amount(&body) {
        Ok(a) => a,
        Err(r) => return r,
    };
    if body["description"].as_str().is_none_or(str::is_empty) {
        return api_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "Validation Failed",
            json!({ "description": ["can't be blank"] }),
        );
    }
    let id = Uuid::new_v4().to_string();
    let invoice = json!({
        "id": id,
        "status": "initiated",
        "amount": amount,
        "currency": "SAR",
        "description": body["description"],
        "amount_format": format!("{}.{:02} SAR", amount / 100, amount % 100),
        "url": format!("{}/checkout/{id}", gw.base),
        "callback_url": body["callback_url"],
        "success_url": body["success_url"],
        "back_url": body["back_url"],
        "metadata": body["metadata"],
        "payments": [],
        "created_at": now(),
        "updated_at": now(),
    });
    match save(&gw, "invoice", &invoice, None).await {
        Ok(()) => (StatusCode::CREATED, Json(invoice)).into_response(),
        Err(e) => internal(e),
    }
}

async fn read_invoice(State(gw): State<Gw>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    read(&gw, &headers, "invoice", &id).await
}

async fn read_payment(State(gw): State<Gw>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    read(&gw, &headers, "payment", &id).await
}

/// `GET /v1/<kind>s/{id}`: the object as last saved.
async fn read(gw: &Gw, headers: &HeaderMap, kind: &str, id: &str) -> Response {
    if let Err(r) = authorized(gw, headers) {
        return r;
    }
    match load(gw, kind, id).await {
        Ok(Some(o)) => Json(o).into_response(),
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

/// A charge of a saved card (`source.type = token`): the renewal path. `given_id` makes a
/// retry return the first charge instead of charging twice.
async fn charge(State(gw): State<Gw>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = authorized(&gw, &headers) {
        return r;
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return api_error(StatusCode::BAD_REQUEST, "invalid_request_error", "Validation Failed", json!({ "body": ["is not JSON"] }));
    };
    let amount = match check_amount(&body) {
        Ok(a) => a,
        Err(r) => return r,
    };
    if body["source"]["type"] != "token" {
        return api_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "Validation Failed",
            json!({ "source": ["cards are entered on the checkout page; charge a token here"] }),
        );
    }
    let given_id = body["given_id"].as_str().map(str::to_string);
    if let Some(g) = &given_id {
        let earlier: Result<Option<Value>, _> =
            sqlx::query_scalar("SELECT body FROM sandbox_gateway_objects WHERE given_id = $1").bind(g).fetch_optional(&gw.db).await;
        match earlier {
            Ok(Some(p)) => return (StatusCode::CREATED, Json(p)).into_response(),
            Ok(None) => {}
            Err(e) => return internal(e),
        }
    }
    let token_id = body["source"]["token"].as_str().unwrap_or_default().to_string();
    let token = match load(&gw, "token", &token_id).await {
        Ok(Some(t)) => t,
        Ok(None) => {
            return api_error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "Validation Failed",
                json!({ "source.token": ["is invalid"] }),
            );
        }
        Err(e) => return internal(e),
    };
    let approved = token["status"] == "active" && token["number"] != EXPIRING_CARD;
    let payment = payment_body(
        amount,
        body["description"].clone(),
        None,
        body["metadata"].clone(),
        token["number"].as_str().unwrap_or(APPROVED_CARD),
        "token",
        approved,
        Some(token_id.as_str()),
    );
    if let Err(e) = save(&gw, "payment", &payment, given_id.as_deref()).await {
        return internal(e);
    }
    post_webhook(&gw, if approved { "payment_paid" } else { "payment_failed" }, payment.clone());
    (StatusCode::CREATED, Json(payment)).into_response()
}

#[allow(clippy::too_many_arguments)]
fn payment_body(
    amount: i64,
    description: Value,
    invoice_id: Option<&str>,
    metadata: Value,
    number: &str,
    kind: &str,
    approved: bool,
    token: Option<&str>,
) -> Value {
    let last4 = &number[number.len().saturating_sub(4)..];
    json!({
        "id": Uuid::new_v4().to_string(),
        "status": if approved { "paid" } else { "failed" },
        "amount": amount,
        "fee": 0,
        "currency": "SAR",
        "refunded": 0,
        "refunded_at": null,
        "description": description,
        "amount_format": format!("{}.{:02} SAR", amount / 100, amount % 100),
        "invoice_id": invoice_id,
        "ip": null,
        "created_at": now(),
        "updated_at": now(),
        "metadata": metadata,
        "source": {
            "type": kind,
            "company": if number.starts_with('4') { "visa" } else { "mastercard" },
            "name": "SANDBOX CARD",
            "number": format!("XXXX-XXXX-XXXX-{last4}"),
            "message": if approved { "APPROVED" } else { "DECLINED (sandbox test card)" },
            "transaction_url": null,
            "gateway_id": format!("sandbox_{}", Uuid::new_v4().simple()),
            "reference_number": null,
            "token": token,
        },
    })
}

#[derive(Deserialize)]
struct RefundBody {
    amount: Option<i64>,
}

async fn refund(State(gw): State<Gw>, headers: HeaderMap, Path(id): Path<String>, body: Bytes) -> Response {
    if let Err(r) = authorized(&gw, &headers) {
        return r;
    }
    let wanted: RefundBody = serde_json::from_slice(&body).unwrap_or(RefundBody { amount: None });
    let mut payment = match load(&gw, "payment", &id).await {
        Ok(Some(p)) => p,
        Ok(None) => return not_found(),
        Err(e) => return internal(e),
    };
    let paid = payment["amount"].as_i64().unwrap_or_default();
    let refunded = payment["refunded"].as_i64().unwrap_or_default();
    let amount = wanted.amount.unwrap_or(paid - refunded);
    if !matches!(payment["status"].as_str(), Some("paid" | "captured" | "refunded")) || amount <= 0 || refunded + amount > paid {
        return api_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "Validation Failed",
            json!({ "amount": ["is more than what can be refunded"] }),
        );
    }
    payment["refunded"] = json!(refunded + amount);
    payment["refunded_at"] = json!(now());
    if refunded + amount == paid {
        payment["status"] = json!("refunded");
    }
    if let Err(e) = save(&gw, "payment", &payment, None).await {
        return internal(e);
    }
    post_webhook(&gw, "payment_refunded", payment.clone());
    Json(payment).into_response()
}

/// Posts the envelope as Moyasar does, retrying a refusal or a silence a few times.
fn post_webhook(gw: &Gw, kind: &str, data: Value) {
    let envelope = json!({
        "id": Uuid::new_v4().to_string(),
        "type": kind,
        "created_at": now(),
        "secret_token": &*gw.webhook_secret,
        "account_name": "TakeOne (sandbox)",
        "live": false,
        "data": data,
    });
    let (http, url) = (gw.http.clone(), gw.webhook_url.clone());
    tokio::spawn(async move {
        for attempt in 0..6u32 {
            match http.post(&*url).json(&envelope).send().await {
                Ok(r) if r.status().is_success() => return,
                Ok(r) => tracing::warn!(status = %r.status(), attempt, "the sandbox's webhook was refused"),
                Err(e) => tracing::warn!(error = %e, attempt, "the sandbox's webhook did not arrive"),
            }
            tokio::time::sleep(Duration::from_millis(500 * 2u64.pow(attempt))).await;
        }
    });
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    lang: String,
}

fn sar(amount: i64) -> String {
    format!("{}.{:02} SAR", amount / 100, amount % 100)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The hosted page; after a declined card it shows why and keeps the name typed (never the
/// card number).
fn page(invoice: &Value, ar: bool, error: Option<&str>, name: &str) -> Html<String> {
    let amount = invoice["amount"].as_i64().unwrap_or_default();
    let (dir, lang) = if ar { ("rtl", "ar") } else { ("ltr", "en") };
    let t = |a: &'static str, e: &'static str| if ar { a } else { e };
    let id = escape(invoice["id"].as_str().unwrap_or_default());
    let back = escape(invoice["back_url"].as_str().unwrap_or("/"));
    let error = error.map(|e| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(e))).unwrap_or_default();
    let paid = invoice["status"] != "initiated";
    let form = if paid {
        format!("<p>{}</p>", t("دُفعت هذه الفاتورة.", "This invoice is paid."))
    } else {
        format!(
            r#"<form method="post" action="/checkout/{id}?lang={lang}">
  <fieldset><legend>{method}</legend>
    <label><input type="radio" name="method" value="mada" checked> mada</label>
    <label><input type="radio" name="method" value="creditcard"> Visa / Mastercard</label>
    <label><input type="radio" name="method" value="applepay"> Apple Pay</label>
    <label><input type="radio" name="method" value="stcpay"> STC Pay</label>
  </fieldset>
  <label>{name_label}<input name="name" autocomplete="cc-name" value="{typed}" required></label>
  <label>{number}<input name="number" inputmode="numeric" autocomplete="cc-number" dir="ltr" required></label>
  <label>{month}<input name="month" inputmode="numeric" dir="ltr" value="12" required></label>
  <label>{year}<input name="year" inputmode="numeric" dir="ltr" value="2030" required></label>
  <label>CVC<input name="cvc" inputmode="numeric" dir="ltr" value="123" required></label>
  <label><input type="checkbox" name="save_card" value="true" checked> {save}</label>
  <button type="submit" data-testid="sandbox-pay">{pay}</button>
</form>
<p class="hint">{hint}</p>"#,
            method = t("طريقة الدفع", "Payment method"),
            name_label = t("الاسم على البطاقة", "Name on card"),
            typed = escape(name),
            number = t("رقم البطاقة", "Card number"),
            month = t("الشهر", "Month"),
            year = t("السنة", "Year"),
            save = t("احفظ البطاقة للتجديد التلقائي", "Save the card for renewals"),
            pay = t("ادفع", "Pay"),
            hint = t(
                "بطاقات تجريبية: 4111111111111111 تُقبل، 4000000000000002 تُرفض.",
                "Test cards: 4111111111111111 is approved, 4000000000000002 is declined."
            ),
        )
    };
    Html(format!(
        r#"<!doctype html>
<html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-inline-size:32rem;margin:2rem auto;padding:0 1rem}}
.sandbox{{background:#7a1f1f;color:#fff;padding:.5rem 1rem;font-weight:700;text-align:center}}
label{{display:block;margin-block:.5rem}}input:not([type=radio],[type=checkbox]){{display:block;inline-size:100%;padding:.4rem}}
button{{margin-block:1rem;padding:.6rem 1.5rem;font-size:1rem}}.error{{color:#7a1f1f;font-weight:700}}.hint{{color:#555}}</style></head>
<body><p class="sandbox" data-testid="sandbox-banner">{banner}</p>
<h1>{heading}</h1><p>{description}</p><p><strong data-testid="sandbox-amount">{amount_text}</strong></p>
{error}{form}<p><a href="{back}">{cancel}</a></p></body></html>"#,
        title = t("الدفع (بيئة تجريبية)", "Checkout (sandbox)"),
        banner = t("بيئة تجريبية — لا تُخصم أموال حقيقية", "SANDBOX — no real money moves"),
        heading = t("الدفع", "Checkout"),
        description = escape(invoice["description"].as_str().unwrap_or_default()),
        amount_text = sar(amount),
        cancel = t("رجوع", "Back"),
    ))
}

async fn checkout_page(State(gw): State<Gw>, Path(id): Path<String>, Query(q): Query<PageQuery>) -> Response {
    match load(&gw, "invoice", &id).await {
        Ok(Some(invoice)) => page(&invoice, q.lang != "en", None, "").into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no such invoice").into_response(),
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
struct PayForm {
    #[serde(default)]
    method: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    save_card: Option<String>,
}

async fn pay(State(gw): State<Gw>, Path(id): Path<String>, Query(q): Query<PageQuery>, Form(form): Form<PayForm>) -> Response {
    let ar = q.lang != "en";
    let mut invoice = match load(&gw, "invoice", &id).await {
        Ok(Some(i)) => i,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such invoice").into_response(),
        Err(e) => return internal(e),
    };
    if invoice["status"] != "initiated" {
        return (StatusCode::CONFLICT, page(&invoice, ar, None, "")).into_response();
    }
    let number: String = form.number.chars().filter(char::is_ascii_digit).collect();
    if number.len() < 12 {
        let msg = if ar { "رقم البطاقة غير صحيح." } else { "The card number is not valid." };
        return (StatusCode::UNPROCESSABLE_ENTITY, page(&invoice, ar, Some(msg), &form.name)).into_response();
    }
    let approved = number != DECLINED_CARD;
    let save_card = approved && form.save_card.is_some();
    let token = save_card.then(|| format!("token_{}", Uuid::new_v4().simple()));
    let kind = match form.method.as_str() {
        "applepay" | "stcpay" => form.method.as_str(),
        _ => "creditcard",
    };
    let payment = payment_body(
        invoice["amount"].as_i64().unwrap_or_default(),
        invoice["description"].clone(),
        Some(&id),
        invoice["metadata"].clone(),
        &number,
        kind,
        approved,
        token.as_deref(),
    );
    if let Some(token) = &token {
        let t = json!({ "id": token, "status": "active", "number": number, "brand": "visa", "last_four": &number[number.len() - 4..] });
        if let Err(e) = save(&gw, "token", &t, None).await {
            return internal(e);
        }
    }
    if let Err(e) = save(&gw, "payment", &payment, None).await {
        return internal(e);
    }
    if let Some(list) = invoice["payments"].as_array_mut() {
        list.push(payment.clone());
    }
    if approved {
        invoice["status"] = json!("paid");
    }
    invoice["updated_at"] = json!(now());
    if let Err(e) = save(&gw, "invoice", &invoice, None).await {
        return internal(e);
    }
    post_webhook(&gw, if approved { "payment_paid" } else { "payment_failed" }, payment.clone());
    if !approved {
        let msg = if ar {
            "رُفضت البطاقة (بطاقة تجريبية مرفوضة)."
        } else {
            "The card was declined (a declining test card)."
        };
        return (StatusCode::PAYMENT_REQUIRED, page(&invoice, ar, Some(msg), &form.name)).into_response();
    }
    // The invoice's server callback, as the real gateway posts it; it carries no secret.
    if let Some(callback) = invoice["callback_url"].as_str().map(str::to_string) {
        let (http, body) = (gw.http.clone(), invoice.clone());
        tokio::spawn(async move {
            let _ = http.post(callback).json(&body).send().await;
        });
    }
    let success = invoice["success_url"].as_str().unwrap_or("/");
    let pid = payment["id"].as_str().unwrap_or_default();
    let sep = if success.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{success}{sep}id={pid}&status=paid&message=APPROVED&invoice_id={id}")).into_response()
}
