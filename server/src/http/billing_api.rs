//! The billing API (`/api/v1/billing/...`): the plans on sale, public, with prices in integer
//! halalas (VAT included, the VAT beside it) and what each plan allows.

use super::{
    AppState,
    api::{failure, locale},
};
use axum::{
    Json,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};
use takeone::billing::{BillingError, Interval, Plan, Price};

fn price(p: Price) -> Value {
    json!({ "price": p.gross.0, "vat": p.vat.0, "net": p.net().0 })
}

/// One plan as API clients read it: `price` is the monthly price in halalas, VAT included.
pub fn plan_json(plan: &Plan, lang: takeone::Locale) -> Value {
    let e = plan.entitlements;
    json!({
        "id": plan.id.as_str(),
        "audience": plan.audience.as_str(),
        "name": plan.name(lang),
        "currency": "SAR",
        "price": plan.monthly.gross.0,
        "vat": plan.monthly.vat.0,
        "interval": Interval::Month.as_str(),
        "prices": { "month": price(plan.monthly), "year": price(plan.yearly) },
        "vatRatePercent": takeone::billing::VAT_RATE_PERCENT,
        "trialDays": plan.trial_days,
        "entitlements": {
            "applicationsPerMonth": e.applications_per_month,
            "photos": e.photos,
            "reels": e.reels,
            "searchBoost": e.search_boost,
            "openCalls": e.open_calls,
            "talentSearch": e.talent_search,
            "selfTapeRequests": e.self_tape_requests,
            "bulkMessages": e.bulk_messages,
            "teamSeats": e.team_seats,
        },
    })
}

pub async fn plans(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match state.services.billing.plans().await {
        Ok(plans) => {
            let lang = locale(&headers);
            Json(json!({ "plans": plans.iter().map(|p| plan_json(p, lang)).collect::<Vec<_>>() })).into_response()
        }
        Err(e) => failure(&headers, BillingError::Database(e)),
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntentBody {
    #[serde(default)]
    plan_id: String,
    #[serde(default)]
    payment_method: String,
    #[serde(default)]
    interval: Option<String>,
    /// A guardian paying for a ward: the ward's talent profile.
    #[serde(default)]
    ward_profile_id: Option<uuid::Uuid>,
}

/// `POST /api/v1/billing/payment-intents` `{planId, paymentMethod, interval?}`: opens a checkout
/// on the gateway's hosted page and answers where to send the person and what they will pay.
pub async fn payment_intent(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    axum::Extension(ip): axum::Extension<app::ssr::ClientIp>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    use super::twin_api::{caller, meta, respond};
    use takeone::{
        FieldErrors,
        billing::{PaymentMethod, PlanId},
    };
    respond(
        async {
            let user = caller(&state, &session, &headers).await?;
            let body: IntentBody = serde_json::from_slice(&body).map_err(|_| {
                super::api::error(
                    &headers,
                    axum::http::StatusCode::BAD_REQUEST,
                    "bad_request",
                    takeone::Msg::new("error-bad-request"),
                    FieldErrors::new(),
                )
            })?;
            let mut errors = FieldErrors::new();
            let plan = errors.take("planId", PlanId::parse(&body.plan_id));
            let method = errors.take("paymentMethod", PaymentMethod::parse(&body.payment_method));
            let interval = errors.take("interval", Interval::parse(body.interval.as_deref().unwrap_or("month")));
            let (Some(plan), Some(method), Some(interval)) = (plan, method, interval) else {
                return Err(failure(&headers, BillingError::Invalid(errors)));
            };
            let lang = locale(&headers);
            let started = state
                .services
                .payments
                .start(
                    &user,
                    body.ward_profile_id,
                    takeone::billing::payments::Choice { plan, interval, method },
                    lang,
                    &meta(&headers, &ip),
                )
                .await
                .map_err(|e| failure(&headers, e))?;
            use takeone::billing::payments::Started;
            Ok(match started {
                Started::Checkout(start) => (
                    axum::http::StatusCode::CREATED,
                    Json(json!({
                        "checkoutId": start.checkout_id,
                        "url": start.url,
                        "invoiceId": start.gateway_invoice_id,
                        "amount": start.amount.0,
                        "vat": start.vat.0,
                        "currency": "SAR",
                        "paymentMethod": method.as_str(),
                        // The hosted page takes the card; there is no client secret to hold.
                        "clientSecret": null,
                    })),
                )
                    .into_response(),
                // Nothing to pay now: the change waits for the end of the period paid for.
                Started::Scheduled { plan, interval, at } => Json(json!({
                    "scheduled": true,
                    "planId": plan.as_str(),
                    "interval": interval.as_str(),
                    "effectiveAt": at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
                }))
                .into_response(),
            })
        }
        .await,
    )
}

/// `GET /api/v1/billing/subscriptions`: the caller's plan and subscription.
pub async fn subscriptions(State(state): State<AppState>, session: tower_sessions::Session, headers: HeaderMap) -> Response {
    use super::twin_api::{caller, respond};
    respond(
        async {
            let user = caller(&state, &session, &headers).await?;
            let current = state.services.billing.current(&user).await.map_err(|e| failure(&headers, BillingError::Database(e)))?;
            let lang = locale(&headers);
            let body = match current {
                None => json!({ "subscription": null, "plan": null, "status": "not_charged" }),
                Some(c) => {
                    let sub = c.subscription.as_ref().map(|s| {
                        json!({
                            "id": s.id,
                            "status": s.status.as_str(),
                            "interval": s.interval.as_str(),
                            "currentPeriodEnd": s.period_end.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
                            "cancelAtPeriodEnd": s.cancel_at_period_end,
                            "complimentary": s.complimentary,
                            "nextPlanId": s.next.map(|(p, _)| p.as_str()),
                            "nextInterval": s.next.map(|(_, i)| i.as_str()),
                        })
                    });
                    let status = c.subscription.as_ref().map_or("free", |s| s.status.as_str());
                    json!({ "subscription": sub, "plan": plan_json(&c.plan, lang), "status": status })
                }
            };
            Ok(Json(body).into_response())
        }
        .await,
    )
}

/// `POST /api/v1/billing/moyasar/webhooks`: the gateway's events. 2xx only once what the event
/// caused has committed; a wrong or missing `secret_token` is 401 and nothing is kept.
pub async fn webhook(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    use axum::http::StatusCode;
    use takeone::billing::payments::WebhookError;
    match state.services.payments.webhook(&body).await {
        Ok(outcome) => {
            tracing::info!(outcome = outcome.as_str(), "gateway event");
            Json(json!({ "received": true, "outcome": outcome.as_str() })).into_response()
        }
        Err(WebhookError::Unauthorized) => {
            tracing::warn!("gateway event refused: wrong or missing secret_token");
            (StatusCode::UNAUTHORIZED, Json(json!({ "error": { "code": "unauthorized", "message": "wrong secret_token" } })))
                .into_response()
        }
        Err(WebhookError::Malformed(e)) => {
            (StatusCode::BAD_REQUEST, Json(json!({ "error": { "code": "bad_request", "message": e } }))).into_response()
        }
        Err(e) => {
            // Kept: the gateway retries, and the reconcile schedule picks it up.
            tracing::error!(error = %e, "gateway event not processed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "error": { "code": "unavailable", "message": "try again" } }))).into_response()
        }
    }
}

/// `POST /api/v1/billing/moyasar/invoice-callback`: a hosted invoice posted back. It carries no
/// secret, so only its id is read, and the invoice is read back from the gateway.
pub async fn invoice_callback(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    use axum::http::StatusCode;
    let id = serde_json::from_slice::<Value>(&body).ok().and_then(|v| v["id"].as_str().map(str::to_string));
    let Some(id) = id else {
        return (StatusCode::BAD_REQUEST, Json(json!({ "error": { "code": "bad_request", "message": "no invoice id" } }))).into_response();
    };
    match state.services.payments.invoice_callback(&id).await {
        Ok(()) => Json(json!({ "received": true })).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, invoice = %id, "invoice callback not settled now (the reconcile schedule will)");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "error": { "code": "unavailable", "message": "try again" } }))).into_response()
        }
    }
}

/// `GET /api/v1/billing/invoices/{id}/pdf`: one tax invoice or credit note as a PDF, for its
/// buyer or an admin (anyone else gets 404, as if it did not exist).
pub async fn invoice_pdf(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    use super::twin_api::{caller, respond};
    use axum::http::header;
    use takeone::{
        Locale,
        billing::invoice_pdf::{Labels, render},
    };
    respond(
        async {
            let user = caller(&state, &session, &headers).await?;
            let id = uuid::Uuid::parse_str(&id).map_err(|_| failure(&headers, BillingError::NotFound))?;
            let invoice = state.services.payments.tax_invoice(&user, id).await.map_err(|e| failure(&headers, e))?;
            let labels = |l: Locale| Labels::from_keys(|k| app::i18n::translate(l, k, &[]));
            let (ar, en) = (labels(Locale::Ar), labels(Locale::En));
            let label = invoice.label();
            // Shaping and font subsetting take a few milliseconds of CPU: off the async workers.
            let bytes = tokio::task::spawn_blocking(move || render(&invoice, &ar, &en))
                .await
                .map_err(|e| failure(&headers, BillingError::Document(e.to_string())))?
                .map_err(|e| failure(&headers, BillingError::Document(e.to_string())))?;
            Ok((
                [
                    (header::CONTENT_TYPE, "application/pdf".to_string()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{label}.pdf\"")),
                    (header::CACHE_CONTROL, "private, no-store".to_string()),
                ],
                bytes,
            )
                .into_response())
        }
        .await,
    )
}
