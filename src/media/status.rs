//! An asset's life: `pending → uploaded → scanning → processing → ready`, or `rejected` (a virus,
//! bytes that are not what they claim) or `error` (processing failed; it may be tried again).
//! `unscanned` is an asset whose scanner could not be reached: kept, shown to its owner only,
//! scanned when the scanner is back. Every move is an event, so only these moves are allowed.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AssetStatus {
    Pending,
    Uploaded,
    Scanning,
    Unscanned,
    Processing,
    Ready,
    Rejected,
    Error,
}

impl AssetStatus {
    pub const ALL: [AssetStatus; 8] = [
        AssetStatus::Pending,
        AssetStatus::Uploaded,
        AssetStatus::Scanning,
        AssetStatus::Unscanned,
        AssetStatus::Processing,
        AssetStatus::Ready,
        AssetStatus::Rejected,
        AssetStatus::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssetStatus::Pending => "pending",
            AssetStatus::Uploaded => "uploaded",
            AssetStatus::Scanning => "scanning",
            AssetStatus::Unscanned => "unscanned",
            AssetStatus::Processing => "processing",
            AssetStatus::Ready => "ready",
            AssetStatus::Rejected => "rejected",
            AssetStatus::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<AssetStatus> {
        AssetStatus::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether an asset in this status may move to `next`.
    pub fn may_become(self, next: AssetStatus) -> bool {
        use AssetStatus::*;
        matches!(
            (self, next),
            (Pending, Uploaded)
                // The upload's bytes are not what was declared.
                | (Pending | Uploaded, Rejected)
                | (Uploaded, Scanning)
                | (Scanning, Processing | Rejected | Unscanned)
                | (Unscanned, Scanning)
                | (Processing, Ready | Error | Rejected)
                | (Error, Processing)
        )
    }

    /// Whether anyone but its owner (and the owner's guardian) may see the asset.
    pub fn shown_to_others(self) -> bool {
        self == AssetStatus::Ready
    }

    /// Whether the asset will not change by itself any more.
    pub fn is_final(self) -> bool {
        matches!(self, AssetStatus::Ready | AssetStatus::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::AssetStatus::{self, *};

    #[test]
    fn only_the_documented_moves() {
        let path = [Pending, Uploaded, Scanning, Processing, Ready];
        for w in path.windows(2) {
            assert!(w[0].may_become(w[1]), "{:?} -> {:?}", w[0], w[1]);
        }
        assert!(Scanning.may_become(Rejected), "a virus");
        assert!(Scanning.may_become(Unscanned) && Unscanned.may_become(Scanning), "the scanner was away, then back");
        assert!(Error.may_become(Processing), "processing tried again");
        assert!(!Pending.may_become(Ready), "nothing skips the scan");
        assert!(!Unscanned.may_become(Processing), "an unscanned file is never processed");
        assert!(!Rejected.may_become(Scanning) && !Ready.may_become(Pending), "final statuses stay");
        for s in AssetStatus::ALL {
            assert!(!s.may_become(s), "{s:?} to itself is no move");
            assert_eq!(AssetStatus::parse(s.as_str()), Some(s));
        }
        assert!(Ready.shown_to_others() && !Unscanned.shown_to_others() && !Processing.shown_to_others());
    }
}
