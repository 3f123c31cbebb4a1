//! The search part of `takeone bench`: 100,000 talent profiles and 50,000 calls made from the
//! relevance collection's documents (their Arabic and English text, names recombined, facts
//! drawn at random), indexed on disk; then text + filters + facets queries in-process at 1 and
//! 16 clients, and the memory the process holds with both indexes loaded.

use rand::{Rng, SeedableRng, rngs::StdRng, seq::SliceRandom};
use std::path::{Path, PathBuf};
use std::time::Instant;
use takeone::search::{
    collection,
    doc::{CallDoc, TalentDoc},
    feed::SearchNode,
    index::Audience,
    plan::{Filters, Target},
};

const TALENTS: &str = include_str!("../../src/search/fixtures/collection/talents.jsonl");
const CALLS: &str = include_str!("../../src/search/fixtures/collection/calls.jsonl");
const QUERIES: &str = include_str!("../../src/search/fixtures/collection/queries-dev.jsonl");
pub const N_TALENTS: usize = 100_000;
pub const N_CALLS: usize = 50_000;

const CITIES: [&str; 18] = [
    "riyadh", "jeddah", "mecca", "medina", "dammam", "khobar", "dhahran", "taif", "abha", "khamis_mushait", "tabuk", "al_ula", "hail", "buraidah",
    "najran", "jazan", "al_ahsa", "yanbu",
];

fn lines<T: serde::de::DeserializeOwned>(s: &str) -> Vec<T> {
    s.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("the collection's own lines")).collect()
}

fn split_name(n: &str) -> (String, String) {
    match n.split_once(' ') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (n.to_string(), String::new()),
    }
}

pub fn talents(n: usize, rng: &mut StdRng) -> Vec<TalentDoc> {
    let base: Vec<TalentDoc> = lines(TALENTS);
    (0..n)
        .map(|i| {
            let mut t = base[i % base.len()].clone();
            let other = &base[rng.gen_range(0..base.len())];
            // First name of one, family name of another: 300 x 300 distinct people.
            let (first_ar, _) = split_name(t.name_ar.as_deref().unwrap_or_default());
            let (_, family_ar) = split_name(other.name_ar.as_deref().unwrap_or_default());
            let (first_en, _) = split_name(t.name_en.as_deref().unwrap_or_default());
            let (_, family_en) = split_name(other.name_en.as_deref().unwrap_or_default());
            t.id = format!("t-{i}");
            t.name_ar = Some(format!("{first_ar} {family_ar}"));
            t.name_en = Some(format!("{first_en} {family_en}"));
            t.stage_name = if rng.gen_bool(0.5) { t.name_ar.clone().unwrap_or_default() } else { t.name_en.clone().unwrap_or_default() };
            if rng.gen_bool(0.7) {
                t.city = Some(CITIES[rng.gen_range(0..CITIES.len())].to_string());
            }
            t.birth_year = Some(rng.gen_range(1960..2018));
            let lo = rng.gen_range(8..60);
            t.playing_age_min = Some(lo);
            t.playing_age_max = Some(lo + rng.gen_range(3..12));
            t.verified = rng.gen_bool(0.3);
            t.last_active_days = rng.gen_range(0..400);
            t.height_cm = Some(rng.gen_range(140..200));
            t.visibility = if rng.gen_bool(0.8) { "public".into() } else { "hirers".into() };
            t
        })
        .collect()
}

pub fn calls(n: usize, rng: &mut StdRng) -> Vec<CallDoc> {
    let base: Vec<CallDoc> = lines(CALLS);
    (0..n)
        .map(|i| {
            let mut c = base[i % base.len()].clone();
            c.id = format!("c-{i}");
            c.city = CITIES[rng.gen_range(0..CITIES.len())].to_string();
            c.status = if rng.gen_bool(0.8) { "active".into() } else { "closed".into() };
            // Around today, as on a live site: most open, some just past.
            let day = rng.gen_range(-30..240);
            c.deadline = Some((time::OffsetDateTime::now_utc().date() + time::Duration::days(day)).to_string());
            c.roles.shuffle(rng);
            c
        })
        .collect()
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p).map(|d| d.flatten().map(|e| if e.path().is_dir() { dir_size(&e.path()) } else { e.metadata().map_or(0, |m| m.len()) }).sum()).unwrap_or(0)
}

/// The resident memory of a process (`self` or a pid), from /proc.
pub fn rss_mb(process: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).unwrap_or_default();
    status.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|kb| kb.parse::<f64>().ok()).map_or(0.0, |kb| kb / 1024.0)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub struct SearchBench {
    pub dir: PathBuf,
    pub build_s: f64,
    pub talents_mb: f64,
    pub calls_mb: f64,
    pub rss_before_mb: f64,
    pub rss_loaded_mb: f64,
    /// (clients, queries, p50, p95, p99 in ms)
    pub latency: Vec<(usize, usize, f64, f64, f64)>,
}

/// The queries: the judged ones' text and filters, and each again with a city and age filter.
fn queries() -> Vec<(Target, String, Filters)> {
    let judged: Vec<collection::Judged> = lines(QUERIES);
    let mut out = Vec::new();
    for q in &judged {
        let (f, _) = Filters::from_json(&q.filters);
        out.push((q.target, q.query.clone(), f.clone()));
        let (g, _) = Filters::from_pairs([("city", "riyadh".to_string()), ("age", "30".into())]);
        out.push((q.target, q.query.clone(), g));
    }
    out
}

/// Builds the indexes under `dir` (the position is `position`, so a server opening them
/// resumes from there) and measures them.
pub fn run(dir: &Path, position: &str) -> anyhow::Result<SearchBench> {
    let _ = std::fs::remove_dir_all(dir);
    let rss_before_mb = rss_mb("self");
    let mut rng = StdRng::seed_from_u64(2026);
    let (ts, cs) = (talents(N_TALENTS, &mut rng), calls(N_CALLS, &mut rng));
    let started = Instant::now();
    let node = SearchNode::open(dir)?;
    let today = time::OffsetDateTime::now_utc().date();
    for t in &ts {
        node.talents.put_talent(t, today)?;
    }
    for c in &cs {
        node.calls.put_call(c)?;
    }
    node.talents.commit(position)?;
    node.calls.commit(position)?;
    let build_s = started.elapsed().as_secs_f64();
    drop((ts, cs));
    let qs = queries();
    let node = std::sync::Arc::new(node);
    // Talent is searched by hirers (the wider audience: public and hirers-only profiles).
    let hirer = Audience::Hirer { minors: Default::default() };
    let mut latency = Vec::new();
    for clients in [1usize, 16] {
        let per_client = if clients == 1 { 2_000 } else { 500 };
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (node, qs, hirer) = (node.clone(), qs.clone(), hirer.clone());
                std::thread::spawn(move || {
                    let mut ms = Vec::with_capacity(per_client);
                    for i in 0..per_client {
                        let (target, q, f) = &qs[(i * 7 + c * 13) % qs.len()];
                        let index = node.index(*target);
                        let t = Instant::now();
                        let plan = index.plan(q, f.clone());
                        let audience = if *target == Target::Talents { &hirer } else { &Audience::Public };
                        let r = index.search(&plan, audience, today, 1)?;
                        ms.push(t.elapsed().as_secs_f64() * 1000.0);
                        std::hint::black_box(r);
                    }
                    Ok::<_, takeone::search::index::IndexError>(ms)
                })
            })
            .collect();
        let mut all = Vec::new();
        for h in handles {
            all.extend(h.join().map_err(|_| anyhow::anyhow!("a search client panicked"))??);
        }
        all.sort_by(f64::total_cmp);
        latency.push((clients, all.len(), pct(&all, 0.5), pct(&all, 0.95), pct(&all, 0.99)));
    }
    let rss_loaded_mb = rss_mb("self");
    Ok(SearchBench {
        dir: dir.to_path_buf(),
        build_s,
        talents_mb: dir_size(&dir.join("talents")) as f64 / 1e6,
        calls_mb: dir_size(&dir.join("calls")) as f64 / 1e6,
        rss_before_mb,
        rss_loaded_mb,
        latency,
    })
}
