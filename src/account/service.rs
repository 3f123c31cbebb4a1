//! Signing up and signing in.

use super::{Email, Password, PasswordHasher, Registration, User, UserRole, hashing::HashError};
use crate::{
    FieldErrors, Msg,
    audit::{self, RequestMeta},
    locale::Locale,
    notify::{self, MailKind},
    rate_limit::{self, Limit},
    token::{self, Purpose, TokenKey},
};
use serde_json::json;
use sqlx::{AssertSqlSafe, PgPool, Row, postgres::PgRow};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("too many attempts; retry in {minutes} minutes")]
    RateLimited { minutes: u64 },
    /// Wrong password and unknown email alike.
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Hash(#[from] HashError),
    /// A reset or verification link that is unknown, used or expired.
    #[error("invalid or expired link")]
    InvalidToken,
}

impl AccountError {
    /// The message a person sees, for errors that concern the whole form.
    pub fn msg(&self) -> Msg {
        match self {
            AccountError::RateLimited { minutes } => Msg::new("error-rate-limited").with("minutes", minutes),
            AccountError::InvalidCredentials => Msg::new("error-invalid-credentials"),
            AccountError::Invalid(_) => Msg::new("error-form-invalid"),
            AccountError::InvalidToken => Msg::new("error-link-invalid"),
            AccountError::Database(_) | AccountError::Hash(_) => Msg::new("error-internal"),
        }
    }
}

impl crate::DomainError for AccountError {
    fn failure(&self) -> crate::Failure {
        use crate::Failure;
        match self {
            AccountError::Invalid(e) => Failure::Invalid(e.clone()),
            AccountError::RateLimited { .. } => Failure::TooManyRequests(self.msg()),
            AccountError::InvalidCredentials => Failure::Unauthenticated(self.msg()),
            AccountError::InvalidToken => Failure::BadRequest(self.msg()),
            AccountError::Database(_) | AccountError::Hash(_) => Failure::Internal,
        }
    }
}

pub struct LoginInput<'a> {
    pub email: &'a str,
    pub password: &'a str,
}

#[derive(Clone)]
pub struct Accounts {
    db: PgPool,
    hasher: PasswordHasher,
    key: TokenKey,
}

pub const RESET_LINK_MINUTES: i64 = 60;
pub const VERIFY_LINK_HOURS: i64 = 48;

const USER_SELECT: &str =
    "SELECT u.id, u.email, u.role, u.display_name, u.locale, u.created_at, u.email_verified_at IS NOT NULL AS email_verified,
        o.id AS organization_id, coalesce(o.name_ar, o.name_en) AS organization_name
    FROM users u
    LEFT JOIN LATERAL (
        SELECT org.id, org.name_ar, org.name_en FROM organization_members m
        JOIN organizations org ON org.id = m.organization_id
        WHERE m.user_id = u.id ORDER BY m.created_at LIMIT 1
    ) o ON true";

fn user_from_row(row: &PgRow) -> Result<User, sqlx::Error> {
    let role: String = row.try_get("role")?;
    let locale: String = row.try_get("locale")?;
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        role: UserRole::from_db(&role).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?,
        display_name: row.try_get("display_name")?,
        locale: Locale::from_code(&locale).unwrap_or_default(),
        created_at: row.try_get("created_at")?,
        organization_id: row.try_get("organization_id")?,
        organization_name: row.try_get("organization_name")?,
        email_verified: row.try_get("email_verified")?,
    })
}

async fn limited(db: &PgPool, key: &str, limit: Limit) -> Result<(), AccountError> {
    match rate_limit::hit(db, key, limit).await? {
        Ok(()) => Ok(()),
        Err(wait) => Err(AccountError::RateLimited { minutes: rate_limit::minutes(wait) }),
    }
}

impl Accounts {
    pub fn new(db: PgPool, hasher: PasswordHasher, key: TokenKey) -> Self {
        Self { db, hasher, key }
    }

    pub fn db(&self) -> &PgPool {
        &self.db
    }

    pub async fn find(&self, id: Uuid) -> Result<Option<User>, sqlx::Error> {
        Accounts::user_by_id(&self.db, id).await
    }

    /// A user as sessions see them, for work that runs on someone's behalf (alerts).
    pub async fn user_by_id(db: &PgPool, id: Uuid) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query(AssertSqlSafe(format!("{USER_SELECT} WHERE u.id = $1"))).bind(id).fetch_optional(db).await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// The users with these ids (those that exist), in one query.
    pub async fn users_by_ids(db: &PgPool, ids: &[Uuid]) -> Result<Vec<User>, sqlx::Error> {
        let rows = sqlx::query(AssertSqlSafe(format!("{USER_SELECT} WHERE u.id = ANY($1)"))).bind(ids).fetch_all(db).await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn find_by_email(&self, email: &Email) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query(AssertSqlSafe(format!("{USER_SELECT} WHERE lower(u.email) = $1")))
            .bind(email.as_str())
            .fetch_optional(&self.db)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn register(&self, reg: Registration, meta: &RequestMeta) -> Result<User, AccountError> {
        if let Some(ip) = &meta.ip {
            limited(&self.db, &format!("register:ip:{ip}"), rate_limit::REGISTER_PER_IP).await?;
        }
        limited(&self.db, &format!("register:email:{}", reg.email), rate_limit::REGISTER_PER_EMAIL).await?;
        let hash = self.hasher.hash(reg.password.expose()).await?;
        let id = self.insert_user(&reg, &hash, meta).await?;
        self.find(id).await?.ok_or(AccountError::Database(sqlx::Error::RowNotFound))
    }

    async fn insert_user(&self, reg: &Registration, hash: &str, meta: &RequestMeta) -> Result<Uuid, AccountError> {
        let id = Uuid::new_v4();
        let mut tx = self.db.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO users (id, email, password_hash, role, display_name, locale, email_verified_at)
             VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $4 = 'admin' THEN now() END)
             ON CONFLICT ((lower(email))) DO NOTHING",
        )
        .bind(id)
        .bind(reg.email.as_str())
        .bind(hash)
        .bind(reg.role.as_str())
        .bind(&reg.name)
        .bind(reg.locale.code())
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            let mut e = FieldErrors::new();
            e.add("email", Msg::new("error-email-taken"));
            return Err(AccountError::Invalid(e));
        }
        match reg.role {
            UserRole::Talent => {
                sqlx::query("INSERT INTO talent_profiles (id, user_id, stage_name) VALUES ($1, $2, $3)")
                    .bind(Uuid::new_v4())
                    .bind(id)
                    .bind(&reg.name)
                    .execute(&mut *tx)
                    .await?;
            }
            UserRole::Hirer => match &reg.invitation {
                Some(token) => {
                    match crate::organization::accept_invitation_on_signup(&mut tx, token, id, &reg.email, OffsetDateTime::now_utc())
                        .await?
                    {
                        Ok(_) => {}
                        Err(m) => {
                            let mut e = FieldErrors::new();
                            e.add("", m.clone());
                            return Err(AccountError::Invalid(e));
                        }
                    }
                }
                None => {
                    let org = Uuid::new_v4();
                    let name = reg.organization.as_deref().unwrap_or(&reg.name);
                    let (ar, en) = match crate::casting::detect_language(name) {
                        Locale::Ar => (Some(name), None),
                        Locale::En => (None, Some(name)),
                    };
                    sqlx::query("INSERT INTO organizations (id, name_ar, name_en) VALUES ($1, $2, $3)")
                        .bind(org)
                        .bind(ar)
                        .bind(en)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("INSERT INTO organization_members (organization_id, user_id, member_role) VALUES ($1, $2, 'owner')")
                        .bind(org)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
            },
            UserRole::Guardian | UserRole::Admin => {}
        }
        if reg.role != UserRole::Admin {
            self.queue_verification(&mut tx, id, OffsetDateTime::now_utc()).await?;
        }
        audit::record(&mut *tx, "UserRegistered", Some(id), Some(&id.to_string()), meta, json!({ "role": reg.role.as_str() })).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A single-use link for `purpose`, mailed to the user; only its hash is kept.
    async fn queue_token_mail(
        &self,
        tx: &mut sqlx::PgConnection,
        user: Uuid,
        purpose: Purpose,
        valid_for: Duration,
        now: OffsetDateTime,
    ) -> Result<(), sqlx::Error> {
        let id = Uuid::new_v4();
        // The mail, the page its link opens and the purpose as stored.
        let (kind, page, db_purpose) = match purpose {
            Purpose::PasswordReset => (MailKind::PasswordReset, crate::routes::pattern::RESET_PASSWORD, "password_reset"),
            _ => (MailKind::VerifyEmail, crate::routes::pattern::VERIFY_EMAIL, "email_verification"),
        };
        sqlx::query("INSERT INTO user_tokens (id, token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(token::hash(&self.key.token_for(purpose, id)))
            .bind(user)
            .bind(db_purpose)
            .bind(now + valid_for)
            .execute(&mut *tx)
            .await?;
        let minutes = valid_for.whole_minutes();
        let params = notify::params_object(&[("minutes", minutes.to_string()), ("hours", (minutes / 60).to_string())]);
        let link = crate::routes::token_link(page, db_purpose, id);
        notify::outbox_mail_user(tx, user, kind, &params, &link, &format!("{db_purpose}:{id}")).await?;
        Ok(())
    }

    async fn queue_verification(&self, tx: &mut sqlx::PgConnection, user: Uuid, now: OffsetDateTime) -> Result<(), sqlx::Error> {
        self.queue_token_mail(tx, user, Purpose::EmailVerification, Duration::hours(VERIFY_LINK_HOURS), now).await
    }

    /// Sends the verification mail again (at most three an hour).
    pub async fn resend_verification(&self, user: &User) -> Result<(), AccountError> {
        if user.email_verified {
            return Ok(());
        }
        limited(&self.db, &format!("verify:{}", user.id), rate_limit::VERIFY_PER_USER).await?;
        let mut tx = self.db.begin().await?;
        self.queue_verification(&mut tx, user.id, OffsetDateTime::now_utc()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks the address as verified; the link is used up.
    pub async fn verify_email(&self, token: &str, meta: &RequestMeta) -> Result<Uuid, AccountError> {
        let mut tx = self.db.begin().await?;
        let user = take_token(&mut tx, token, "email_verification").await?.ok_or(AccountError::InvalidToken)?;
        sqlx::query("UPDATE users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now() WHERE id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut *tx, "EmailVerified", Some(user), Some(&user.to_string()), meta, json!({})).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Mails a reset link if the address has an account. The answer is the same either way,
    /// so the form tells no one which addresses are registered.
    pub async fn request_password_reset(&self, email: &str, meta: &RequestMeta) -> Result<(), AccountError> {
        if let Some(ip) = &meta.ip {
            limited(&self.db, &format!("reset:ip:{ip}"), rate_limit::RESET_PER_IP).await?;
        }
        let email = Email::parse(email).map_err(|m| {
            let mut e = FieldErrors::new();
            e.add("email", m);
            AccountError::Invalid(e)
        })?;
        limited(&self.db, &format!("reset:email:{email}"), rate_limit::RESET_PER_EMAIL).await?;
        let Some(user) = self.find_by_email(&email).await? else {
            audit::record(&self.db, "PasswordResetUnknownEmail", None, None, meta, json!({})).await?;
            return Ok(());
        };
        let mut tx = self.db.begin().await?;
        self.queue_token_mail(&mut tx, user.id, Purpose::PasswordReset, Duration::minutes(RESET_LINK_MINUTES), OffsetDateTime::now_utc())
            .await?;
        audit::record(&mut *tx, "PasswordResetRequested", Some(user.id), Some(&user.id.to_string()), meta, json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether a reset link is still good (the reset page asks before showing its form).
    pub async fn reset_token_valid(&self, token: &str) -> Result<bool, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM user_tokens WHERE token_hash = $1 AND purpose = 'password_reset' AND used_at IS NULL AND expires_at > now())",
        )
        .bind(token::hash(token))
        .fetch_one(&self.db)
        .await
    }

    /// Sets a new password from a reset link: the link and every other reset link of the
    /// account are used up, and every session of the account ends.
    pub async fn reset_password(&self, token: &str, password: &str, meta: &RequestMeta) -> Result<User, AccountError> {
        let password = Password::parse(password).map_err(|m| {
            let mut e = FieldErrors::new();
            e.add("password", m);
            AccountError::Invalid(e)
        })?;
        let hash = self.hasher.hash(password.expose()).await?;
        let mut tx = self.db.begin().await?;
        let user = take_token(&mut tx, token, "password_reset").await?.ok_or(AccountError::InvalidToken)?;
        sqlx::query("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1")
            .bind(user)
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND purpose = 'password_reset' AND used_at IS NULL")
            .bind(user)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE data->>'user_id' = $1").bind(user.to_string()).execute(&mut *tx).await?;
        audit::record(&mut *tx, "PasswordReset", Some(user), Some(&user.to_string()), meta, json!({})).await?;
        tx.commit().await?;
        self.find(user).await?.ok_or(AccountError::InvalidToken)
    }

    /// Signs someone in. Every failure that could tell whether an email exists gives the same
    /// `InvalidCredentials`, after the same amount of hashing work.
    pub async fn login(&self, input: LoginInput<'_>, meta: &RequestMeta) -> Result<User, AccountError> {
        if let Some(ip) = &meta.ip {
            limited(&self.db, &format!("login:ip:{ip}"), rate_limit::LOGIN_PER_IP).await?;
        }
        let mut errors = FieldErrors::new();
        let email = errors.take("email", Email::parse(input.email));
        if input.password.is_empty() {
            errors.add("password", Msg::new("error-required"));
        }
        let (Some(email), true) = (email, errors.is_empty()) else {
            return Err(AccountError::Invalid(errors));
        };
        let address = meta.ip.as_deref().unwrap_or("unknown");
        let account_key = format!("login:account-ip:{email}:{address}");
        limited(&self.db, &account_key, rate_limit::LOGIN_PER_ACCOUNT_AND_IP).await?;
        limited(&self.db, &format!("login:account:{email}"), rate_limit::LOGIN_PER_ACCOUNT).await?;

        let row: Option<(Uuid, String)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE lower(email) = $1")
            .bind(email.as_str())
            .fetch_optional(&self.db)
            .await?;
        let ok = self.hasher.verify(input.password, row.as_ref().map(|(_, h)| h.as_str())).await?;
        match row {
            Some((id, _)) if ok => {
                rate_limit::reset(&self.db, &account_key).await?;
                let mut tx = self.db.begin().await?;
                sqlx::query("UPDATE users SET last_login_at = now() WHERE id = $1").bind(id).execute(&mut *tx).await?;
                audit::record(&mut *tx, "LoginSuccess", Some(id), Some(&id.to_string()), meta, json!({})).await?;
                tx.commit().await?;
                self.find(id).await?.ok_or(AccountError::InvalidCredentials)
            }
            other => {
                let actor = other.map(|(id, _)| id);
                audit::record(&self.db, "LoginFailed", actor, None, meta, json!({ "email": email.as_str() })).await?;
                Err(AccountError::InvalidCredentials)
            }
        }
    }

    /// Creates an administrator (command line only). Fails if the email is taken.
    pub async fn create_admin(&self, email: &Email, password: &Password, name: &str) -> Result<User, AccountError> {
        let hash = self.hasher.hash(password.expose()).await?;
        let meta = RequestMeta { ip: None, user_agent: Some("takeone-cli".into()) };
        let reg = Registration {
            name: name.to_string(),
            email: email.clone(),
            password: password.clone(),
            role: UserRole::Admin,
            organization: None,
            invitation: None,
            locale: Locale::Ar,
        };
        let id = self.insert_user(&reg, &hash, &meta).await?;
        self.find(id).await?.ok_or(AccountError::Database(sqlx::Error::RowNotFound))
    }
}

/// Uses up a token of `purpose`: the user it belongs to, if it is known, unused and unexpired.
async fn take_token(tx: &mut sqlx::PgConnection, token: &str, purpose: &str) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE user_tokens SET used_at = now() WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
         RETURNING user_id",
    )
    .bind(token::hash(token))
    .bind(purpose)
    .fetch_optional(&mut *tx)
    .await
}
