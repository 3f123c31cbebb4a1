//! Fetching one source: a page, or a WhatsApp group's new messages.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchSource {
    pub source_id: Uuid,
}

impl super::Job for FetchSource {
    // A page that is down now is tried again by its next schedule, so few attempts.
    const QUEUE: &'static str = "takeone.ingest.source";
    const MAX_ATTEMPTS: i32 = 3;
}
