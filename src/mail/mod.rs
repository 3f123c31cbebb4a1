//! E-mail: over SMTP when configured, otherwise into a local folder an administrator can read
//! in the browser. Both build the same RFC 5322 message.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[cfg(feature = "ssr")]
mod send;
#[cfg(feature = "ssr")]
pub use send::{FolderMailer, MailError, Mailer, SmtpMailer, is_valid_sender, read_folder};

/// A rendered mail, ready to go.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Stable per delivery, so a receiving server can tell a retry from a new mail.
    pub message_id: String,
}

/// A mail as the folder keeps it for reading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredMail {
    pub file: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[serde(flatten)]
    pub mail: OutgoingMail,
}
