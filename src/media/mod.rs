//! Media: headshots, reels, self-tapes and the documents that go with them. The rules here are
//! pure (no I/O), so the browser checks a file with the same limits before it uploads it and the
//! server checks it again, on the bytes, when the upload completes.

pub mod access;
pub mod format;
pub mod limits;
#[cfg(feature = "ssr")]
pub mod scan;
pub mod status;

pub use access::{Owner, Placement, Viewer, may_view};
pub use format::{Family, Format, pixel_size, sniff};
pub use limits::{Purpose, check_declared, check_received};
pub use status::AssetStatus;
