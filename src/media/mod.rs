//! Media: headshots, reels, self-tapes and the documents that go with them. The rules (formats,
//! limits, statuses, who sees what) are pure, so the browser checks a file with the same limits
//! before it uploads it and the server checks it again, on the bytes, when the upload completes.
//! Behind `ssr`: the virus scanner (clamd) and video processing (ffmpeg).

pub mod access;
pub mod format;
pub mod limits;
#[cfg(feature = "ssr")]
pub mod photo;
#[cfg(feature = "ssr")]
pub mod scan;
pub mod status;
#[cfg(feature = "ssr")]
pub mod video;

pub use access::{Owner, Placement, Viewer, may_view};
pub use format::{Family, Format, pixel_size, sniff};
pub use limits::{Purpose, check_declared, check_received};
pub use status::AssetStatus;
