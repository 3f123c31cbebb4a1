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
    "riyadh",
    "jeddah",
    "mecca",
    "medina",
    "dammam",
    "khobar",
    "dhahran",
    "taif",
    "abha",
    "khamis_mushait",
    "tabuk",
    "al_ula",
    "hail",
    "buraidah",
    "najran",
    "jazan",
    "al_ahsa",
    "yanbu",
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
    std::fs::read_dir(p)
        .map(|d| d.flatten().map(|e| if e.path().is_dir() { dir_size(&e.path()) } else { e.metadata().map_or(0, |m| m.len()) }).sum())
        .unwrap_or(0)
}

/// The resident memory of a process (`self` or a pid), from /proc.
pub fn rss_mb(process: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
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
                        let index = node.index_of(*target);
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

/// What the saved-search alert benchmark measured.
pub struct AlertsBench {
    pub saved: usize,
    pub new_calls: usize,
    pub run: takeone::search::alerts::AlertRun,
}

/// Saved-search alerts at scale: `saved` instant saved searches (the judged call queries, each
/// with a filter drawn at random, 25 per person) and then `new_calls` calls published at once
/// (the collection's), and one alert run timed: every due alert found, recorded and told.
/// Leaves the database as it found it (its people, calls and what they were told are deleted).
pub async fn alerts(db: &sqlx::PgPool, saved: usize, new_calls: usize) -> anyhow::Result<AlertsBench> {
    use takeone::search::{feed::Feed, service::Search};
    let node = std::sync::Arc::new(SearchNode::in_memory()?);
    Feed::new(db.clone(), node.clone()).catch_up().await?;
    let search = Search::new(db.clone(), node);
    // What changed before is not this benchmark's: an earlier run's cursor moves past it.
    search.run_alerts("instant").await?;
    let tag = format!("bench-alerts-{:08x}", rand::random::<u32>());
    let result = alerts_with(db, &search, &tag, saved, new_calls).await;
    let cleanup = async {
        sqlx::query("DELETE FROM email_deliveries WHERE to_address LIKE $1").bind(format!("{tag}-%")).execute(db).await?;
        sqlx::query("DELETE FROM casting_calls WHERE organization_id IN (SELECT id FROM organizations WHERE name_en = $1)")
            .bind(&tag)
            .execute(db)
            .await?;
        sqlx::query("DELETE FROM organizations WHERE name_en = $1").bind(&tag).execute(db).await?;
        sqlx::query("DELETE FROM users WHERE email LIKE $1").bind(format!("{tag}-%")).execute(db).await?;
        Ok::<_, sqlx::Error>(())
    };
    cleanup.await?;
    result
}

async fn alerts_with(
    db: &sqlx::PgPool,
    search: &takeone::search::service::Search,
    tag: &str,
    saved: usize,
    new_calls: usize,
) -> anyhow::Result<AlertsBench> {
    let mut rng = StdRng::seed_from_u64(7);
    let people = saved.div_ceil(takeone::search::service::MAX_SAVED_PER_USER as usize);
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, role, display_name)
         SELECT gen_random_uuid(), $1 || '-' || i || '@bench.takeone.sa', 'not-a-hash', 'talent', 'Bench ' || i FROM generate_series(1, $2) AS i",
    )
    .bind(tag)
    .bind(people as i32)
    .execute(db)
    .await?;
    let users: Vec<uuid::Uuid> =
        sqlx::query_scalar("SELECT id FROM users WHERE email LIKE $1 ORDER BY email").bind(format!("{tag}-%")).fetch_all(db).await?;
    let judged: Vec<collection::Judged> = lines(QUERIES);
    let calls_queries: Vec<&collection::Judged> = judged.iter().filter(|q| q.target == Target::Calls).collect();
    anyhow::ensure!(!calls_queries.is_empty(), "no judged call queries");
    let (mut ids, mut owners, mut queries, mut filters) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..saved {
        let q = calls_queries[rng.gen_range(0..calls_queries.len())];
        let (mut f, _) = Filters::from_json(&q.filters);
        match rng.gen_range(0..5) {
            0 => f.city = Some(CITIES[rng.gen_range(0..CITIES.len())].to_string()),
            1 => f.age = Some(rng.gen_range(10..60)),
            2 => f.paid = Some(true),
            3 => f.gender = Some(if rng.gen_bool(0.5) { "male" } else { "female" }.to_string()),
            _ => {}
        }
        ids.push(uuid::Uuid::new_v4());
        owners.push(users[i % users.len()]);
        queries.push(q.query.clone());
        filters.push(serde_json::to_value(&f)?);
    }
    sqlx::query(
        "INSERT INTO saved_searches (id, user_id, name, target, query, filters, frequency)
         SELECT s.id, s.owner, 'bench', 'calls', s.q, s.f, 'instant' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[]) AS s(id, owner, q, f)",
    )
    .bind(&ids)
    .bind(&owners)
    .bind(&queries)
    .bind(&filters)
    .execute(db)
    .await?;

    // The new calls: one burst of publishing, as after a busy hour.
    let org = uuid::Uuid::new_v4();
    sqlx::query("INSERT INTO organizations (id, name_en, verified) VALUES ($1, $2, true)").bind(org).bind(tag).execute(db).await?;
    let mut tx = db.begin().await?;
    for c in calls(new_calls, &mut rng) {
        let id = uuid::Uuid::new_v4();
        let title: String =
            if c.title_ar.is_empty() { c.title_en.clone().unwrap_or_default() } else { c.title_ar.clone() }.chars().take(200).collect();
        const KNOWN: [&str; 8] =
            ["feature_film", "tv_series", "commercial", "theatre", "music_video", "short_film", "documentary", "digital_content"];
        let project = c.project_type.as_deref().filter(|p| KNOWN.contains(p)).unwrap_or("commercial");
        sqlx::query(
            "INSERT INTO casting_calls (id, organization_id, title, description, city, project_type, deadline, status, published_at)
             VALUES ($1, $2, $3, $4, $5, $6, now() + interval '30 days', 'active', now())",
        )
        .bind(id)
        .bind(org)
        .bind(if title.is_empty() { "call".to_string() } else { title })
        .bind(&c.description_ar)
        .bind(&c.city)
        .bind(project)
        .execute(&mut *tx)
        .await?;
        for (position, r) in c.roles.iter().enumerate() {
            let gender = if matches!(r.gender.as_str(), "male" | "female") { r.gender.as_str() } else { "any" };
            let (lo, hi) = (r.age_min.clamp(0, 100), r.age_max.clamp(0, 100));
            let paid = r.paid.unwrap_or(c.paid);
            sqlx::query(
                "INSERT INTO casting_roles (id, casting_call_id, position, name, description, gender, age_min, age_max, is_paid, compensation_halalas)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(uuid::Uuid::new_v4())
            .bind(id)
            .bind(position as i32)
            .bind(&r.name)
            .bind(&r.description)
            .bind(gender)
            .bind(lo.min(hi))
            .bind(hi.max(lo))
            .bind(paid)
            .bind(paid.then(|| c.compensation_sar.unwrap_or(1000).max(1) * 100))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    let run = search.run_alerts_measured("instant").await?;
    Ok(AlertsBench { saved, new_calls, run })
}
