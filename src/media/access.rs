//! Who may see a media asset. One policy function, so the pages, the API, the playback links
//! and the signed segment URLs all answer the same; a refusal never says whether the asset
//! exists.

use super::status::AssetStatus;
use crate::{
    account::UserRole,
    talent::{Visibility, guardian_acts},
};
use uuid::Uuid;

/// Who is asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Viewer {
    Anonymous,
    User {
        id: Uuid,
        role: UserRole,
        /// The organizations the user hires for.
        organizations: Vec<Uuid>,
    },
}

/// Where an asset is shown, with the facts its rule needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// On the talent's profile (headshots, gallery, reels).
    Profile {
        visibility: Visibility,
        /// Organizations a guardian approved an application to: a minor's media is shown to
        /// their hirers only.
        approved_organizations: Vec<Uuid>,
        /// Organizations an application carried this very file to (sent, so theirs to see,
        /// whatever the profile shows).
        sent_to: Vec<Uuid>,
    },
    /// Sent with an application or as a self-tape: for the organization hiring for that role.
    Application { hiring_organization: Uuid },
    /// A hirer's sides: for the people a self-tape request sent them to (talent, guardians).
    Sides { recipients: Vec<Uuid> },
}

/// Whose the asset is: the talent's account, their linked guardian, and whether they are a minor
/// (a profile without a date of birth counts as one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owner {
    pub user: Uuid,
    pub guardian: Option<Uuid>,
    pub minor: bool,
}

pub fn may_view(viewer: &Viewer, owner: Owner, status: AssetStatus, placement: &Placement) -> bool {
    let (id, role, organizations) = match viewer {
        Viewer::Anonymous => (None, None, &[][..]),
        Viewer::User { id, role, organizations } => (Some(*id), Some(*role), organizations.as_slice()),
    };
    if role == Some(UserRole::Admin) {
        // Moderation sees everything, whatever its status.
        return true;
    }
    if let Some(id) = id
        && (id == owner.user || guardian_acts(owner.guardian, owner.minor, id))
    {
        return true;
    }
    if !status.shown_to_others() {
        return false;
    }
    let hires_for = |org: &Uuid| role == Some(UserRole::Hirer) && organizations.contains(org);
    match placement {
        Placement::Profile { sent_to, .. } if sent_to.iter().any(hires_for) => true,
        Placement::Profile { approved_organizations, .. } if owner.minor => approved_organizations.iter().any(hires_for),
        Placement::Profile { visibility: Visibility::Public, .. } => true,
        Placement::Profile { visibility: Visibility::Hirers, .. } => role == Some(UserRole::Hirer),
        Placement::Profile { visibility: Visibility::Hidden, .. } => false,
        Placement::Application { hiring_organization } => hires_for(hiring_organization),
        Placement::Sides { recipients } => id.is_some_and(|id| recipients.contains(&id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWNER: Uuid = Uuid::from_u128(1);
    const GUARDIAN: Uuid = Uuid::from_u128(2);
    const ORG: Uuid = Uuid::from_u128(10);
    const OTHER_ORG: Uuid = Uuid::from_u128(11);

    fn hirer(org: Uuid) -> Viewer {
        Viewer::User { id: Uuid::from_u128(20), role: UserRole::Hirer, organizations: vec![org] }
    }

    fn talent() -> Viewer {
        Viewer::User { id: Uuid::from_u128(30), role: UserRole::Talent, organizations: vec![] }
    }

    fn admin() -> Viewer {
        Viewer::User { id: Uuid::from_u128(40), role: UserRole::Admin, organizations: vec![] }
    }

    fn profile(visibility: Visibility, approved: &[Uuid]) -> Placement {
        Placement::Profile { visibility, approved_organizations: approved.to_vec(), sent_to: vec![] }
    }

    const ADULT: Owner = Owner { user: OWNER, guardian: None, minor: false };
    const MINOR: Owner = Owner { user: OWNER, guardian: Some(GUARDIAN), minor: true };

    fn sees(v: &Viewer, p: &Placement) -> bool {
        may_view(v, ADULT, AssetStatus::Ready, p)
    }

    fn sees_minors(v: &Viewer, p: &Placement) -> bool {
        may_view(v, MINOR, AssetStatus::Ready, p)
    }

    #[test]
    fn profile_media_follows_the_profiles_visibility() {
        let public = profile(Visibility::Public, &[]);
        assert!(sees(&Viewer::Anonymous, &public) && sees(&talent(), &public));
        let hirers = profile(Visibility::Hirers, &[]);
        assert!(!sees(&Viewer::Anonymous, &hirers) && !sees(&talent(), &hirers) && sees(&hirer(ORG), &hirers));
        let hidden = profile(Visibility::Hidden, &[]);
        assert!(!sees(&hirer(ORG), &hidden) && !sees(&Viewer::Anonymous, &hidden));
        assert!(sees(&admin(), &hidden), "moderation");
    }

    #[test]
    fn a_minors_media_is_never_public_and_only_for_hirers_the_guardian_approved() {
        let minor = profile(Visibility::Public, &[ORG]);
        assert!(!sees_minors(&Viewer::Anonymous, &minor), "public profile or not");
        assert!(!sees_minors(&talent(), &minor));
        assert!(!sees_minors(&hirer(OTHER_ORG), &minor), "another hirer");
        assert!(sees_minors(&hirer(ORG), &minor), "the organization the guardian approved an application to");
        assert!(!sees_minors(&hirer(ORG), &profile(Visibility::Public, &[])), "nothing approved yet");
        let guardian = Viewer::User { id: GUARDIAN, role: UserRole::Guardian, organizations: vec![] };
        assert!(sees_minors(&guardian, &minor));
        let eighteen = Owner { minor: false, ..MINOR };
        assert!(!may_view(&guardian, eighteen, AssetStatus::Ready, &profile(Visibility::Hidden, &[])), "the ward turned 18");
    }

    #[test]
    fn self_tapes_are_for_the_talent_and_the_hiring_organization_only() {
        let tape = Placement::Application { hiring_organization: ORG };
        assert!(sees(&hirer(ORG), &tape));
        assert!(!sees(&hirer(OTHER_ORG), &tape), "another hirer");
        assert!(!sees(&Viewer::Anonymous, &tape) && !sees(&talent(), &tape));
        let owner = Viewer::User { id: OWNER, role: UserRole::Talent, organizations: vec![] };
        assert!(sees(&owner, &tape));
        // A talent who is also in that organization's list but not a hirer sees nothing.
        let not_hirer = Viewer::User { id: Uuid::from_u128(50), role: UserRole::Talent, organizations: vec![ORG] };
        assert!(!sees(&not_hirer, &tape));
    }

    #[test]
    fn a_file_sent_with_an_application_is_seen_by_that_organization_whatever_the_profile_shows() {
        let sent = Placement::Profile { visibility: Visibility::Hidden, approved_organizations: vec![], sent_to: vec![ORG] };
        assert!(sees(&hirer(ORG), &sent) && sees_minors(&hirer(ORG), &sent));
        assert!(!sees(&hirer(OTHER_ORG), &sent) && !sees(&Viewer::Anonymous, &sent) && !sees(&talent(), &sent));
        assert!(!may_view(&hirer(ORG), ADULT, AssetStatus::Processing, &sent), "ready first");
    }

    #[test]
    fn sides_are_for_those_asked_for_a_tape() {
        let sides = Placement::Sides { recipients: vec![Uuid::from_u128(30)] };
        assert!(sees(&talent(), &sides), "the talent asked");
        assert!(!sees(&Viewer::User { id: Uuid::from_u128(31), role: UserRole::Talent, organizations: vec![] }, &sides));
        assert!(!sees(&Viewer::Anonymous, &sides) && !sees(&hirer(OTHER_ORG), &sides));
    }

    #[test]
    fn what_is_not_ready_is_for_its_owner_alone() {
        let public = profile(Visibility::Public, &[]);
        let owner = Viewer::User { id: OWNER, role: UserRole::Talent, organizations: vec![] };
        for status in [AssetStatus::Unscanned, AssetStatus::Processing, AssetStatus::Rejected, AssetStatus::Pending] {
            assert!(!may_view(&Viewer::Anonymous, ADULT, status, &public), "{status:?}");
            assert!(!may_view(&hirer(ORG), ADULT, status, &public), "{status:?}");
            assert!(may_view(&owner, ADULT, status, &public), "{status:?}");
        }
    }
}
