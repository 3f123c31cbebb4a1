//! Sending: over SMTP, or into the development folder.

use super::{OutgoingMail, StoredMail};
use async_trait::async_trait;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
};
use std::path::PathBuf;
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the address {0:?} cannot receive mail")]
    Address(String),
    #[error("building the message failed: {0}")]
    Build(String),
    #[error("the mail server refused or failed: {0}")]
    Transport(String),
    #[error("writing the mail folder failed: {0}")]
    Folder(#[from] std::io::Error),
}

impl MailError {
    /// A bad address will not get better by retrying.
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Address(_) | MailError::Build(_))
    }
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
    /// For logs and the health page: where mail goes.
    fn describe(&self) -> String;
}

fn build(from: &Mailbox, mail: &OutgoingMail) -> Result<Message, MailError> {
    let to: Mailbox = mail.to.parse().map_err(|_| MailError::Address(mail.to.clone()))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .message_id(Some(mail.message_id.clone()))
        .multipart(MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone()))
        .map_err(|e| MailError::Build(e.to_string()))
}

/// Real delivery through an SMTP relay.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    host: String,
}

impl SmtpMailer {
    /// `url` is `smtp://user:pass@host:587?tls=required` (STARTTLS, never falls back to plain
    /// text), `smtps://user:pass@host:465` (TLS from the start), or `smtp://host:port` for a relay
    /// on a trusted network (and tests); production refuses the last.
    pub fn from_url(url: &str, from: &str) -> Result<SmtpMailer, MailError> {
        let from: Mailbox = from.parse().map_err(|_| MailError::Address(from.to_string()))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Transport(e.to_string()))?
            .hello_name(lettre::transport::smtp::extension::ClientId::Domain(from.email.domain().to_string()))
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let host = url.split('@').next_back().unwrap_or(url).split(['/', '?']).next().unwrap_or_default().to_string();
        Ok(SmtpMailer { transport, from, host })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = build(&self.from, mail)?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            if e.is_permanent() { MailError::Address(format!("{}: {e}", mail.to)) } else { MailError::Transport(e.to_string()) }
        })
    }

    fn describe(&self) -> String {
        format!("smtp {}", self.host)
    }
}

/// Development: each mail becomes `<time>-<message id>.eml` (what SMTP would carry) and a
/// `.json` beside it with the readable parts, for the administrators' mail page.
pub struct FolderMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl FolderMailer {
    pub fn new(dir: impl Into<PathBuf>, from: &str) -> Result<FolderMailer, MailError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        let from: Mailbox = from.parse().map_err(|_| MailError::Address(from.to_string()))?;
        Ok(FolderMailer { dir, from })
    }

    fn file_stem(mail: &OutgoingMail, at: OffsetDateTime) -> String {
        let id: String = mail.message_id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(60).collect();
        format!("{:020}-{id}", at.unix_timestamp_nanos())
    }
}

#[async_trait]
impl Mailer for FolderMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = build(&self.from, mail)?;
        let at = OffsetDateTime::now_utc();
        let stem = Self::file_stem(mail, at);
        let eml = self.dir.join(format!("{stem}.eml"));
        let json = self.dir.join(format!("{stem}.json"));
        let stored = StoredMail { file: format!("{stem}.eml"), at, mail: mail.clone() };
        let body = serde_json::to_vec_pretty(&stored).map_err(|e| MailError::Build(e.to_string()))?;
        tokio::fs::write(&eml, message.formatted()).await?;
        // Written last and renamed into place: a reader never sees half a mail.
        let tmp = self.dir.join(format!(".{stem}.json.tmp"));
        tokio::fs::write(&tmp, body).await?;
        tokio::fs::rename(&tmp, &json).await?;
        Ok(())
    }

    fn describe(&self) -> String {
        format!("folder {}", self.dir.display())
    }
}

/// The newest mails of a mail folder (for the administrators' page and tests).
pub async fn read_folder(dir: &std::path::Path, limit: usize) -> Result<Vec<StoredMail>, std::io::Error> {
    let mut names = Vec::new();
    let mut entries = match tokio::fs::read_dir(dir).await {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(e),
    };
    while let Some(entry) = entries.next_entry().await? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort_unstable_by(|a, b| b.cmp(a));
    let mut out = Vec::new();
    for name in names.into_iter().take(limit) {
        let bytes = tokio::fs::read(dir.join(&name)).await?;
        if let Ok(m) = serde_json::from_slice::<StoredMail>(&bytes) {
            out.push(m);
        }
    }
    Ok(out)
}

/// Whether `from` ("TakeOne <no-reply@takeone.sa>") can be a sender.
pub fn is_valid_sender(from: &str) -> bool {
    from.parse::<Mailbox>().is_ok()
}
