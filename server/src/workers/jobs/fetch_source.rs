//! Fetching one source (a page, or a WhatsApp group's new messages) into gathered items. The
//! source itself shows its last error; after the last attempt its next schedule tries again.

use crate::workers::job::Runs;
use app::ssr::Services;
use std::time::Duration;
use takeone::{ingest::collect::CollectError, jobs::FetchSource};

impl Runs for FetchSource {
    const CONCURRENCY: usize = 2;
    const POLL: Duration = Duration::from_secs(5);
    type Error = CollectError;

    async fn run(&self, s: &Services) -> Result<(), CollectError> {
        let added = s.collector.fetch_source(self.source_id).await?;
        tracing::info!(source = %self.source_id, new = added.new, filtered = added.filtered, seen = added.seen_before, "source fetched");
        Ok(())
    }
}
