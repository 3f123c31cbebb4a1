use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use takeone::billing::{Audience, CurrentPlan, Plan, Usage};

#[cfg(feature = "ssr")]
use crate::ssr;

/// The plans page: every plan on sale, and for a signed-in account the plan it is on and what
/// it used of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlansData {
    pub plans: Vec<Plan>,
    /// Whose plans the visitor buys (talent or hirer); `None` for visitors, admins and guardians.
    pub audience: Option<Audience>,
    pub current: Option<CurrentPlan>,
    pub usage: Option<Usage>,
    /// The free trial is still there to start (once per account, from the free plan).
    pub trial: bool,
    /// A guardian's wards (talent profile, name), whose plans the guardian chooses.
    pub wards: Vec<(uuid::Uuid, String)>,
    /// The ward whose plan is being chosen, when a guardian picked one.
    pub ward: Option<(uuid::Uuid, String)>,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "plans_page")]
pub async fn plans_page(#[server(default)] ward: String) -> Result<PlansData, AppError> {
    use takeone::billing::Subject;
    let billing = &ssr::services()?.billing;
    let plans = billing.plans().await.map_err(ssr::internal)?;
    let mut user = ssr::current_user().await?;
    let now = time::OffsetDateTime::now_utc();
    let (mut current, mut usage, mut audience, mut trial) = (None, None, None, false);
    let (mut wards, mut chosen) = (vec![], None);
    // A guardian chooses for a ward: the page is then about the ward's account.
    if let Some(guardian) = user.clone().filter(|u| u.role == takeone::account::UserRole::Guardian) {
        wards = billing.wards_plans(&guardian).await.map_err(ssr::internal)?.into_iter().map(|(id, name, _)| (id, name)).collect();
        if let Ok(id) = uuid::Uuid::parse_str(ward.trim()) {
            let ward_user = billing.ward(&guardian, id).await.map_err(billing_failure)?;
            chosen = wards.iter().find(|(w, _)| *w == id).cloned();
            user = Some(ward_user);
        }
    }
    if let Some(user) = &user {
        trial = chosen.is_none() && billing.trial_available(user).await.map_err(ssr::internal)?;
        audience = Subject::of(user).map(|(_, a)| a);
        current = billing.current(user).await.map_err(ssr::internal)?;
        if current.is_some() {
            usage = Some(billing.usage(user, now).await.map_err(ssr::internal)?);
        }
    }
    Ok(PlansData { plans, audience, current, usage, trial, wards, ward: chosen })
}

/// What the plans page's checkout form posts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutInput {
    #[serde(default)]
    pub plan: String,
    #[serde(default)]
    pub interval: String,
    #[serde(default)]
    pub method: String,
    /// A guardian choosing for a ward: the ward's talent profile.
    #[serde(default)]
    pub ward: String,
}

/// Opens a checkout and sends the browser to the gateway's hosted page.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "start_checkout")]
pub async fn start_checkout(lang_code: String, form: CheckoutInput) -> Result<String, AppError> {
    use takeone::{
        FieldErrors,
        billing::{BillingError, Interval, PaymentMethod, PlanId},
        routes::Page,
    };
    let user = ssr::require_user().await?;
    let lang = ssr::locale(&lang_code);
    let ward = match form.ward.trim() {
        "" => None,
        w => Some(ssr::parse_id(w)?),
    };
    let page = match ward {
        Some(w) => takeone::routes::with_query(Page::Plans.href(lang), &[("ward", &w.to_string())]),
        None => Page::Plans.href(lang),
    };
    let mut errors = FieldErrors::new();
    let plan = errors.take("plan", PlanId::parse(&form.plan));
    let interval = errors.take("interval", Interval::parse(&form.interval));
    let method = errors.take("method", PaymentMethod::parse(&form.method));
    let (Some(plan), Some(interval), Some(method)) = (plan, interval, method) else {
        return Err(ssr::failure("checkout", &form, BillingError::Invalid(errors), page));
    };
    let started = ssr::services()?
        .payments
        .start(&user, ward, takeone::billing::payments::Choice { plan, interval, method }, lang, &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("checkout", &form, e, page))?;
    let url = match started {
        takeone::billing::payments::Started::Checkout(c) => c.url,
        // Nothing to pay now: the billing page says what changes and when.
        takeone::billing::payments::Started::Scheduled { .. } => Page::Billing.href(lang),
    };
    ssr::redirect(&url);
    Ok(url)
}

/// The person is back from the gateway: what the gateway says about the checkout.
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "confirm_checkout")]
pub async fn confirm_checkout(checkout: String) -> Result<takeone::billing::CheckoutStatus, AppError> {
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&checkout)?;
    ssr::services()?.payments.confirm(&user, id).await.map_err(billing_failure)
}

#[cfg(feature = "ssr")]
fn billing_failure(e: takeone::billing::BillingError) -> AppError {
    use takeone::{DomainError, Failure};
    match e.failure() {
        Failure::NotFound => AppError::NotFound,
        Failure::Forbidden => AppError::Forbidden,
        Failure::Refused(m) => AppError::Form(Box::new(crate::errors::Feedback {
            form: String::new(),
            input: serde_json::Value::Null,
            errors: Default::default(),
            form_error: Some(m),
            status: 409,
        })),
        _ => ssr::internal(e),
    }
}

/// One invoice or credit note as its buyer reads and prints it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub invoice: takeone::billing::invoice::TaxInvoice,
    /// The QR code as SVG markup (the ZATCA TLV text inside).
    pub qr_svg: String,
}

/// The billing page: the plan, the next renewal, the card, the invoices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BillingData {
    pub current: Option<CurrentPlan>,
    pub usage: Option<Usage>,
    pub card: Option<(String, String)>,
    pub invoices: Vec<takeone::billing::invoice::TaxInvoice>,
    /// The plan a scheduled change moves to at the end of the period.
    pub next_plan: Option<takeone::billing::Plan>,
    /// A guardian's wards and the plans the guardian chose for them.
    pub wards: Vec<(uuid::Uuid, String, CurrentPlan)>,
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "billing_page")]
pub async fn billing_page() -> Result<BillingData, AppError> {
    let user = ssr::require_user().await?;
    let services = ssr::services()?;
    let now = time::OffsetDateTime::now_utc();
    let current = services.billing.current(&user).await.map_err(ssr::internal)?;
    let usage = match &current {
        Some(_) => Some(services.billing.usage(&user, now).await.map_err(ssr::internal)?),
        None => None,
    };
    let card = services.billing.card(&user).await.map_err(ssr::internal)?;
    let invoices = services.payments.tax_invoices_of(&user).await.map_err(billing_failure)?;
    let next_plan = match current.as_ref().and_then(|c| c.subscription.as_ref()).and_then(|s| s.next) {
        Some((id, _)) => services.billing.plans().await.map_err(ssr::internal)?.into_iter().find(|p| p.id == id),
        None => None,
    };
    let wards = services.billing.wards_plans(&user).await.map_err(ssr::internal)?;
    Ok(BillingData { current, usage, card, invoices, next_plan, wards })
}

#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "tax_invoice")]
pub async fn tax_invoice(id: String) -> Result<InvoiceView, AppError> {
    let user = ssr::require_user().await?;
    let id = ssr::parse_id(&id)?;
    let invoice = ssr::services()?.payments.tax_invoice(&user, id).await.map_err(billing_failure)?;
    let qr_svg = takeone::billing::zatca::svg(&invoice.qr).map_err(ssr::internal)?;
    Ok(InvoiceView { invoice, qr_svg })
}

/// Cancel at the end of the period (`renew=false`), or take that back (`renew=true`).
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "set_auto_renew")]
pub async fn set_auto_renew(lang_code: String, renew: String, #[server(default)] ward: String) -> Result<(), AppError> {
    let user = ssr::require_user().await?;
    let ward = match ward.trim() {
        "" => None,
        w => Some(ssr::parse_id(w)?),
    };
    ssr::services()?.payments.set_cancel_at_period_end(&user, ward, renew != "true").await.map_err(billing_failure)?;
    ssr::redirect_plain(&takeone::routes::Page::Billing.href(ssr::locale(&lang_code)));
    Ok(())
}

/// Starts the free trial of a plan (no card), then shows the billing page.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "start_trial")]
pub async fn start_trial(lang_code: String, plan: String) -> Result<(), AppError> {
    use takeone::{
        FieldErrors,
        billing::{BillingError, PlanId},
        routes::Page,
    };
    let user = ssr::require_user().await?;
    let lang = ssr::locale(&lang_code);
    let page = Page::Plans.href(lang);
    let input = CheckoutInput { plan: plan.clone(), ..Default::default() };
    let mut errors = FieldErrors::new();
    let Some(plan) = errors.take("plan", PlanId::parse(&plan)) else {
        return Err(ssr::failure("checkout", &input, BillingError::Invalid(errors), page));
    };
    ssr::services()?
        .billing
        .start_trial(&user, plan, time::OffsetDateTime::now_utc(), &ssr::request_meta())
        .await
        .map_err(|e| ssr::failure("checkout", &input, e, page))?;
    ssr::redirect_plain(&Page::Billing.href(lang));
    Ok(())
}

/// The admins' billing page: revenue, subscriptions by status, failed renewals, refunds, and
/// the accounts matching `q`.
#[server(client = crate::csrf_client::CsrfClient, input = GetUrl, prefix = "/api/fn", endpoint = "admin_billing")]
pub async fn admin_billing(q: String) -> Result<takeone::billing::admin::BillingOverview, AppError> {
    let user = ssr::require_user().await?;
    ssr::services()?.payments.admin_overview(&user, &q, time::OffsetDateTime::now_utc()).await.map_err(billing_failure)
}

/// What the admins' refund form posts: the invoice, and an amount in riyals (empty: all that
/// is left).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundInput {
    #[serde(default)]
    pub invoice: String,
    #[serde(default)]
    pub amount: String,
}

/// An admin refunds an invoice in full or in part; a credit note records it.
#[server(client = crate::csrf_client::CsrfClient, prefix = "/api/fn", endpoint = "refund_invoice")]
pub async fn refund_invoice(lang_code: String, q: String, form: RefundInput) -> Result<(), AppError> {
    use takeone::{FieldErrors, billing::BillingError, money::Halalas, routes::Page};
    let user = ssr::require_user().await?;
    let lang = ssr::locale(&lang_code);
    let page = takeone::routes::with_query(Page::AdminBilling.href(lang), &[("q", q.as_str())]);
    let payments = &ssr::services()?.payments;
    payments.may_refund(&user).map_err(billing_failure)?;
    let mut errors = FieldErrors::new();
    let invoice = uuid::Uuid::parse_str(form.invoice.trim()).ok();
    if invoice.is_none() {
        errors.add("invoice", takeone::Msg::new("error-required"));
    }
    let amount = if form.amount.trim().is_empty() { None } else { errors.take("amount", Halalas::parse_sar(&form.amount)) };
    let (Some(invoice), true) = (invoice, errors.is_empty()) else {
        return Err(ssr::failure("refund", &form, BillingError::Invalid(errors), page));
    };
    payments.refund(&user, invoice, amount, &ssr::request_meta()).await.map_err(|e| ssr::failure("refund", &form, e, page.clone()))?;
    ssr::redirect_plain(&page);
    Ok(())
}
