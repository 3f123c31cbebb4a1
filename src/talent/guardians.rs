//! Linking a minor to a guardian: the minor invites by e-mail, the account with that address
//! accepts. Until then the minor cannot apply.

use super::{InvitationView, Talents, today};
use crate::{
    FieldErrors, Msg,
    account::{Email, User, UserRole},
    audit::{self, RequestMeta},
    notify::{self, MailKind},
    rate_limit::{self, Limit},
    token::{self, Purpose, TokenKey},
};
use serde_json::json;
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

pub const INVITATION_DAYS: i64 = 7;
const INVITES_PER_DAY: Limit = Limit { max: 10, window: std::time::Duration::from_secs(24 * 3600) };

#[derive(Debug, thiserror::Error)]
pub enum GuardianError {
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// A rule refused it; the message says which.
    #[error("refused: {0:?}")]
    Refused(Msg),
    #[error("not found")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl GuardianError {
    pub fn msg(&self) -> Msg {
        match self {
            GuardianError::Invalid(_) => Msg::new("error-form-invalid"),
            GuardianError::Refused(m) => m.clone(),
            GuardianError::NotFound => Msg::new("error-invitation-invalid"),
            GuardianError::Database(_) => Msg::new("error-internal"),
        }
    }
}

impl crate::DomainError for GuardianError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            GuardianError::Invalid(e) => Failure::Invalid(e.clone()),
            GuardianError::Refused(m) => Failure::Refused(m.clone()),
            GuardianError::NotFound => Failure::Missing(self.msg()),
            GuardianError::Database(_) => Failure::Internal,
        }
    }
}

fn refused(key: &str) -> GuardianError {
    GuardianError::Refused(Msg::new(key))
}

#[derive(Clone)]
pub struct Guardians {
    db: PgPool,
    talents: Talents,
    key: TokenKey,
}

impl Guardians {
    pub fn new(db: PgPool, key: TokenKey) -> Self {
        Self { talents: Talents::new(db.clone()), db, key }
    }

    /// A minor invites a guardian. Sending again replaces the earlier, unaccepted invitation.
    pub async fn invite(&self, user: &User, email: &str, now: OffsetDateTime, meta: &RequestMeta) -> Result<(), GuardianError> {
        let email = Email::parse(email).map_err(|m| {
            let mut e = FieldErrors::new();
            e.add("email", m);
            GuardianError::Invalid(e)
        })?;
        if user.role != UserRole::Talent {
            return Err(refused("error-forbidden"));
        }
        let profile = self.talents.for_user(user.id).await?.ok_or(GuardianError::NotFound)?;
        if profile.date_of_birth.is_none() {
            return Err(refused("error-guardian-birth-date-first"));
        }
        if !profile.is_minor(today(now)) {
            return Err(refused("error-guardian-not-needed"));
        }
        if profile.has_guardian() {
            return Err(refused("error-guardian-already-linked"));
        }
        if email.as_str() == user.email {
            let mut e = FieldErrors::new();
            e.add("email", Msg::new("error-guardian-own-email"));
            return Err(GuardianError::Invalid(e));
        }
        if let Err(wait) = rate_limit::hit(&self.db, &format!("guardian-invite:{}", user.id), INVITES_PER_DAY).await? {
            return Err(GuardianError::Refused(Msg::new("error-rate-limited").with("minutes", rate_limit::minutes(wait))));
        }
        let id = Uuid::new_v4();
        let mut tx = self.db.begin().await?;
        sqlx::query("DELETE FROM guardian_invitations WHERE talent_profile_id = $1 AND accepted_at IS NULL")
            .bind(profile.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO guardian_invitations (id, talent_profile_id, email, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(profile.id)
            .bind(email.as_str())
            .bind(token::hash(&self.token_for(id)))
            .bind(now + Duration::days(INVITATION_DAYS))
            .execute(&mut *tx)
            .await?;
        let params = notify::params_object(&[("talent", profile.stage_name.clone()), ("days", INVITATION_DAYS.to_string())]);
        let link = crate::routes::token_link(crate::routes::pattern::GUARDIAN_ACCEPT, "guardian_invitation", id);
        notify::mail_address(
            &mut tx,
            email.as_str(),
            user.locale,
            MailKind::GuardianInvitation,
            &params,
            &link,
            &format!("guardian-invite:{id}"),
        )
        .await?;
        audit::record(&mut *tx, "GuardianInvited", Some(user.id), Some(&profile.id.to_string()), meta, json!({ "email": email.as_str() }))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The pending invitation of a minor's profile: the address and when it expires.
    pub async fn pending_for(&self, profile: Uuid) -> Result<Option<(String, OffsetDateTime)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT email, expires_at FROM guardian_invitations WHERE talent_profile_id = $1 AND accepted_at IS NULL
             ORDER BY created_at DESC LIMIT 1",
        )
        .bind(profile)
        .fetch_optional(&self.db)
        .await
    }

    fn token_for(&self, id: Uuid) -> String {
        self.key.token_for(Purpose::GuardianInvitation, id)
    }

    pub async fn invitation(&self, token: &str, now: OffsetDateTime) -> Result<Option<InvitationView>, sqlx::Error> {
        let row: Option<(String, String, OffsetDateTime, bool)> = sqlx::query_as(
            "SELECT p.stage_name, i.email, i.expires_at, i.accepted_at IS NOT NULL FROM guardian_invitations i
             JOIN talent_profiles p ON p.id = i.talent_profile_id WHERE i.token_hash = $1",
        )
        .bind(token::hash(token))
        .fetch_optional(&self.db)
        .await?;
        Ok(row.map(|(talent_name, email, expires_at, accepted)| InvitationView {
            talent_name,
            email,
            expires_at,
            accepted,
            expired: expires_at < now,
        }))
    }

    /// The signed-in guardian accepts; the invitation is used up.
    pub async fn accept(&self, user: &User, token: &str, now: OffsetDateTime, meta: &RequestMeta) -> Result<Uuid, GuardianError> {
        let mut tx = self.db.begin().await?;
        let row: Option<(Uuid, Uuid, String, OffsetDateTime, bool)> = sqlx::query_as(
            "SELECT id, talent_profile_id, email, expires_at, accepted_at IS NOT NULL FROM guardian_invitations
             WHERE token_hash = $1 FOR UPDATE",
        )
        .bind(token::hash(token))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, profile_id, email, expires_at, accepted)) = row else { return Err(GuardianError::NotFound) };
        if accepted {
            return Err(refused("error-invitation-used"));
        }
        if expires_at < now {
            return Err(refused("error-invitation-expired"));
        }
        if user.email != email {
            return Err(GuardianError::Refused(Msg::new("error-invitation-other-email").with("email", email)));
        }
        let profile = self.talents.get(profile_id).await?.ok_or(GuardianError::NotFound)?;
        if profile.user_id == user.id {
            return Err(refused("error-guardian-self"));
        }
        // A second account the minor made for themselves would have no verified address of its
        // own, or the minor's.
        if !user.email_verified {
            return Err(refused("error-guardian-email-unverified"));
        }
        let ward_email: String =
            sqlx::query_scalar("SELECT email FROM users WHERE id = $1").bind(profile.user_id).fetch_one(&mut *tx).await?;
        if ward_email.eq_ignore_ascii_case(&user.email) {
            return Err(refused("error-guardian-self"));
        }
        let own = self.talents.for_user(user.id).await?;
        let adult = match user.role {
            UserRole::Guardian => true,
            UserRole::Talent => own.is_some_and(|p| p.date_of_birth.is_some() && !p.is_minor(today(now))),
            _ => false,
        };
        if !adult {
            return Err(refused("error-guardian-account"));
        }
        let linked = sqlx::query(
            "UPDATE talent_profiles SET guardian_user_id = $2, guardian_linked_at = now(), updated_at = now()
             WHERE id = $1 AND guardian_user_id IS NULL",
        )
        .bind(profile_id)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
        if linked.rows_affected() == 0 {
            return Err(refused("error-guardian-already-linked"));
        }
        sqlx::query("UPDATE guardian_invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1")
            .bind(id)
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut *tx, "GuardianLinked", Some(user.id), Some(&profile_id.to_string()), meta, json!({ "invitation": id })).await?;
        tx.commit().await?;
        Ok(profile_id)
    }
}
