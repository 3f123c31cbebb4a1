//! Telling people: in-app notifications (the bell) and e-mail. Both are written in the same
//! transaction as the event they report; each carries a dedupe key, so one event never makes
//! two notifications or two mails, however often it is reported.
//!
//! Parameters are strings; a parameter whose name ends in `_key` holds a locale key that the
//! reader's language turns into text (a status, a city).

mod kinds;

pub use kinds::{MailKind, NoticeKind};

#[cfg(feature = "ssr")]
mod inbox;
#[cfg(feature = "ssr")]
mod outbox;
#[cfg(feature = "ssr")]
pub use inbox::{Inbox, Notice, notify, notify_many};
#[cfg(feature = "ssr")]
pub use outbox::{Outbox, mail_address, mail_user as outbox_mail_user};

use crate::Locale;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A notification as its recipient sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: Uuid,
    pub kind: NoticeKind,
    pub params: Vec<(String, String)>,
    /// A path inside the site without the language (`applications/<id>`).
    pub link: String,
    pub read: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Parameters as the JSON object they are stored in.
pub fn params_object(params: &[(&str, String)]) -> serde_json::Value {
    serde_json::Value::Object(params.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone()))).collect())
}

/// The stored JSON object as (name, value) pairs, in name order.
pub fn params_pairs(value: &serde_json::Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = value
        .as_object()
        .map(|o| o.iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string()))).collect())
        .unwrap_or_default();
    out.sort();
    out
}

crate::choice! {
    pub enum DeliveryStatus: "delivery" {
        Pending => "pending",
        Sending => "sending",
        Sent => "sent",
        Failed => "failed",
    }
}

/// A mail to send, as the sending job reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: Uuid,
    pub to_address: String,
    pub locale: Locale,
    pub kind: MailKind,
    pub params: Vec<(String, String)>,
    /// A path inside the site without the language, the mail's call to action.
    pub link: Option<String>,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub subject: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub sent_at: Option<OffsetDateTime>,
}
