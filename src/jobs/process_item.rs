//! Turning one gathered post into a candidate of the validation queue.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessItem {
    pub item_id: Uuid,
}

impl super::Job for ProcessItem {
    const QUEUE: &'static str = "takeone.ingest.item";
    const MAX_ATTEMPTS: i32 = 5;
}
