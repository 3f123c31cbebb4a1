//! Casting calls: a project a hirer posts (or the Digital Twin gathers) with one or more roles.

mod call;
mod filter;
mod project_type;
mod role;
mod status;

pub use call::{
    CallInput, CallIntent, CastingCall, MAX_QUESTIONS, MAX_ROLES, NewCall, PublicState, RIYADH, deadline_end_of_day, detect_language,
};
pub use filter::{CallFilter, PAGE_SIZE, PaidFilter};
pub use project_type::ProjectType;
pub use role::{Gender, MediaNeed, Role, RoleInput, RoleSpec};
pub use status::{CallActor, CallStatus, TransitionError};

#[cfg(feature = "ssr")]
mod lifecycle;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub use lifecycle::EXPIRY_REMINDER;
#[cfg(feature = "ssr")]
pub(crate) use repo::insert_aggregated;
#[cfg(feature = "ssr")]
pub use repo::{CallPage, CastingCalls, SaveError, may_manage};
