//! Media: headshots, reels, self-tapes and the documents that go with them. The rules (formats,
//! limits, statuses, who sees what) are pure, so the browser checks a file with the same limits
//! before it uploads it and the server checks it again, on the bytes, when the upload completes.
//! Behind `ssr`: storage (S3), the service, the virus scanner (clamd) and video processing (ffmpeg).

pub mod access;
pub mod asset;
#[cfg(feature = "ssr")]
mod delivery;
pub mod format;
pub mod limits;
#[cfg(feature = "ssr")]
pub mod photo;
#[cfg(feature = "ssr")]
mod processing;
#[cfg(feature = "ssr")]
pub mod retention;
#[cfg(feature = "ssr")]
pub mod scan;
pub mod self_tape;
#[cfg(feature = "ssr")]
mod self_tapes;
#[cfg(feature = "ssr")]
mod service;
pub mod similar;
pub mod status;
#[cfg(feature = "ssr")]
pub mod storage;
#[cfg(feature = "ssr")]
pub mod stream;
#[cfg(feature = "ssr")]
mod uploads;
#[cfg(feature = "ssr")]
pub mod video;

pub use access::{Owner, Placement, Viewer, may_view};
pub use format::{Family, Format, pixel_size, sniff};
pub use limits::{Purpose, check_declared, check_received};
pub use status::AssetStatus;

#[cfg(feature = "ssr")]
pub use delivery::{CallbackOutcome, Playback, ProfileMedia, StreamFile, StreamQuery};
#[cfg(feature = "ssr")]
pub use processing::Processed;
#[cfg(feature = "ssr")]
pub use service::{Media, MediaError, Processing, viewer_of};
#[cfg(feature = "ssr")]
pub use uploads::{UploadRequest, UploadTicket};
