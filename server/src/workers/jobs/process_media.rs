//! Processing an uploaded file (scan, renditions or HLS ladder). One at a time per node: a
//! transcode takes the machine's cores. Idempotent: a run finds its asset where the last one
//! left it.

use crate::workers::job::Runs;
use app::ssr::Services;
use std::time::Duration;
use takeone::{
    jobs::ProcessMedia,
    media::{MediaError, Processed},
};

impl Runs for ProcessMedia {
    const CONCURRENCY: usize = 1;
    const POLL: Duration = Duration::from_secs(2);
    type Error = MediaError;

    async fn run(&self, s: &Services) -> Result<(), MediaError> {
        match s.media.process(self.asset_id).await? {
            Processed::Ready => tracing::info!(asset = %self.asset_id, "media ready"),
            Processed::Unscanned => tracing::warn!(asset = %self.asset_id, "media kept unscanned: the scanner is unavailable"),
            Processed::Rejected(why) => tracing::info!(asset = %self.asset_id, why, "media rejected"),
            Processed::Skipped => tracing::debug!(asset = %self.asset_id, "media processing had nothing to do"),
        }
        Ok(())
    }

    async fn record_failure(&self, s: &Services, e: &MediaError, last: bool) -> Result<(), sqlx::Error> {
        match s.media.record_failure(self.asset_id, &e.to_string(), last).await {
            Err(MediaError::Database(e)) => Err(e),
            _ => Ok(()),
        }
    }
}
