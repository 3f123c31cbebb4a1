//! Integration tests: the real server on a loopback port, a real PostgreSQL database per test.

mod common;

mod accounts;
mod authorization;
mod billing;
mod casting_calls;
mod cli;
mod hardening;
mod hardening_net;
mod hardening_search;
mod hardening_static;
mod lifecycle;
mod locales;
mod mail;
mod marketplace;
mod media;
mod media_api;
mod organizations;
mod pages;
mod payments;
mod platform;
mod search;
mod security;
mod spine;
mod style;
mod twin;
mod worksheet;
