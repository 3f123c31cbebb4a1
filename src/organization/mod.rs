//! Hirer organizations: the production companies, agencies, brands and individuals that post
//! casting calls, and the people who work in them.

mod dashboard;
mod profile;

pub use dashboard::{CallCounts, Dashboard, Member, MemberInvitation};

pub use profile::{CommercialRegistration, MemberRole, OrgKind, Organization, OrganizationInput, OrganizationUpdate, Website};

#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub use repo::{OrgError, Organizations, TRUSTED_AFTER_APPROVED_CALLS, accept_invitation_on_signup, is_trusted};
