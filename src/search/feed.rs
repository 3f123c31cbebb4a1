//! Keeps this node's indexes current with the database. Triggers write a `search_changes` row
//! in every transaction that changes a profile or a call; a node reads the rows committed since
//! the snapshot it last applied (saved in the index's own commit), re-reads those documents and
//! commits them with the new snapshot. Nothing acknowledged by the database is missed, whatever
//! order transactions commit in, and a node that was down resumes from its own position.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool, Row};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::doc::{CallDoc, LanguageLevel, RoleDoc, TalentDoc};
use super::index::{IndexError, SearchIndex};
use super::plan::Target;

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("search feed database: {0}")]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// How long the change rows are kept; a node stopped for longer rebuilds.
pub const RETENTION_DAYS: i64 = 7;
const BATCH: usize = 500;

/// This node's two indexes.
pub struct SearchNode {
    pub talents: SearchIndex,
    pub calls: SearchIndex,
    /// Set once the feed has checked the indexes were made from this node's database (and
    /// rebuilt them if not): until then a directory left by another database must not answer.
    current: AtomicBool,
}

impl SearchNode {
    /// The indexes under `dir` (`dir/talents`, `dir/calls`). A directory another process holds
    /// is refused (`IndexError::Busy`), never shared.
    pub fn open(dir: &Path) -> Result<SearchNode, IndexError> {
        let talents = SearchIndex::open(&dir.join("talents"), Target::Talents)?;
        let calls = SearchIndex::open(&dir.join("calls"), Target::Calls)?;
        Ok(SearchNode { talents, calls, current: AtomicBool::new(false) })
    }

    pub fn in_memory() -> Result<SearchNode, IndexError> {
        Ok(SearchNode {
            talents: SearchIndex::in_memory(Target::Talents)?,
            calls: SearchIndex::in_memory(Target::Calls)?,
            current: AtomicBool::new(false),
        })
    }

    /// Whether the indexes are this database's, as the feed found when it last caught up.
    pub fn is_current(&self) -> bool {
        self.current.load(Ordering::Acquire)
    }

    pub fn index_of(&self, target: Target) -> &SearchIndex {
        match target {
            Target::Talents => &self.talents,
            Target::Calls => &self.calls,
        }
    }
}

/// Where a node is in the change feed, and of which database (`database_identity`): snapshots
/// of two databases of one server look alike, so a position read against another database
/// would keep the first one's documents and serve them.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
struct Position {
    snapshot: String,
    #[serde(with = "time::serde::timestamp")]
    at: OffsetDateTime,
    #[serde(default)]
    database: Option<Uuid>,
}

/// The position to save with indexes built outside the feed (the benchmark's), as of
/// `snapshot` of the database `database`.
pub fn position_json(snapshot: &str, database: Uuid) -> String {
    serde_json::to_string(&Position { snapshot: snapshot.to_string(), at: OffsetDateTime::now_utc(), database: Some(database) })
        .unwrap_or_default()
}

/// This database's own id (see the `database_identity` table), made on first use.
pub async fn database_identity(db: &PgPool) -> Result<Uuid, sqlx::Error> {
    const ME: &str = "SELECT oid FROM pg_database WHERE datname = current_database()";
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO database_identity (database_oid, id) SELECT oid, gen_random_uuid() FROM ({ME}) me ON CONFLICT DO NOTHING"
    )))
    .execute(db)
    .await?;
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT id FROM database_identity WHERE database_oid = ({ME})"))).fetch_one(db).await
}

#[derive(Clone)]
pub struct Feed {
    db: PgPool,
    node: Arc<SearchNode>,
    database: Arc<OnceLock<Uuid>>,
}

impl Feed {
    pub fn new(db: PgPool, node: Arc<SearchNode>) -> Feed {
        Feed { db, node, database: Arc::new(OnceLock::new()) }
    }

    async fn database(&self) -> Result<Uuid, FeedError> {
        if let Some(id) = self.database.get() {
            return Ok(*id);
        }
        let id = database_identity(&self.db).await?;
        Ok(*self.database.get_or_init(|| id))
    }

    pub fn node(&self) -> &Arc<SearchNode> {
        &self.node
    }

    fn position(&self) -> Result<Option<Position>, FeedError> {
        // Calls are committed last: their position is never ahead of the talents'.
        let saved = self.node.calls.position()?;
        Ok(saved.and_then(|p| serde_json::from_str::<Position>(&p).ok()))
    }

    async fn begin_snapshot(&self) -> Result<(sqlx::Transaction<'static, sqlx::Postgres>, String), FeedError> {
        let mut tx = self.db.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
        let snapshot: String = sqlx::query_scalar("SELECT pg_current_snapshot()::text").fetch_one(&mut *tx).await?;
        Ok((tx, snapshot))
    }

    fn commit(&self, snapshot: String, database: Uuid) -> Result<(), FeedError> {
        let p = serde_json::to_string(&Position { snapshot, at: OffsetDateTime::now_utc(), database: Some(database) }).unwrap_or_default();
        self.node.talents.commit(&p)?;
        self.node.calls.commit(&p)?;
        Ok(())
    }

    /// Rebuilds both indexes from the database, as of one snapshot. Returns (talents, calls).
    pub async fn rebuild(&self) -> Result<(usize, usize), FeedError> {
        let database = self.database().await?;
        let (mut tx, snapshot) = self.begin_snapshot().await?;
        let today = OffsetDateTime::now_utc().date();
        self.node.talents.clear()?;
        self.node.calls.clear()?;
        let talents: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM talent_profiles ORDER BY id").fetch_all(&mut *tx).await?;
        let calls: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM casting_calls ORDER BY id").fetch_all(&mut *tx).await?;
        let (mut nt, mut nc) = (0, 0);
        for chunk in talents.chunks(BATCH) {
            nt += self.apply(&mut tx, Target::Talents, chunk, today).await?;
        }
        for chunk in calls.chunks(BATCH) {
            nc += self.apply(&mut tx, Target::Calls, chunk, today).await?;
        }
        tx.commit().await?;
        self.commit(snapshot, database)?;
        self.node.current.store(true, Ordering::Release);
        tracing::info!(talents = nt, calls = nc, "search indexes rebuilt");
        Ok((nt, nc))
    }

    /// Applies what was committed since this node's position; rebuilds when it has none (a new
    /// node) or fell behind the feed's retention. Returns how many documents changed.
    /// Indexes made from another database (a search directory shared by mistake, or reused)
    /// are rebuilt, never served.
    pub async fn catch_up(&self) -> Result<usize, FeedError> {
        let database = self.database().await?;
        let Some(from) = self.position()? else {
            let (t, c) = self.rebuild().await?;
            return Ok(t + c);
        };
        if from.database != Some(database) {
            tracing::warn!(made_for = ?from.database, database = %database, "search indexes were made from another database; rebuilding");
            let (t, c) = self.rebuild().await?;
            return Ok(t + c);
        }
        if OffsetDateTime::now_utc() - from.at > time::Duration::days(RETENTION_DAYS - 1) {
            let (t, c) = self.rebuild().await?;
            return Ok(t + c);
        }
        let (mut tx, snapshot) = self.begin_snapshot().await?;
        if snapshot == from.snapshot {
            self.node.current.store(true, Ordering::Release);
            return Ok(0);
        }
        let rows: Vec<(String, Uuid)> = sqlx::query_as(
            "SELECT DISTINCT kind, entity_id FROM search_changes
             WHERE txid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(txid, $1::pg_snapshot)",
        )
        .bind(&from.snapshot)
        .fetch_all(&mut *tx)
        .await?;
        let today = OffsetDateTime::now_utc().date();
        let talents: Vec<Uuid> = rows.iter().filter(|(k, _)| k == "talent").map(|(_, id)| *id).collect();
        let calls: Vec<Uuid> = rows.iter().filter(|(k, _)| k == "call").map(|(_, id)| *id).collect();
        for chunk in talents.chunks(BATCH) {
            self.apply(&mut tx, Target::Talents, chunk, today).await?;
        }
        for chunk in calls.chunks(BATCH) {
            self.apply(&mut tx, Target::Calls, chunk, today).await?;
        }
        tx.commit().await?;
        self.commit(snapshot, database)?;
        self.node.current.store(true, Ordering::Release);
        if !rows.is_empty() {
            tracing::debug!(talents = talents.len(), calls = calls.len(), "search indexes caught up");
        }
        Ok(rows.len())
    }

    /// Re-reads `ids` and puts what is searchable, removes what is not. Returns how many are in.
    async fn apply(&self, tx: &mut PgConnection, target: Target, ids: &[Uuid], today: Date) -> Result<usize, FeedError> {
        let index = self.node.index_of(target);
        let docs: Vec<(Uuid, Option<Doc>)> = match target {
            Target::Talents => talent_docs(tx, ids, today).await?.into_iter().map(|(id, d)| (id, d.map(Doc::Talent))).collect(),
            Target::Calls => call_docs(tx, ids).await?.into_iter().map(|(id, d)| (id, d.map(Doc::Call))).collect(),
        };
        let mut n = 0;
        for id in ids {
            match docs.iter().find(|(d, _)| d == id).and_then(|(_, d)| d.as_ref()) {
                Some(Doc::Talent(t)) => {
                    index.put_talent(t, today)?;
                    n += 1;
                }
                Some(Doc::Call(c)) => {
                    index.put_call(c)?;
                    n += 1;
                }
                None => index.remove(&id.to_string()),
            }
        }
        Ok(n)
    }

    /// Follows the feed until `stop` resolves: woken by the triggers' notifications, and every
    /// `poll` whatever happens (a missed notification only delays).
    pub async fn run(self, poll: Duration, stop: impl std::future::Future<Output = ()>) {
        let mut listener = match sqlx::postgres::PgListener::connect_with(&self.db).await {
            Ok(mut l) => match l.listen("search_changes").await {
                Ok(()) => Some(l),
                Err(e) => {
                    tracing::warn!(error = %e, "search feed: cannot listen; polling only");
                    None
                }
            },
            Err(e) => {
                tracing::warn!(error = %e, "search feed: cannot listen; polling only");
                None
            }
        };
        tokio::pin!(stop);
        loop {
            if let Err(e) = self.catch_up().await {
                tracing::error!(error = %e, "search feed: catching up failed; retrying");
            }
            let wake = async {
                match listener.as_mut() {
                    Some(l) => {
                        let _ = tokio::time::timeout(poll, l.recv()).await;
                    }
                    None => tokio::time::sleep(poll).await,
                }
            };
            tokio::select! {
                _ = &mut stop => return,
                _ = wake => {}
            }
        }
    }

    /// Drops change rows every node has had time to read.
    pub async fn prune(db: &PgPool) -> Result<u64, sqlx::Error> {
        let r = sqlx::query("DELETE FROM search_changes WHERE created_at < now() - make_interval(days => $1)")
            .bind(RETENTION_DAYS as i32)
            .execute(db)
            .await?;
        Ok(r.rows_affected())
    }
}

enum Doc {
    Talent(TalentDoc),
    Call(CallDoc),
}

pub(super) async fn talent_docs(tx: &mut PgConnection, ids: &[Uuid], today: Date) -> Result<Vec<(Uuid, Option<TalentDoc>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT tp.id, tp.stage_name, tp.gender, tp.date_of_birth, tp.playing_age_min, tp.playing_age_max,
                tp.city, tp.dialects, tp.skills, tp.experience_level, tp.height_cm, tp.bio_ar, tp.bio_en, tp.verified,
                tp.visibility, GREATEST(tp.updated_at, u.last_login_at) AS active_at,
                COALESCE((SELECT array_agg(l.language ORDER BY l.position) FROM talent_languages l WHERE l.talent_profile_id = tp.id), '{}') AS languages,
                COALESCE((SELECT array_agg(c.title || ' ' || c.role_name || ' ' || replace(c.kind, '_', ' ') ORDER BY c.position)
                          FROM talent_credits c WHERE c.talent_profile_id = tp.id), '{}') AS credits
         FROM talent_profiles tp JOIN users u ON u.id = tp.user_id WHERE tp.id = ANY($1)",
    )
    .bind(ids)
    .fetch_all(&mut *tx)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: Uuid = r.try_get("id")?;
        let born: Option<Date> = r.try_get("date_of_birth")?;
        let active: OffsetDateTime = r.try_get("active_at")?;
        let languages: Vec<String> = r.try_get("languages")?;
        let mut doc = TalentDoc {
            id: id.to_string(),
            stage_name: r.try_get("stage_name")?,
            // Only the name the talent shows: the legal name is for contracts, and a hirer
            // who searched by it would find a person who chose to appear under another.
            name_ar: None,
            name_en: None,
            gender: r.try_get("gender")?,
            birth_year: born.map(|b| b.year()),
            birth_date: born,
            playing_age_min: r.try_get("playing_age_min")?,
            playing_age_max: r.try_get("playing_age_max")?,
            city: r.try_get("city")?,
            languages: languages.into_iter().map(|code| LanguageLevel { code, level: String::new() }).collect(),
            dialects: r.try_get("dialects")?,
            skills: r.try_get("skills")?,
            experience: r.try_get("experience_level")?,
            height_cm: r.try_get("height_cm")?,
            bio_ar: r.try_get("bio_ar")?,
            bio_en: r.try_get("bio_en")?,
            credits: r.try_get("credits")?,
            verified: r.try_get("verified")?,
            last_active_days: (today - active.date()).whole_days().max(0),
            visibility: r.try_get("visibility")?,
            completeness: None,
        };
        doc.completeness = Some(doc.completeness());
        out.push((id, Some(doc)));
    }
    Ok(out)
}

pub(super) async fn call_docs(tx: &mut PgConnection, ids: &[Uuid]) -> Result<Vec<(Uuid, Option<CallDoc>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.title, c.description, c.requirements, COALESCE(c.company, o.name_ar, o.name_en) AS company, o.name_en,
                c.city, c.project_type, c.language, c.deadline, c.status, c.published_at,
                COALESCE((SELECT json_agg(json_build_object('name', r.name, 'description', r.description, 'gender', r.gender,
                          'age_min', r.age_min, 'age_max', r.age_max, 'paid', r.is_paid, 'amount', r.compensation_halalas) ORDER BY r.position)
                          FROM casting_roles r WHERE r.casting_call_id = c.id), '[]') AS roles
         FROM casting_calls c LEFT JOIN organizations o ON o.id = c.organization_id WHERE c.id = ANY($1)",
    )
    .bind(ids)
    .fetch_all(&mut *tx)
    .await?;
    #[derive(Deserialize)]
    struct RoleRow {
        name: String,
        description: Option<String>,
        gender: String,
        age_min: i32,
        age_max: i32,
        paid: bool,
        amount: Option<i64>,
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: Uuid = r.try_get("id")?;
        let status: String = r.try_get("status")?;
        let published: Option<OffsetDateTime> = r.try_get("published_at")?;
        // Only what the public may see is searchable: drafts, reviews and take-downs are not.
        if !matches!(status.as_str(), "active" | "closed") || published.is_none() {
            out.push((id, None));
            continue;
        }
        let roles: sqlx::types::Json<Vec<RoleRow>> = r.try_get("roles")?;
        let title: String = r.try_get("title")?;
        let description: String = r.try_get("description")?;
        let requirements: Option<String> = r.try_get("requirements")?;
        let english = r.try_get::<String, _>("language")? == "en";
        let deadline: Option<OffsetDateTime> = r.try_get("deadline")?;
        let top_fee = roles.0.iter().filter_map(|r| r.amount).max();
        let body = match requirements {
            Some(req) => format!("{description}\n{req}"),
            None => description,
        };
        out.push((
            id,
            Some(CallDoc {
                id: id.to_string(),
                title_ar: if english { String::new() } else { title.clone() },
                title_en: english.then_some(title),
                description_ar: body,
                description_en: r.try_get("name_en")?,
                city: r.try_get("city")?,
                company: r.try_get("company")?,
                paid: roles.0.iter().any(|r| r.paid),
                compensation_sar: top_fee.map(|h| h / 100),
                roles: roles
                    .0
                    .into_iter()
                    .map(|r| RoleDoc {
                        name: r.name,
                        description: r.description,
                        gender: r.gender,
                        age_min: r.age_min,
                        age_max: r.age_max,
                        skills: vec![],
                        dialects: vec![],
                        paid: Some(r.paid),
                    })
                    .collect(),
                deadline: deadline.map(|d| d.date().to_string()),
                status,
                project_type: r.try_get("project_type")?,
                published_on: published.map(|p| p.date().to_string()),
            }),
        ));
    }
    Ok(out)
}
