//! Signing up and signing in.

use super::{Email, Password, PasswordHasher, Registration, User, UserRole, hashing::HashError};
use crate::{
    FieldErrors, Msg,
    audit::{self, RequestMeta},
    locale::Locale,
    rate_limit::{self, Limit},
};
use serde_json::json;
use sqlx::{AssertSqlSafe, PgPool, Row, postgres::PgRow};
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
}

impl AccountError {
    /// The message a person sees, for errors that concern the whole form.
    pub fn msg(&self) -> Msg {
        match self {
            AccountError::RateLimited { minutes } => Msg::new("error-rate-limited").with("minutes", minutes),
            AccountError::InvalidCredentials => Msg::new("error-invalid-credentials"),
            AccountError::Invalid(_) => Msg::new("error-form-invalid"),
            AccountError::Database(_) | AccountError::Hash(_) => Msg::new("error-internal"),
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
}

const USER_SELECT: &str = "SELECT u.id, u.email, u.role, u.display_name, u.locale, u.created_at,
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
    })
}

async fn limited(db: &PgPool, key: &str, limit: Limit) -> Result<(), AccountError> {
    match rate_limit::hit(db, key, limit).await? {
        Ok(()) => Ok(()),
        Err(wait) => Err(AccountError::RateLimited { minutes: rate_limit::minutes(wait) }),
    }
}

impl Accounts {
    pub fn new(db: PgPool, hasher: PasswordHasher) -> Self {
        Self { db, hasher }
    }

    pub fn db(&self) -> &PgPool {
        &self.db
    }

    pub async fn find(&self, id: Uuid) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query(AssertSqlSafe(format!("{USER_SELECT} WHERE u.id = $1"))).bind(id).fetch_optional(&self.db).await?;
        row.as_ref().map(user_from_row).transpose()
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
        let id = self.insert_user(&reg.email, &hash, reg.role, &reg.name, reg.locale, reg.organization.as_deref(), meta).await?;
        self.find(id).await?.ok_or(AccountError::Database(sqlx::Error::RowNotFound))
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert_user(
        &self,
        email: &Email,
        hash: &str,
        role: UserRole,
        name: &str,
        locale: Locale,
        organization: Option<&str>,
        meta: &RequestMeta,
    ) -> Result<Uuid, AccountError> {
        let id = Uuid::new_v4();
        let mut tx = self.db.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO users (id, email, password_hash, role, display_name, locale) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT ((lower(email))) DO NOTHING",
        )
        .bind(id)
        .bind(email.as_str())
        .bind(hash)
        .bind(role.as_str())
        .bind(name)
        .bind(locale.code())
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            let mut e = FieldErrors::new();
            e.add("email", Msg::new("error-email-taken"));
            return Err(AccountError::Invalid(e));
        }
        match role {
            UserRole::Talent => {
                sqlx::query("INSERT INTO talent_profiles (id, user_id, stage_name) VALUES ($1, $2, $3)")
                    .bind(Uuid::new_v4())
                    .bind(id)
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
            }
            UserRole::Hirer => {
                let org = Uuid::new_v4();
                let (ar, en) = match crate::casting::detect_language(organization.unwrap_or(name)) {
                    Locale::Ar => (Some(organization.unwrap_or(name)), None),
                    Locale::En => (None, Some(organization.unwrap_or(name))),
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
            UserRole::Admin => {}
        }
        audit::record(&mut *tx, "UserRegistered", Some(id), Some(&id.to_string()), meta, json!({ "role": role.as_str() })).await?;
        tx.commit().await?;
        Ok(id)
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
        let account_key = format!("login:account:{email}");
        limited(&self.db, &account_key, rate_limit::LOGIN_PER_ACCOUNT).await?;

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
        let id = self.insert_user(email, &hash, UserRole::Admin, name, Locale::Ar, None, &meta).await?;
        self.find(id).await?.ok_or(AccountError::Database(sqlx::Error::RowNotFound))
    }
}
