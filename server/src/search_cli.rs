//! `takeone search ...`: rebuild this node's indexes, score the engine on a judged collection,
//! answer one query over a collection's documents (for anyone's scorer).

use crate::commands::SearchAction;
use crate::config::Config;
use anyhow::Context;
use takeone::search::collection::{self, Collection};
use takeone::search::plan::Target;

fn target(s: &str) -> anyhow::Result<Target> {
    Target::parse(s).with_context(|| format!("--target must be talents or calls, not {s:?}"))
}

/// The collection tools need no configuration and no database.
pub fn offline(action: &SearchAction) -> Option<anyhow::Result<()>> {
    match action {
        SearchAction::Reindex => None,
        SearchAction::Eval { dir } => Some(eval(dir)),
        SearchAction::Query { docs, target: t, q, filters } => Some((|| {
            let filters: serde_json::Value = serde_json::from_str(filters).context("--filters must be a JSON object")?;
            let c = Collection::load(docs).with_context(|| format!("loading {}", docs.display()))?;
            let ids = c.query(target(t)?, q, &filters)?;
            println!("{}", serde_json::to_string(&ids)?);
            Ok(())
        })()),
    }
}

fn eval(dir: &std::path::Path) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let c = Collection::load(dir).with_context(|| format!("loading {}", dir.display()))?;
    let queries = collection::judged(dir)?;
    anyhow::ensure!(!queries.is_empty(), "no judged queries (queries*.jsonl) in {}", dir.display());
    let report = collection::evaluate(&c, &queries)?;
    println!("{:<20} {:>7} {:>10} {:>11}", "kind", "queries", "recall@10", "violations");
    for (kind, s) in &report.by_kind {
        println!("{kind:<20} {:>7} {:>10.3} {:>10.1}%", s.queries, s.recall_at_10, s.violations * 100.0);
    }
    let o = &report.overall;
    println!("{:<20} {:>7} {:>10.3} {:>10.1}%", "all", o.queries, o.recall_at_10, o.violations * 100.0);
    for m in &report.misses {
        println!("  {} {:?}: missing {:?}, irrelevant returned {:?}", m.qid, m.query, m.missing, m.returned_irrelevant);
    }
    println!("({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}

pub async fn reindex(config: &Config) -> anyhow::Result<()> {
    let db = takeone::db::prepare(&config.database_url, 4).await?;
    let node = takeone::search::feed::SearchNode::open(&config.search_dir)
        .with_context(|| format!("opening the indexes in {} (is a server using them? stop it first)", config.search_dir.display()))?;
    let started = std::time::Instant::now();
    let (t, c) = takeone::search::feed::Feed::new(db, std::sync::Arc::new(node)).rebuild().await?;
    println!(
        "indexed {t} talent profiles and {c} casting calls in {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        config.search_dir.display()
    );
    Ok(())
}
