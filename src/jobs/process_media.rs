//! Checking and preparing one uploaded file: scan, renditions or the HLS ladder, hash.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessMedia {
    pub asset_id: Uuid,
}

impl super::Job for ProcessMedia {
    const QUEUE: &'static str = "takeone.media.process";
    const MAX_ATTEMPTS: i32 = 4;
}
