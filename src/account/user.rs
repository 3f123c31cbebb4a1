use super::UserRole;
use crate::locale::Locale;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A signed-up person as the rest of the product sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub role: UserRole,
    pub display_name: String,
    pub locale: Locale,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The organization a hirer posts for.
    pub organization_id: Option<Uuid>,
    pub organization_name: Option<String>,
    pub email_verified: bool,
}
