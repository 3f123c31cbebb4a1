//! Moyasar, the Saudi payment gateway, through its documented REST API: HTTP Basic with the
//! secret key as the user name, amounts in halalas, JSON. TakeOne uses hosted invoices (the
//! gateway's checkout page takes the card, mada, Apple Pay or STC Pay and runs 3-D Secure), reads
//! payments back to check them, charges saved cards and refunds. The same client talks to the
//! real API and to the sandbox gateway the binary serves offline.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;
use url::Url;

pub const DEFAULT_API_URL: &str = "https://api.moyasar.com";

/// A payment as the gateway reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    pub id: String,
    /// initiated, paid, failed, authorized, captured, refunded, voided, verified.
    pub status: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default)]
    pub refunded: i64,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub invoice_id: Option<String>,
    #[serde(default)]
    pub metadata: Option<Value>,
    #[serde(default)]
    pub source: Option<Source>,
}

impl Payment {
    /// Money was taken (and not given back in full).
    pub fn is_paid(&self) -> bool {
        matches!(self.status.as_str(), "paid" | "captured")
    }

    /// A metadata value as text.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metadata.as_ref()?.get(key)?.as_str()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    #[serde(rename = "type", default)]
    pub kind: String,
    /// visa, mastercard, mada, amex…
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// Masked: XXXX-XXXX-XXXX-1111.
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub transaction_url: Option<String>,
    /// A saved card to charge again (`source.type = token`).
    #[serde(default)]
    pub token: Option<String>,
}

impl Source {
    /// The card's last four digits, from its masked number.
    pub fn last4(&self) -> Option<String> {
        let digits: String = self.number.as_deref()?.chars().filter(char::is_ascii_digit).collect();
        (digits.len() >= 4).then(|| digits[digits.len() - 4..].to_string())
    }
}

/// A hosted invoice: the gateway's page where the person pays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: String,
    /// initiated, paid, failed, refunded, canceled, on_hold, expired, voided.
    pub status: String,
    pub amount: i64,
    pub currency: String,
    pub url: String,
    #[serde(default)]
    pub metadata: Option<Value>,
    #[serde(default)]
    pub payments: Vec<Payment>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewInvoice {
    pub amount: i64,
    pub currency: String,
    pub description: String,
    /// Where the gateway posts the paid invoice (server to server).
    pub callback_url: String,
    /// Where the person's browser goes after paying.
    pub success_url: String,
    pub back_url: String,
    pub metadata: Value,
}

/// A charge of a saved card, without the person present (a renewal).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenCharge {
    pub amount: i64,
    pub currency: String,
    pub description: String,
    /// The gateway's idempotency key: the same id never charges twice.
    pub given_id: String,
    pub callback_url: String,
    pub token: String,
    pub metadata: Value,
}

/// What the gateway posts to the webhook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub secret_token: String,
    #[serde(default)]
    pub account_name: Option<String>,
    #[serde(default)]
    pub live: Option<bool>,
    #[serde(default)]
    pub data: Value,
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("the gateway could not be reached: {0}")]
    Unreachable(#[from] reqwest::Error),
    /// The gateway answered with an error (`type`, `message` as it sent them).
    #[error("the gateway refused ({status} {kind}): {message}")]
    Refused { status: u16, kind: String, message: String },
    #[error("the gateway's answer could not be read: {0}")]
    Decode(String),
    #[error("the gateway is not set up: {0}")]
    Setup(String),
}

/// The gateway as the billing service needs it.
#[async_trait::async_trait]
pub trait Gateway: Send + Sync {
    async fn create_invoice(&self, invoice: &NewInvoice) -> Result<Invoice, GatewayError>;
    async fn invoice(&self, id: &str) -> Result<Invoice, GatewayError>;
    async fn payment(&self, id: &str) -> Result<Payment, GatewayError>;
    async fn charge_token(&self, charge: &TokenCharge) -> Result<Payment, GatewayError>;
    /// Refunds `amount` halalas of a payment, all of what is left when `None`.
    async fn refund(&self, payment: &str, amount: Option<i64>) -> Result<Payment, GatewayError>;
}

/// Moyasar's REST API at `base` (`https://api.moyasar.com`, or the sandbox's address).
#[derive(Clone)]
pub struct MoyasarClient {
    base: Url,
    secret_key: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for MoyasarClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MoyasarClient").field("base", &self.base.as_str()).finish_non_exhaustive()
    }
}

impl MoyasarClient {
    pub fn new(base: &str, secret_key: impl Into<String>) -> Result<MoyasarClient, GatewayError> {
        let mut base = Url::parse(base).map_err(|e| GatewayError::Setup(format!("the API address {base:?}: {e}")))?;
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().map_err(|e| GatewayError::Setup(e.to_string()))?;
        Ok(MoyasarClient { base, secret_key: secret_key.into(), http })
    }

    fn url(&self, path: &str) -> Result<Url, GatewayError> {
        self.base.join(path).map_err(|e| GatewayError::Setup(e.to_string()))
    }

    async fn send<T: serde::de::DeserializeOwned>(&self, req: reqwest::RequestBuilder) -> Result<T, GatewayError> {
        let res = req.basic_auth(&self.secret_key, Some("")).header("accept", "application/json").send().await?;
        let status = res.status();
        let bytes = res.bytes().await?;
        if !status.is_success() {
            let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            return Err(GatewayError::Refused {
                status: status.as_u16(),
                kind: body["type"].as_str().unwrap_or("unknown").to_string(),
                message: body["message"].as_str().unwrap_or_default().chars().take(300).collect(),
            });
        }
        serde_json::from_slice(&bytes).map_err(|e| GatewayError::Decode(e.to_string()))
    }

    /// An id the gateway gave, checked before it goes into a path.
    fn id(id: &str) -> Result<&str, GatewayError> {
        let ok = !id.is_empty() && id.len() <= 100 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok { Ok(id) } else { Err(GatewayError::Decode(format!("not a gateway id: {id:?}"))) }
    }
}

#[async_trait::async_trait]
impl Gateway for MoyasarClient {
    async fn create_invoice(&self, invoice: &NewInvoice) -> Result<Invoice, GatewayError> {
        self.send(self.http.post(self.url("v1/invoices")?).json(invoice)).await
    }

    async fn invoice(&self, id: &str) -> Result<Invoice, GatewayError> {
        self.send(self.http.get(self.url(&format!("v1/invoices/{}", Self::id(id)?))?)).await
    }

    async fn payment(&self, id: &str) -> Result<Payment, GatewayError> {
        self.send(self.http.get(self.url(&format!("v1/payments/{}", Self::id(id)?))?)).await
    }

    async fn charge_token(&self, charge: &TokenCharge) -> Result<Payment, GatewayError> {
        let body = serde_json::json!({
            "amount": charge.amount,
            "currency": charge.currency,
            "description": charge.description,
            "given_id": charge.given_id,
            "callback_url": charge.callback_url,
            "metadata": charge.metadata,
            "source": { "type": "token", "token": charge.token, "3ds": false },
        });
        self.send(self.http.post(self.url("v1/payments")?).json(&body)).await
    }

    async fn refund(&self, payment: &str, amount: Option<i64>) -> Result<Payment, GatewayError> {
        let body = match amount {
            Some(a) => serde_json::json!({ "amount": a }),
            None => serde_json::json!({}),
        };
        self.send(self.http.post(self.url(&format!("v1/payments/{}/refund", Self::id(payment)?))?).json(&body)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_payment_and_its_card() {
        let p: Payment = serde_json::from_str(
            r#"{ "id": "760878ec-d1d3-5f72-9056-191683f55872", "status": "paid", "amount": 60000, "fee": 1580,
                 "currency": "SAR", "refunded": 0, "refunded_at": null, "description": null, "amount_format": "600 SAR",
                 "invoice_id": "9785ba96-a1be-5b13-a281-b27a4a6dad39", "ip": null, "callback_url": null,
                 "created_at": "2016-05-11T17:04:17.000Z", "metadata": null,
                 "source": { "type": "creditcard", "company": "visa", "name": "Saleh Ali", "number": "XXXX-XXXX-XXXX-1111",
                             "message": null, "transaction_url": null, "gateway_id": "moyasar_cc_ce1iUidxhrh74257S891wvW",
                             "reference_number": "125478454231", "token": null } }"#,
        )
        .unwrap();
        assert!(p.is_paid());
        assert_eq!(p.amount, 60_000);
        assert_eq!(p.invoice_id.as_deref(), Some("9785ba96-a1be-5b13-a281-b27a4a6dad39"));
        let card = p.source.unwrap();
        assert_eq!((card.kind.as_str(), card.company.as_deref(), card.last4().as_deref()), ("creditcard", Some("visa"), Some("1111")));
    }

    #[test]
    fn ids_that_could_change_the_path_are_refused() {
        assert!(MoyasarClient::id("760878ec-d1d3-5f72-9056-191683f55872").is_ok());
        assert!(MoyasarClient::id("token_x6okRgkZJrhgDHyqJ9zztW2X1k").is_ok());
        for bad in ["", "../v1/invoices", "a/b", "a?b=c", "x y"] {
            assert!(MoyasarClient::id(bad).is_err(), "{bad:?}");
        }
    }
}
