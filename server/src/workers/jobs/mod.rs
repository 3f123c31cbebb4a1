//! One file per job: how it runs.

mod deliver_mail;
mod fetch_source;
mod process_item;
mod process_media;
