//! Applications in PostgreSQL. Every status change names the version it saw (optimistic
//! concurrency) and writes its event in the same transaction.

use super::{
    Answer, Applicant, ApplicationDetail, ApplicationInput, ApplicationStatus, ApplicationSummary, ApplyRefusal, BulkOutcome, Contact,
    MAX_MESSAGE, MAX_NOTE, Message, NewApplication, Note, Parties, Party, Side, StatusChangeError, TimelineEvent, WORKSHEET_PAGE_SIZE,
    Worksheet, WorksheetFilter, WorksheetRow, WorksheetSort, initial_status,
};
use crate::{
    FieldErrors, Msg,
    account::{User, UserRole},
    audit::{self, RequestMeta},
    billing,
    casting::{CastingCalls, Gender},
    city::City,
    notify::{self, Notice, NoticeKind},
    routes::Page,
    talent::{self, Dialect, Language, Skill, Talents},
    text,
};
use serde_json::json;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Row, postgres::PgRow};
use std::collections::HashMap;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("refused: {0}")]
    Refused(ApplyRefusal),
    #[error("only talent apply")]
    NotTalent,
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error(transparent)]
    Transition(#[from] StatusChangeError),
    /// Someone else changed it first; it is now `current`.
    #[error("changed by someone else: now {current:?}")]
    Conflict { current: ApplicationStatus, version: i32 },
    #[error("refused: {0:?}")]
    Rule(Msg),
    /// The talent's plan does not allow another application this month.
    #[error("plan limit: {0:?}")]
    Plan(crate::billing::Gate),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl ApplicationError {
    pub fn msg(&self) -> Msg {
        match self {
            ApplicationError::Invalid(_) => Msg::new("error-form-invalid"),
            ApplicationError::Refused(r) => r.msg(),
            ApplicationError::NotTalent => Msg::new("error-talent-only"),
            ApplicationError::NotFound => Msg::new("error-not-found"),
            ApplicationError::Forbidden => Msg::new("error-forbidden"),
            ApplicationError::Transition(t) => t.msg(),
            ApplicationError::Conflict { current, .. } => Msg::new("error-application-conflict").with("status_key", current.label_key()),
            ApplicationError::Rule(m) => m.clone(),
            ApplicationError::Plan(g) => g.msg(),
            ApplicationError::Database(_) => Msg::new("error-internal"),
        }
    }
}

impl crate::DomainError for ApplicationError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            ApplicationError::Invalid(e) => Failure::Invalid(e.clone()),
            ApplicationError::Refused(ApplyRefusal::CallNotFound | ApplyRefusal::RoleNotFound) | ApplicationError::NotFound => {
                Failure::NotFound
            }
            ApplicationError::Conflict { .. } => Failure::Conflict(self.msg()),
            ApplicationError::Refused(_) | ApplicationError::Transition(_) | ApplicationError::Rule(_) => Failure::Refused(self.msg()),
            ApplicationError::NotTalent | ApplicationError::Forbidden => Failure::Forbidden,
            ApplicationError::Plan(g) => Failure::PlanLimit(g.msg()),
            ApplicationError::Database(_) => Failure::Internal,
        }
    }
}

fn field_error(field: &str, msg: Msg) -> ApplicationError {
    let mut e = FieldErrors::new();
    e.add(field, msg);
    ApplicationError::Invalid(e)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyOutcome {
    pub id: Uuid,
    /// `false`: the talent had applied to this role already; this is that application.
    pub created: bool,
}

/// An application with everything the rules need.
struct Loaded {
    id: Uuid,
    status: ApplicationStatus,
    version: i32,
    call_id: Uuid,
    call_title: String,
    role_id: Uuid,
    role_name: String,
    company: Option<String>,
    profile_id: Uuid,
    talent_name: String,
    cover_note: Option<String>,
    answers: Vec<Answer>,
    created_at: OffsetDateTime,
    parties: Parties,
}

const LOAD: &str = "SELECT a.id, a.status, a.version, a.submitted_at, a.casting_call_id, a.role_id, a.talent_profile_id, a.cover_note,
        a.answers, a.created_at, c.organization_id, c.title AS call_title, coalesce(o.name_ar, o.name_en, c.company) AS company,
        r.name AS role_name, p.user_id AS talent_user_id, p.guardian_user_id, p.date_of_birth, p.stage_name
    FROM applications a
    JOIN casting_calls c ON c.id = a.casting_call_id
    LEFT JOIN organizations o ON o.id = c.organization_id
    JOIN casting_roles r ON r.id = a.role_id
    JOIN talent_profiles p ON p.id = a.talent_profile_id";

fn status_of(s: &str) -> Result<ApplicationStatus, sqlx::Error> {
    ApplicationStatus::from_db(s).ok_or_else(|| sqlx::Error::Decode(format!("unknown application status {s}").into()))
}

fn loaded_from_row(r: &PgRow, today: Date) -> Result<Loaded, sqlx::Error> {
    let status = status_of(r.try_get("status")?)?;
    let dob: Option<Date> = r.try_get("date_of_birth")?;
    let answers: serde_json::Value = r.try_get("answers")?;
    Ok(Loaded {
        id: r.try_get("id")?,
        status,
        version: r.try_get("version")?,
        call_id: r.try_get("casting_call_id")?,
        call_title: r.try_get("call_title")?,
        role_id: r.try_get("role_id")?,
        role_name: r.try_get("role_name")?,
        company: r.try_get("company")?,
        profile_id: r.try_get("talent_profile_id")?,
        talent_name: r.try_get("stage_name")?,
        cover_note: r.try_get("cover_note")?,
        answers: serde_json::from_value(answers).unwrap_or_default(),
        created_at: r.try_get("created_at")?,
        parties: Parties {
            organization_id: r.try_get("organization_id")?,
            talent_user_id: r.try_get("talent_user_id")?,
            guardian_user_id: r.try_get("guardian_user_id")?,
            talent_is_minor: dob.is_none_or(|d| talent::is_minor(d, today)),
            status,
            submitted: r.try_get::<Option<OffsetDateTime>, _>("submitted_at")?.is_some(),
        },
    })
}

/// The applicant columns every list selects (profile `p`).
const APPLICANT_COLUMNS: &str = "p.id AS profile_id, p.stage_name, p.gender, p.date_of_birth, p.city, p.dialects, p.skills,
    coalesce((SELECT array_agg(l.language ORDER BY l.position) FROM talent_languages l WHERE l.talent_profile_id = p.id), '{}') AS languages";

fn applicant_from_row(r: &PgRow, today: Date) -> Result<Applicant, sqlx::Error> {
    let dob: Option<Date> = r.try_get("date_of_birth")?;
    let gender: Option<String> = r.try_get("gender")?;
    let city: Option<String> = r.try_get("city")?;
    let list = |name: &str| r.try_get::<Vec<String>, _>(name);
    Ok(Applicant {
        profile_id: r.try_get("profile_id")?,
        stage_name: r.try_get("stage_name")?,
        age: dob.map(|d| talent::age_on(d, today)),
        is_minor: dob.is_none_or(|d| talent::is_minor(d, today)),
        gender: gender.and_then(|g| Gender::parse(&g).ok()),
        city: city.and_then(|c| City::parse(&c).ok()),
        languages: list("languages")?.iter().filter_map(|l| Language::from_db(l)).collect(),
        dialects: list("dialects")?.iter().filter_map(|d| Dialect::from_db(d)).collect(),
        skills: list("skills")?.iter().filter_map(|s| Skill::from_db(s)).collect(),
    })
}

pub(crate) fn applicant_columns() -> &'static str {
    APPLICANT_COLUMNS
}

pub(crate) fn applicant_row(r: &PgRow, today: Date) -> Result<Applicant, sqlx::Error> {
    applicant_from_row(r, today)
}

#[derive(Clone)]
pub struct Applications {
    db: PgPool,
    talents: Talents,
    calls: CastingCalls,
}

impl Applications {
    pub fn new(db: PgPool) -> Self {
        Self { talents: Talents::new(db.clone()), calls: CastingCalls::new(db.clone()), db }
    }

    async fn load(&self, conn: &mut PgConnection, id: Uuid, lock: bool, now: OffsetDateTime) -> Result<Option<Loaded>, sqlx::Error> {
        let sql = format!("{LOAD} WHERE a.id = $1{}", if lock { " FOR UPDATE OF a" } else { "" });
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?;
        row.as_ref().map(|r| loaded_from_row(r, talent::today(now))).transpose()
    }

    /// Members of the organization, to tell them about an application.
    async fn org_members(conn: &mut PgConnection, org: Option<Uuid>) -> Result<Vec<Uuid>, sqlx::Error> {
        let Some(org) = org else { return Ok(vec![]) };
        sqlx::query_scalar("SELECT user_id FROM organization_members WHERE organization_id = $1").bind(org).fetch_all(&mut *conn).await
    }

    async fn tell_hirers_of_new_application(conn: &mut PgConnection, a: &Loaded) -> Result<(), sqlx::Error> {
        for member in Self::org_members(conn, a.parties.organization_id).await? {
            notify::notify(
                conn,
                Notice {
                    user_id: member,
                    kind: NoticeKind::NewApplication,
                    params: notify::params_object(&[
                        ("call", a.call_title.clone()),
                        ("role", a.role_name.clone()),
                        ("talent", a.talent_name.clone()),
                    ]),
                    link: Page::Worksheet { call: a.call_id, role: a.role_id }.path(),
                    dedupe_key: format!("new-application:{}:{member}", a.id),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// The talent's application to this role, if they made one.
    pub async fn existing(&self, user: &User, role_id: Uuid) -> Result<Option<Uuid>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT a.id FROM applications a JOIN talent_profiles p ON p.id = a.talent_profile_id WHERE p.user_id = $1 AND a.role_id = $2",
        )
        .bind(user.id)
        .bind(role_id)
        .fetch_optional(&self.db)
        .await
    }

    /// A talent applies to a role. Applying again (or twice at once) returns the application
    /// already there.
    pub async fn apply(
        &self,
        user: &User,
        call_id: Uuid,
        role_id: Uuid,
        input: &ApplicationInput,
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<ApplyOutcome, ApplicationError> {
        if user.role != UserRole::Talent {
            return Err(ApplicationError::NotTalent);
        }
        let profile = self.talents.for_user(user.id).await?.ok_or(ApplicationError::NotTalent)?;
        let existing: Option<Uuid> = sqlx::query_scalar("SELECT id FROM applications WHERE talent_profile_id = $1 AND role_id = $2")
            .bind(profile.id)
            .bind(role_id)
            .fetch_optional(&self.db)
            .await?;
        if let Some(id) = existing {
            return Ok(ApplyOutcome { id, created: false });
        }
        let call = self.calls.get(call_id).await?.ok_or(ApplicationError::Refused(ApplyRefusal::CallNotFound))?;
        let status = initial_status(&call, role_id, &profile, now).map_err(ApplicationError::Refused)?;
        let app = NewApplication::parse(input, &call.questions).map_err(ApplicationError::Invalid)?;
        let role = call.roles.iter().find(|r| r.id == role_id).ok_or(ApplicationError::NotFound)?;
        let media = self.chosen_media(user, &input.media, &role.requires).await?;

        let mut tx = self.db.begin().await?;
        // The month's allowance: counted under the profile's lock, so two submits at once cannot
        // both take the last one.
        sqlx::query("SELECT 1 FROM talent_profiles WHERE id = $1 FOR UPDATE").bind(profile.id).execute(&mut *tx).await?;
        let plan = billing::entitlements(&mut tx, user).await?;
        let sent = billing::applications_this_month(&mut tx, profile.id, now).await?;
        plan.may_apply(sent).map_err(ApplicationError::Plan)?;
        let id = Uuid::new_v4();
        let inserted: Option<Uuid> = sqlx::query_scalar(
            "INSERT INTO applications (id, casting_call_id, role_id, talent_profile_id, status, cover_note, answers, submitted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $5 = 'submitted' THEN now() END)
             ON CONFLICT (talent_profile_id, role_id) DO NOTHING RETURNING id",
        )
        .bind(id)
        .bind(call_id)
        .bind(role_id)
        .bind(profile.id)
        .bind(status.as_str())
        .bind(&app.cover_note)
        .bind(serde_json::to_value(&app.answers).unwrap_or_default())
        .fetch_optional(&mut *tx)
        .await?;
        if inserted.is_none() {
            // The other of two simultaneous submits won; its application is the one.
            tx.rollback().await?;
            let id: Uuid = sqlx::query_scalar("SELECT id FROM applications WHERE talent_profile_id = $1 AND role_id = $2")
                .bind(profile.id)
                .bind(role_id)
                .fetch_one(&self.db)
                .await?;
            return Ok(ApplyOutcome { id, created: false });
        }
        sqlx::query("INSERT INTO application_status_events (id, application_id, from_status, to_status, actor_user_id) VALUES ($1, $2, NULL, $3, $4)")
            .bind(Uuid::new_v4())
            .bind(id)
            .bind(status.as_str())
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        for (position, asset) in media.iter().enumerate() {
            sqlx::query("INSERT INTO application_media (application_id, asset_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(asset)
                .bind(position as i32)
                .execute(&mut *tx)
                .await?;
        }
        if role.requires.contains(&crate::casting::MediaNeed::SelfTape) {
            // The role asks every applicant for a tape: the request opens with the application,
            // due with the call (or in a week for a call without a deadline).
            let deadline = call.deadline.unwrap_or(now + time::Duration::days(7)).max(now + time::Duration::days(1));
            let instructions = role.description.clone().unwrap_or_else(|| role.name.clone());
            sqlx::query("INSERT INTO self_tape_requests (id, application_id, instructions, deadline) VALUES ($1, $2, $3, $4)")
                .bind(Uuid::new_v4())
                .bind(id)
                .bind(instructions)
                .bind(deadline)
                .execute(&mut *tx)
                .await?;
        }
        let loaded = self.load(&mut tx, id, false, now).await?.ok_or(ApplicationError::NotFound)?;
        match status {
            ApplicationStatus::AwaitingGuardian => {
                if let Some(guardian) = profile.guardian_user_id {
                    notify::notify(
                        &mut tx,
                        Notice {
                            user_id: guardian,
                            kind: NoticeKind::GuardianApproval,
                            params: notify::params_object(&[
                                ("talent", profile.stage_name.clone()),
                                ("call", call.title.clone()),
                                ("role", loaded.role_name.clone()),
                            ]),
                            link: Page::Application { id }.path(),
                            dedupe_key: format!("guardian-approval:{id}"),
                        },
                    )
                    .await?;
                }
            }
            _ => Self::tell_hirers_of_new_application(&mut tx, &loaded).await?,
        }
        audit::record(
            &mut *tx,
            "ApplicationCreated",
            Some(user.id),
            Some(&id.to_string()),
            meta,
            json!({ "role": role_id, "status": status.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(ApplyOutcome { id, created: true })
    }

    /// The ticked files: the applicant's own ready profile files (anything else is refused at the
    /// `media` field), and among them what the role requires.
    async fn chosen_media(
        &self,
        user: &User,
        ticked: &[String],
        requires: &[crate::casting::MediaNeed],
    ) -> Result<Vec<Uuid>, ApplicationError> {
        use crate::casting::MediaNeed;
        let mut errors = crate::FieldErrors::new();
        let ids: Vec<Uuid> = ticked.iter().filter(|t| !t.trim().is_empty()).filter_map(|t| Uuid::parse_str(t.trim()).ok()).collect();
        let found: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT id, purpose FROM media_assets WHERE id = ANY($1) AND owner_id = $2 AND application_id IS NULL AND status = 'ready'
             AND purpose IN ('headshot', 'gallery', 'showreel', 'voice_reel')",
        )
        .bind(&ids)
        .bind(user.id)
        .fetch_all(&self.db)
        .await?;
        if found.len() != ticked.iter().filter(|t| !t.trim().is_empty()).count() {
            errors.add("media", Msg::new("error-apply-media-unknown"));
        }
        let has = |purposes: &[&str]| found.iter().any(|(_, p)| purposes.contains(&p.as_str()));
        if requires.contains(&MediaNeed::Headshot) && !has(&["headshot"]) {
            errors.add("media", Msg::new("error-apply-needs-headshot"));
        }
        if requires.contains(&MediaNeed::Showreel) && !has(&["showreel"]) {
            errors.add("media", Msg::new("error-apply-needs-showreel"));
        }
        if errors.is_empty() { Ok(ids) } else { Err(ApplicationError::Invalid(errors)) }
    }

    /// Moves an application, if `user` may make this move from the status they saw
    /// (`expected_version`). Returns the new version.
    pub async fn change_status(
        &self,
        user: &User,
        id: Uuid,
        expected_version: i32,
        to: ApplicationStatus,
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<i32, ApplicationError> {
        let mut tx = self.db.begin().await?;
        let version = self.change_in(&mut tx, user, id, expected_version, to, now, meta).await?;
        tx.commit().await?;
        Ok(version)
    }

    #[allow(clippy::too_many_arguments)]
    async fn change_in(
        &self,
        tx: &mut PgConnection,
        user: &User,
        id: Uuid,
        expected_version: i32,
        to: ApplicationStatus,
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<i32, ApplicationError> {
        let a = self.load(tx, id, true, now).await?.ok_or(ApplicationError::NotFound)?;
        let party = a.parties.party(user).ok_or(ApplicationError::NotFound)?;
        party.may_act(user).map_err(ApplicationError::Rule)?;
        if a.version != expected_version {
            return Err(ApplicationError::Conflict { current: a.status, version: a.version });
        }
        let from = a.status;
        from.transition(to, party.side())?;
        let version: i32 = sqlx::query_scalar(
            "UPDATE applications SET status = $3, version = version + 1, updated_at = now(),
                submitted_at = coalesce(submitted_at, CASE WHEN $3 = 'submitted' THEN now() END)
             WHERE id = $1 AND version = $2 RETURNING version",
        )
        .bind(id)
        .bind(expected_version)
        .bind(to.as_str())
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO application_status_events (id, application_id, from_status, to_status, actor_user_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(Uuid::new_v4())
        .bind(id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
        match party.side() {
            Side::Hirer if to != ApplicationStatus::Viewed => {
                // A minor's news goes to the guardian.
                let recipient = if a.parties.talent_is_minor { a.parties.guardian_user_id } else { Some(a.parties.talent_user_id) };
                if let Some(recipient) = recipient {
                    notify::notify(
                        tx,
                        Notice {
                            user_id: recipient,
                            kind: NoticeKind::StatusChanged,
                            params: notify::params_object(&[
                                ("call", a.call_title.clone()),
                                ("role", a.role_name.clone()),
                                ("talent", a.talent_name.clone()),
                                ("status_key", to.label_key()),
                            ]),
                            link: Page::Application { id }.path(),
                            dedupe_key: format!("status:{id}:{version}"),
                        },
                    )
                    .await?;
                }
            }
            Side::Guardian if to == ApplicationStatus::Submitted => {
                let a = Loaded { status: to, ..a };
                Self::tell_hirers_of_new_application(tx, &a).await?;
            }
            _ => {}
        }
        audit::record(
            &mut *tx,
            "ApplicationStatusChanged",
            Some(user.id),
            Some(&id.to_string()),
            meta,
            json!({ "from": from.as_str(), "to": to.as_str() }),
        )
        .await?;
        Ok(version)
    }

    /// Only the organization that owns the role's call (and administrators) act on its
    /// applicants; anyone else is told it does not exist.
    async fn may_manage_role(&self, user: &User, role_id: Uuid) -> Result<(), ApplicationError> {
        let org: Option<Option<Uuid>> = sqlx::query_scalar(
            "SELECT c.organization_id FROM casting_roles r JOIN casting_calls c ON c.id = r.casting_call_id WHERE r.id = $1",
        )
        .bind(role_id)
        .fetch_optional(&self.db)
        .await?;
        match org {
            Some(org) if crate::casting::may_manage(user, org) => Ok(()),
            _ => Err(ApplicationError::NotFound),
        }
    }

    /// Moves many applications of one role at once; each keeps its own version check, and one
    /// that cannot move does not stop the others.
    pub async fn bulk_change(
        &self,
        user: &User,
        role_id: Uuid,
        items: &[(Uuid, i32)],
        to: ApplicationStatus,
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<BulkOutcome, ApplicationError> {
        self.may_manage_role(user, role_id).await?;
        let mut out = BulkOutcome::default();
        for (id, version) in items {
            let mut tx = self.db.begin().await?;
            let role: Option<Uuid> =
                sqlx::query_scalar("SELECT role_id FROM applications WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
            if role != Some(role_id) {
                out.missing += 1;
                continue;
            }
            match self.change_in(&mut tx, user, *id, *version, to, now, meta).await {
                Ok(_) => {
                    tx.commit().await?;
                    out.changed += 1;
                }
                Err(ApplicationError::Conflict { .. }) => out.conflicts += 1,
                Err(ApplicationError::Transition(_)) => out.refused += 1,
                Err(ApplicationError::NotFound) => out.missing += 1,
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// One message to each ticked applicant of a role, each in its own thread (Studio's bulk
    /// messages); an applicant the rules keep from writing to does not stop the others.
    pub async fn bulk_message(
        &self,
        user: &User,
        role_id: Uuid,
        ids: &[Uuid],
        body: &str,
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<BulkOutcome, ApplicationError> {
        self.may_manage_role(user, role_id).await?;
        let mut conn = self.db.acquire().await?;
        billing::entitlements(&mut conn, user).await?.may_message_in_bulk().map_err(ApplicationError::Plan)?;
        drop(conn);
        text::required_text(body, 1, MAX_MESSAGE, true).map_err(|m| field_error("message", m))?;
        let mut out = BulkOutcome::default();
        for id in ids {
            let role: Option<Uuid> =
                sqlx::query_scalar("SELECT role_id FROM applications WHERE id = $1").bind(id).fetch_optional(&self.db).await?;
            if role != Some(role_id) {
                out.missing += 1;
                continue;
            }
            match self.post_message(user, *id, body, now, meta).await {
                Ok(()) => out.messaged += 1,
                Err(ApplicationError::Rule(_)) => out.refused += 1,
                Err(ApplicationError::NotFound) => out.missing += 1,
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    async fn timeline(&self, id: Uuid, with_actors: bool) -> Result<Vec<TimelineEvent>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT e.from_status, e.to_status, e.at, u.display_name FROM application_status_events e
             LEFT JOIN users u ON u.id = e.actor_user_id WHERE e.application_id = $1 ORDER BY e.at, e.id",
        )
        .bind(id)
        .fetch_all(&self.db)
        .await?;
        rows.iter()
            .map(|r| {
                let from: Option<String> = r.try_get("from_status")?;
                Ok(TimelineEvent {
                    from: from.as_deref().map(status_of).transpose()?,
                    to: status_of(r.try_get("to_status")?)?,
                    at: r.try_get("at")?,
                    actor: if with_actors { r.try_get("display_name")? } else { None },
                })
            })
            .collect()
    }

    /// One application as `user` sees it; "not found" for anyone it does not concern.
    pub async fn detail(&self, user: &User, id: Uuid, now: OffsetDateTime) -> Result<ApplicationDetail, ApplicationError> {
        let mut conn = self.db.acquire().await?;
        let a = self.load(&mut conn, id, false, now).await?.ok_or(ApplicationError::NotFound)?;
        let party = a.parties.party(user).ok_or(ApplicationError::NotFound)?;
        let today = talent::today(now);
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {APPLICANT_COLUMNS} FROM talent_profiles p WHERE p.id = $1")))
            .bind(a.profile_id)
            .fetch_one(&mut *conn)
            .await?;
        let applicant = applicant_from_row(&row, today)?;
        let hirer_side = party.side() == Side::Hirer;
        let timeline = self.timeline(id, hirer_side).await?;
        let notes = if party.may_read_notes() {
            let rows = sqlx::query(
                "SELECT u.display_name, n.body, n.created_at FROM application_notes n JOIN users u ON u.id = n.author_user_id
                 WHERE n.application_id = $1 ORDER BY n.created_at",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            Some(
                rows.iter()
                    .map(|r| Ok(Note { author: r.try_get(0)?, body: r.try_get(1)?, at: r.try_get(2)? }))
                    .collect::<Result<Vec<_>, sqlx::Error>>()?,
            )
        } else {
            None
        };
        let (messages, started) = if party.may_read_thread(&a.parties) {
            let rows = sqlx::query(
                "SELECT m.sender_user_id, u.display_name, m.body, m.created_at, (m.sender_user_id = p.user_id OR m.sender_user_id IS NOT DISTINCT FROM p.guardian_user_id) AS from_talent
                 FROM messages m JOIN users u ON u.id = m.sender_user_id
                 JOIN applications a ON a.id = m.application_id JOIN talent_profiles p ON p.id = a.talent_profile_id
                 WHERE m.application_id = $1 ORDER BY m.created_at, m.id",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            let list = rows
                .iter()
                .map(|r| {
                    Ok(Message {
                        mine: r.try_get::<Uuid, _>(0)? == user.id,
                        sender: r.try_get(1)?,
                        body: r.try_get(2)?,
                        at: r.try_get(3)?,
                        from_hirer: !r.try_get::<bool, _>(4)?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            let started = !list.is_empty();
            (Some(list), started)
        } else {
            (None, false)
        };
        let contact = if party.sees_contact_details(&a.parties) { self.contact(&mut conn, &a, party).await? } else { None };
        let moves = ApplicationStatus::ALL.iter().copied().filter(|to| a.status.may_become(*to, party.side())).collect();
        Ok(ApplicationDetail {
            id,
            version: a.version,
            status: a.status,
            party,
            call_id: a.call_id,
            call_title: a.call_title.clone(),
            role_id: a.role_id,
            role_name: a.role_name.clone(),
            company: a.company.clone(),
            applicant,
            cover_note: a.cover_note.clone(),
            answers: a.answers.clone(),
            timeline,
            notes,
            messages,
            may_write: party.may_write(&a.parties, started).is_ok(),
            contact,
            moves,
            created_at: a.created_at,
        })
    }

    /// The other side's contact, once booked: the talent's (a minor's guardian's) for the
    /// hirer, the booking hirer's for the talent.
    async fn contact(&self, conn: &mut PgConnection, a: &Loaded, party: Party) -> Result<Option<Contact>, sqlx::Error> {
        if party.side() == Side::Hirer {
            if a.parties.talent_is_minor {
                let Some(g) = a.parties.guardian_user_id else { return Ok(None) };
                let row: Option<(String, String)> =
                    sqlx::query_as("SELECT display_name, email FROM users WHERE id = $1").bind(g).fetch_optional(&mut *conn).await?;
                return Ok(row.map(|(name, email)| Contact { name, email, phone: None, guardian: true }));
            }
            let row: Option<(String, Option<String>, String, Option<String>)> = sqlx::query_as(
                "SELECT p.stage_name, p.legal_name, u.email, p.phone FROM talent_profiles p JOIN users u ON u.id = p.user_id WHERE p.id = $1",
            )
            .bind(a.profile_id)
            .fetch_optional(&mut *conn)
            .await?;
            return Ok(row.map(|(stage, legal, email, phone)| Contact {
                name: legal.map(|l| format!("{l} ({stage})")).unwrap_or(stage),
                email,
                phone: phone.map(|p| crate::phone::PhoneNumber::from_db(p).display()),
                guardian: false,
            }));
        }
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT u.display_name, u.email FROM application_status_events e JOIN users u ON u.id = e.actor_user_id
             WHERE e.application_id = $1 AND e.to_status = 'booked' ORDER BY e.at DESC LIMIT 1",
        )
        .bind(a.id)
        .fetch_optional(&mut *conn)
        .await?;
        Ok(row.map(|(name, email)| Contact { name, email, phone: None, guardian: false }))
    }

    /// A talent's applications, and for a guardian those of the minors in their care.
    pub async fn mine(&self, user: &User, now: OffsetDateTime) -> Result<Vec<ApplicationSummary>, ApplicationError> {
        let today = talent::today(now);
        let rows = match user.role {
            UserRole::Talent | UserRole::Guardian => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "{LOAD} WHERE p.user_id = $1 OR p.guardian_user_id = $1 ORDER BY a.created_at DESC LIMIT 500"
                )))
                .bind(user.id)
                .fetch_all(&self.db)
                .await?
            }
            _ => return Err(ApplicationError::Forbidden),
        };
        let mut out = Vec::new();
        for r in &rows {
            let a = loaded_from_row(r, today)?;
            let Some(party) = a.parties.party(user) else { continue };
            out.push(ApplicationSummary {
                id: a.id,
                version: a.version,
                status: a.status,
                call_id: a.call_id,
                call_title: a.call_title.clone(),
                role_name: a.role_name.clone(),
                company: a.company.clone(),
                talent_name: a.talent_name.clone(),
                as_guardian: party == Party::Guardian,
                timeline: self.timeline(a.id, false).await?,
                created_at: a.created_at,
            });
        }
        Ok(out)
    }

    /// Private notes of the hirer's side on an applicant.
    pub async fn add_note(&self, user: &User, id: Uuid, body: &str, now: OffsetDateTime) -> Result<(), ApplicationError> {
        let body = text::required_text(body, 1, MAX_NOTE, true).map_err(|m| field_error("body", m))?;
        let mut conn = self.db.acquire().await?;
        let a = self.load(&mut conn, id, false, now).await?.ok_or(ApplicationError::NotFound)?;
        let party = a.parties.party(user).ok_or(ApplicationError::NotFound)?;
        if !party.may_read_notes() {
            return Err(ApplicationError::NotFound);
        }
        sqlx::query("INSERT INTO application_notes (id, application_id, author_user_id, body) VALUES ($1, $2, $3, $4)")
            .bind(Uuid::new_v4())
            .bind(id)
            .bind(user.id)
            .bind(&body)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// A message in the application's thread, told to the other side.
    pub async fn post_message(
        &self,
        user: &User,
        id: Uuid,
        body: &str,
        now: OffsetDateTime,
        meta: &RequestMeta,
    ) -> Result<(), ApplicationError> {
        let body = text::required_text(body, 1, MAX_MESSAGE, true).map_err(|m| field_error("body", m))?;
        let mut tx = self.db.begin().await?;
        let a = self.load(&mut tx, id, true, now).await?.ok_or(ApplicationError::NotFound)?;
        let party = a.parties.party(user).ok_or(ApplicationError::NotFound)?;
        let started: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM messages WHERE application_id = $1)").bind(id).fetch_one(&mut *tx).await?;
        party.may_act(user).map_err(ApplicationError::Rule)?;
        party.may_write(&a.parties, started).map_err(ApplicationError::Rule)?;
        let message = Uuid::new_v4();
        sqlx::query("INSERT INTO messages (id, application_id, sender_user_id, body) VALUES ($1, $2, $3, $4)")
            .bind(message)
            .bind(id)
            .bind(user.id)
            .bind(&body)
            .execute(&mut *tx)
            .await?;
        let recipients: Vec<Uuid> = if party.side() == Side::Hirer {
            let to = if a.parties.talent_is_minor { a.parties.guardian_user_id } else { Some(a.parties.talent_user_id) };
            to.into_iter().collect()
        } else {
            // Whoever of the hirer's side wrote in the thread; all members if nobody did.
            let writers: Vec<Uuid> = sqlx::query_scalar(
                "SELECT DISTINCT m.sender_user_id FROM messages m JOIN organization_members om ON om.user_id = m.sender_user_id
                 WHERE m.application_id = $1 AND om.organization_id = $2",
            )
            .bind(id)
            .bind(a.parties.organization_id)
            .fetch_all(&mut *tx)
            .await?;
            if writers.is_empty() { Self::org_members(&mut tx, a.parties.organization_id).await? } else { writers }
        };
        for r in recipients.into_iter().filter(|r| *r != user.id) {
            notify::notify(
                &mut tx,
                Notice {
                    user_id: r,
                    kind: NoticeKind::NewMessage,
                    params: notify::params_object(&[
                        ("call", a.call_title.clone()),
                        ("sender", user.display_name.clone()),
                        ("talent", a.talent_name.clone()),
                    ]),
                    link: Page::Application { id }.path(),
                    dedupe_key: format!("message:{message}:{r}"),
                },
            )
            .await?;
        }
        audit::record(&mut *tx, "MessageSent", Some(user.id), Some(&id.to_string()), meta, json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The worksheet of a role: for members of the organization (and administrators) only.
    pub async fn worksheet(
        &self,
        user: &User,
        call_id: Uuid,
        role_id: Uuid,
        filter: &WorksheetFilter,
        now: OffsetDateTime,
    ) -> Result<Worksheet, ApplicationError> {
        let call = self.calls.get(call_id).await?.ok_or(ApplicationError::NotFound)?;
        if !crate::casting::may_manage(user, call.organization_id) {
            return Err(ApplicationError::NotFound);
        }
        let role = call.roles.iter().find(|r| r.id == role_id).cloned().ok_or(ApplicationError::NotFound)?;
        let today = talent::today(now);
        let conditions = |q: &mut QueryBuilder<Postgres>| {
            q.push(" WHERE a.role_id = ").push_bind(role_id).push(" AND a.submitted_at IS NOT NULL");
            if let Some(s) = filter.status {
                q.push(" AND a.status = ").push_bind(s.as_str());
            }
            if let Some(g) = filter.gender {
                q.push(" AND p.gender = ").push_bind(g.as_str());
            }
            // Age bounds become birth-date bounds, so the index on nothing but the role suffices.
            if let Some(min) = filter.age_min {
                q.push(" AND p.date_of_birth <= ").push_bind(years_before(today, min));
            }
            if let Some(max) = filter.age_max {
                q.push(" AND p.date_of_birth > ").push_bind(years_before(today, max + 1));
            }
            if let Some(c) = filter.city {
                q.push(" AND p.city = ").push_bind(c.slug());
            }
            if let Some(d) = filter.dialect {
                q.push(" AND ").push_bind(d.as_str()).push(" = ANY(p.dialects)");
            }
            if let Some(s) = filter.skill {
                q.push(" AND ").push_bind(s.as_str()).push(" = ANY(p.skills)");
            }
            if let Some(l) = filter.language {
                q.push(" AND EXISTS (SELECT 1 FROM talent_languages l WHERE l.talent_profile_id = p.id AND l.language = ")
                    .push_bind(l.as_str())
                    .push(")");
            }
        };
        let mut count = QueryBuilder::new("SELECT count(*) FROM applications a JOIN talent_profiles p ON p.id = a.talent_profile_id");
        conditions(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(&self.db).await?;

        let mut q = QueryBuilder::new(format!(
            "SELECT a.id, a.version, a.status, a.submitted_at, {APPLICANT_COLUMNS},
                (SELECT count(*) FROM application_notes n WHERE n.application_id = a.id) AS notes
             FROM applications a JOIN talent_profiles p ON p.id = a.talent_profile_id"
        ));
        conditions(&mut q);
        q.push(match filter.sort {
            WorksheetSort::Newest => " ORDER BY a.submitted_at DESC, a.id",
            WorksheetSort::Oldest => " ORDER BY a.submitted_at, a.id",
            WorksheetSort::AgeAsc => " ORDER BY p.date_of_birth DESC NULLS LAST, a.id",
            WorksheetSort::AgeDesc => " ORDER BY p.date_of_birth NULLS LAST, a.id",
            WorksheetSort::Name => " ORDER BY p.stage_name, a.id",
            WorksheetSort::Status => {
                " ORDER BY array_position(ARRAY['booked','on_hold','shortlisted','viewed','submitted','released','rejected','withdrawn'], a.status), a.submitted_at DESC, a.id"
            }
        });
        let page = filter.page.max(1);
        q.push(" LIMIT ").push_bind(WORKSHEET_PAGE_SIZE).push(" OFFSET ").push_bind((page - 1) * WORKSHEET_PAGE_SIZE);
        let rows = q.build().fetch_all(&self.db).await?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(WorksheetRow {
                    id: r.try_get("id")?,
                    version: r.try_get("version")?,
                    status: status_of(r.try_get("status")?)?,
                    applicant: applicant_from_row(r, today)?,
                    notes: r.try_get("notes")?,
                    submitted_at: r.try_get("submitted_at")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let counts: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, count(*) FROM applications WHERE role_id = $1 AND submitted_at IS NOT NULL GROUP BY status")
                .bind(role_id)
                .fetch_all(&self.db)
                .await?;
        let by: HashMap<String, i64> = counts.into_iter().collect();
        let counts = ApplicationStatus::ALL
            .iter()
            .filter(|s| **s != ApplicationStatus::AwaitingGuardian)
            .map(|s| (*s, by.get(s.as_str()).copied().unwrap_or(0)))
            .collect();
        let links = super::shortlist::Shortlists::list(&self.db, role_id).await?;
        Ok(Worksheet {
            call_id,
            call_title: call.title.clone(),
            role,
            rows,
            counts,
            total,
            page,
            pages: (total + WORKSHEET_PAGE_SIZE - 1) / WORKSHEET_PAGE_SIZE,
            filter: filter.clone(),
            links,
        })
    }
}

/// The day `years` years before `today` (29 February falls back to the 28th).
fn years_before(today: Date, years: i32) -> Date {
    let year = today.year() - years;
    Date::from_calendar_date(year, today.month(), today.day())
        .or_else(|_| Date::from_calendar_date(year, today.month(), today.day() - 1))
        .unwrap_or(today - Duration::days(365 * years as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn age_bounds_as_birth_dates() {
        let today = date!(2026 - 12 - 01);
        // 20 or older: born on or before 2006-12-01.
        assert_eq!(years_before(today, 20), date!(2006 - 12 - 01));
        assert_eq!(talent::age_on(years_before(today, 20), today), 20);
        assert_eq!(talent::age_on(years_before(today, 31) + Duration::days(1), today), 30);
        assert_eq!(years_before(date!(2028 - 02 - 29), 1), date!(2027 - 02 - 28));
    }
}
