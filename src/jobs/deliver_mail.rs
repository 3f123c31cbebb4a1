//! Delivering one e-mail of the outbox.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverMail {
    pub delivery_id: Uuid,
}

impl super::Job for DeliverMail {
    const QUEUE: &'static str = "takeone.mail";
    const MAX_ATTEMPTS: i32 = 8;
}
