//! Who may see a talent profile, and what of it.

use super::{TalentProfile, Visibility};
use crate::account::{User, UserRole};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// Who may see a profile page, by rule:
/// - its owner, its guardian and administrators, always;
/// - a hirer whose organization received an application from it (the hirer needs the profile
///   to judge the application; a minor's counts only once the guardian approved it);
/// - otherwise as its visibility says, where a minor's is never public.
pub fn may_view(profile: &TalentProfile, viewer: Option<&User>, has_application_context: bool, today: Date) -> bool {
    if let Some(u) = viewer {
        if u.id == profile.user_id || profile.guarded_by(u.id, today) || u.role == UserRole::Admin {
            return true;
        }
        if u.role == UserRole::Hirer && has_application_context {
            return true;
        }
    }
    if profile.is_minor(today) {
        return false;
    }
    match profile.effective_visibility(today) {
        Visibility::Public => true,
        Visibility::Hirers => viewer.is_some_and(|u| u.role == UserRole::Hirer),
        Visibility::Hidden => false,
    }
}

/// A profile as someone else sees it: contact details, legal name and exact date of birth are
/// the owner's (and guardian's) alone; the age is given instead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub profile: TalentProfile,
    pub age: Option<i32>,
    pub is_minor: bool,
    /// The viewer is the owner or the guardian and may edit.
    pub own: bool,
    /// Anyone may see it (search engines may index it).
    pub public: bool,
    /// The viewer is an administrator (who alone corrects a minor's date of birth).
    #[serde(default)]
    pub admin: bool,
}

impl ProfileView {
    pub fn new(mut profile: TalentProfile, viewer: Option<&User>, today: Date) -> ProfileView {
        let own = viewer.is_some_and(|u| u.id == profile.user_id || profile.guarded_by(u.id, today));
        let admin = viewer.is_some_and(|u| u.role == UserRole::Admin);
        let age = profile.age(today);
        let is_minor = profile.is_minor(today);
        let public = profile.effective_visibility(today) == Visibility::Public;
        if !own && !admin {
            profile.legal_name = None;
            profile.phone = None;
            profile.date_of_birth = None;
            profile.guardian_user_id = None;
        }
        ProfileView { profile, age, is_minor, own, public, admin }
    }
}

/// What the invitation page shows before the guardian accepts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub talent_name: String,
    pub email: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub accepted: bool,
    pub expired: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{phone::PhoneNumber, talent::tests_support::sample};
    use time::macros::date;
    use uuid::Uuid;

    const TODAY: Date = date!(2026 - 12 - 01);

    fn user(role: UserRole) -> User {
        crate::account::tests_support::user(role, (role == UserRole::Hirer).then(Uuid::new_v4))
    }

    #[test]
    fn who_sees_a_profile() {
        let mut p = sample();
        p.date_of_birth = Some(date!(1990 - 01 - 01));
        p.visibility = Visibility::Public;
        assert!(may_view(&p, None, false, TODAY));
        p.visibility = Visibility::Hirers;
        assert!(!may_view(&p, None, false, TODAY));
        assert!(!may_view(&p, Some(&user(UserRole::Talent)), false, TODAY));
        assert!(may_view(&p, Some(&user(UserRole::Hirer)), false, TODAY));
        p.visibility = Visibility::Hidden;
        assert!(!may_view(&p, Some(&user(UserRole::Hirer)), false, TODAY));
        assert!(may_view(&p, Some(&user(UserRole::Hirer)), true, TODAY), "a hirer judging an application sees the applicant");
        let owner = User { id: p.user_id, ..user(UserRole::Talent) };
        assert!(may_view(&p, Some(&owner), false, TODAY));
    }

    #[test]
    fn others_never_get_contact_details_or_the_birth_date() {
        let mut p = sample();
        p.date_of_birth = Some(date!(1990 - 06 - 15));
        p.phone = Some(PhoneNumber::parse("0501234567").unwrap());
        p.legal_name = Some("Sara Ali".into());
        let v = ProfileView::new(p.clone(), Some(&user(UserRole::Hirer)), TODAY);
        assert_eq!((v.profile.phone, v.profile.legal_name, v.profile.date_of_birth), (None, None, None));
        assert_eq!(v.age, Some(36));
        assert!(!v.own);
        let owner = User { id: p.user_id, ..user(UserRole::Talent) };
        let v = ProfileView::new(p, Some(&owner), TODAY);
        assert!(v.own && v.profile.phone.is_some());
    }

    #[test]
    fn a_minor_is_never_public() {
        let mut p = sample();
        p.date_of_birth = Some(date!(2012 - 01 - 01));
        p.visibility = Visibility::Public;
        let guardian = user(UserRole::Guardian);
        p.guardian_user_id = Some(guardian.id);
        assert!(!may_view(&p, None, false, TODAY));
        assert!(!may_view(&p, Some(&user(UserRole::Hirer)), false, TODAY), "not even to hirers browsing");
        assert!(may_view(&p, Some(&user(UserRole::Hirer)), true, TODAY), "only with an approved application");
        assert!(may_view(&p, Some(&guardian), false, TODAY));
        assert!(may_view(&p, Some(&user(UserRole::Admin)), false, TODAY));
    }
}
