//! Arabic and English through Fluent. Every string a person reads comes from
//! `locales/<lang>/*.ftl`; components only name keys.

use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};
use leptos::prelude::*;
use std::{collections::HashMap, sync::LazyLock};
use takeone::{Locale, Msg, routes::Page};

/// The Fluent files, per language, in the order they are loaded. A test checks that this
/// list and the files on disk agree.
pub const FILES: [&str; 13] = [
    "common.ftl",
    "auth.ftl",
    "calls.ftl",
    "errors.ftl",
    "cities.ftl",
    "talent.ftl",
    "applications.ftl",
    "hirer.ftl",
    "admin.ftl",
    "notifications.ftl",
    "twin.ftl",
    "search.ftl",
    "billing.ftl",
];

macro_rules! ftl {
    ($lang:literal) => {
        [
            include_str!(concat!("../../locales/", $lang, "/common.ftl")),
            include_str!(concat!("../../locales/", $lang, "/auth.ftl")),
            include_str!(concat!("../../locales/", $lang, "/calls.ftl")),
            include_str!(concat!("../../locales/", $lang, "/errors.ftl")),
            include_str!(concat!("../../locales/", $lang, "/cities.ftl")),
            include_str!(concat!("../../locales/", $lang, "/talent.ftl")),
            include_str!(concat!("../../locales/", $lang, "/applications.ftl")),
            include_str!(concat!("../../locales/", $lang, "/hirer.ftl")),
            include_str!(concat!("../../locales/", $lang, "/admin.ftl")),
            include_str!(concat!("../../locales/", $lang, "/notifications.ftl")),
            include_str!(concat!("../../locales/", $lang, "/twin.ftl")),
            include_str!(concat!("../../locales/", $lang, "/search.ftl")),
            include_str!(concat!("../../locales/", $lang, "/billing.ftl")),
        ]
    };
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(locale: Locale, sources: [&'static str; FILES.len()]) -> Bundle {
    let lang = locale.code().parse().expect("ar and en are valid language ids");
    let mut b = FluentBundle::new_concurrent(vec![lang]);
    for (file, src) in FILES.iter().zip(sources) {
        let res = FluentResource::try_new(src.to_string())
            .unwrap_or_else(|(_, errs)| panic!("locales/{}/{file} does not parse: {errs:?}", locale.code()));
        b.add_resource(res).unwrap_or_else(|errs| panic!("locales/{}/{file} repeats keys: {errs:?}", locale.code()));
    }
    b
}

static BUNDLES: LazyLock<HashMap<Locale, Bundle>> =
    LazyLock::new(|| HashMap::from([(Locale::Ar, bundle(Locale::Ar, ftl!("ar"))), (Locale::En, bundle(Locale::En, ftl!("en")))]));

/// Formats `key` in `locale`. A missing key shows itself, so it is noticed, never blank.
pub fn translate(locale: Locale, key: &str, args: &[(&str, String)]) -> String {
    let bundle = &BUNDLES[&locale];
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        // Whole numbers stay numbers so plural rules (Arabic has six categories) apply; a
        // decimal stays as written ("87.50" is an amount, and Fluent would print "87.5").
        match value.parse::<i64>() {
            Ok(n) => fargs.set(*name, FluentValue::from(n)),
            Err(_) => fargs.set(*name, FluentValue::from(value.clone())),
        }
    }
    let mut errors = vec![];
    bundle.format_pattern(pattern, Some(&fargs), &mut errors).into_owned()
}

pub fn has_key(locale: Locale, key: &str) -> bool {
    BUNDLES[&locale].has_message(key)
}

/// The page's language, given to every component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n {
    pub locale: Locale,
}

impl I18n {
    pub fn t(&self, key: &str) -> String {
        translate(self.locale, key, &[])
    }

    pub fn t_with(&self, key: &str, args: &[(&str, String)]) -> String {
        translate(self.locale, key, args)
    }

    pub fn msg(&self, msg: &Msg) -> String {
        let args: Vec<(&str, String)> = msg.args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        translate(self.locale, &msg.key, &args)
    }

    /// A page's address in this language: `page(&Page::CastingCalls)` -> `/ar/casting-calls`.
    pub fn page(&self, page: &Page) -> String {
        page.href(self.locale)
    }

    /// A path stored or computed elsewhere (a notification's link, a saved search's) in this
    /// language; pages of the site are linked with [`I18n::page`].
    pub fn href(&self, path: &str) -> String {
        self.locale.prefix(path)
    }
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n { locale: Locale::Ar })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_plurals_and_isolated_arguments() {
        let few = translate(Locale::Ar, "error-rate-limited", &[("minutes", "3".into())]);
        let many = translate(Locale::Ar, "error-rate-limited", &[("minutes", "11".into())]);
        assert_ne!(few, many, "Arabic distinguishes few (3) from many (11)");
        assert!(translate(Locale::En, "error-rate-limited", &[("minutes", "1".into())]).contains("minute"));
        assert_eq!(translate(Locale::En, "no-such-key", &[]), "no-such-key");
    }
}
