//! Integration tests: the real server on a loopback port, a real PostgreSQL database per test.

mod common;

mod accounts;
mod authorization;
mod casting_calls;
mod hardening_search;
mod hardening_static;
mod cli;
mod hardening_net;
mod lifecycle;
mod locales;
mod mail;
mod organizations;
mod marketplace;
mod pages;
mod platform;
mod worksheet;
mod search;
mod security;
mod spine;
mod hardening;
mod style;
mod twin;
