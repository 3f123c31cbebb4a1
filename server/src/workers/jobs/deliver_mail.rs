//! Sending one mail of the outbox: claimed once (a second job finds it sent or held), rendered in
//! its reader's language, given up on a permanent refusal or after the last attempt (and then
//! shown to administrators, who can retry it).

use crate::workers::{job::Runs, mail::MailRenderer};
use app::ssr::Services;
use std::time::Duration;
use takeone::{jobs::DeliverMail, mail::MailError};

#[derive(Debug, thiserror::Error)]
pub enum DeliveryFailed {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Send(MailError),
}

impl Runs for DeliverMail {
    const CONCURRENCY: usize = 4;
    const POLL: Duration = Duration::from_secs(2);
    type Error = DeliveryFailed;

    async fn run(&self, s: &Services) -> Result<(), DeliveryFailed> {
        let Some(delivery) = s.outbox.claim(self.delivery_id).await? else {
            // Sent already, or another sender holds it: nothing to do, and nothing sent twice.
            return Ok(());
        };
        let mail = MailRenderer::new(&s.public_url, s.token_key.clone()).render(&delivery);
        s.mailer.send(&mail).await.map_err(DeliveryFailed::Send)?;
        s.outbox.mark_sent(delivery.id, &mail.subject, &mail.message_id).await?;
        tracing::info!(delivery = %delivery.id, kind = delivery.kind.as_str(), via = %s.mailer.describe(), "mail sent");
        Ok(())
    }

    fn permanent(e: &DeliveryFailed) -> bool {
        matches!(e, DeliveryFailed::Send(e) if e.is_permanent())
    }

    async fn record_failure(&self, s: &Services, e: &DeliveryFailed, last: bool) -> Result<(), sqlx::Error> {
        match e {
            DeliveryFailed::Send(e) => s.outbox.mark_failed(self.delivery_id, &e.to_string(), last).await,
            DeliveryFailed::Db(_) => Ok(()),
        }
    }
}
