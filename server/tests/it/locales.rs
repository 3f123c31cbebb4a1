//! Both languages are complete, every key the code names exists, and components hold no UI
//! text of their own.

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};
use takeone::{
    Locale,
    application::{ApplicationStatus, WorksheetSort},
    casting::{CallStatus, Gender, ProjectType},
    city::City,
    notify::{DeliveryStatus, MailKind, NoticeKind},
    organization::{MemberRole, OrgKind},
    report::ReportReason,
    talent::{Dialect, ExperienceLevel, Language, LanguageLevel, Nationality, Skill, Visibility},
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn keys(lang: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in fs::read_dir(root().join("locales").join(lang)).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((k, _)) = line.split_once('=') {
                let k = k.trim();
                if !line.starts_with([' ', '\t', '#', '*', '['])
                    && !k.is_empty()
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    out.insert(k.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn arabic_and_english_have_the_same_keys() {
    let (ar, en) = (keys("ar"), keys("en"));
    assert!(ar.len() > 100, "locales were read ({} keys)", ar.len());
    let only_ar: Vec<_> = ar.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&ar).collect();
    assert!(only_ar.is_empty() && only_en.is_empty(), "only in ar: {only_ar:?}; only in en: {only_en:?}");
}

#[test]
fn every_locale_file_is_loaded() {
    for lang in ["ar", "en"] {
        let mut on_disk: Vec<String> = fs::read_dir(root().join("locales").join(lang))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut loaded: Vec<String> = app::i18n::FILES.iter().map(|s| s.to_string()).collect();
        loaded.sort();
        assert_eq!(on_disk, loaded, "locales/{lang} and app::i18n::FILES differ");
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// String literals of a source text: (offset, content).
fn literals(src: &str) -> Vec<(usize, String)> {
    let b = src.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' if b.get(i + 2) == Some(&b'\'') || (b.get(i + 1) == Some(&b'\\') && b.get(i + 3) == Some(&b'\'')) => {
                i += if b[i + 1] == b'\\' { 4 } else { 3 };
                continue;
            }
            b'"' => {
                let start = i;
                i += 1;
                let mut s = Vec::new();
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        s.push(b[i]);
                        i += 1;
                    }
                    s.push(b[i]);
                    i += 1;
                }
                out.push((start, String::from_utf8_lossy(&s).into_owned()));
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The spans of `view! { ... }` blocks.
fn view_blocks(src: &str) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut from = 0;
    while let Some(pos) = src[from..].find("view! {") {
        let start = from + pos + "view! ".len();
        let mut depth = 0;
        let mut end = start;
        let mut in_str = false;
        let bytes = src.as_bytes();
        let mut i = start;
        while i < bytes.len() {
            let c = bytes[i];
            if in_str {
                if c == b'\\' {
                    i += 1;
                } else if c == b'"' {
                    in_str = false;
                }
            } else if c == b'"' {
                in_str = true;
            } else if c == b'{' {
                depth += 1;
            } else if c == b'}' {
                depth -= 1;
                if depth == 0 {
                    end = i;
                    break;
                }
            }
            i += 1;
        }
        out.push((start, end));
        from = start + 1;
    }
    out
}

/// Attributes whose values are read by people (and must come from the locales).
const HUMAN_ATTRIBUTES: [&str; 5] = ["placeholder", "title", "alt", "aria-label", "label"];

#[test]
fn components_hold_no_ui_text() {
    let mut files = vec![];
    rust_files(&root().join("app/src"), &mut files);
    let mut offences = vec![];
    for file in files {
        let src = fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        for (at, lit) in literals(&src) {
            if lit.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) && !src[..at].contains("mod tests") {
                offences.push(format!("{name}: Arabic text {lit:?} belongs in locales/ar"));
            }
        }
        for (start, end) in view_blocks(&src) {
            let block = &src[start..end];
            for (at, lit) in literals(block) {
                if !lit.chars().any(char::is_alphabetic) {
                    continue;
                }
                let before = block[..at].trim_end();
                if let Some(attr_part) = before.strip_suffix('=') {
                    let attr: String = attr_part
                        .chars()
                        .rev()
                        .take_while(|c| c.is_ascii_alphanumeric() || "-_:".contains(*c))
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    let attr = attr.trim_start_matches("attr:").to_string();
                    if HUMAN_ATTRIBUTES.contains(&attr.as_str()) {
                        offences.push(format!("{name}: {attr}={lit:?} is UI text; use i18n.t(...)"));
                    }
                } else if !before.ends_with(['(', ',', '[']) {
                    offences.push(format!("{name}: text {lit:?} in a view; use i18n.t(...)"));
                }
            }
        }
    }
    assert!(offences.is_empty(), "UI text outside the locales:\n{}", offences.join("\n"));
}

#[test]
fn the_scanner_catches_text_in_views() {
    let bad = r#"view! { <p class="x">"Apply now"</p> <input placeholder="Your name"/> }"#;
    let lits: Vec<_> = view_blocks(bad).into_iter().flat_map(|(s, e)| literals(&bad[s..e])).collect();
    assert_eq!(lits.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(), ["x", "Apply now", "Your name"]);
}

/// Keys named in code: literal `t("...")`-style calls and `Msg::new("...")`, and keys built
/// from the domain's enums.
#[test]
fn every_key_the_code_uses_exists_in_both_languages() {
    let mut used = BTreeSet::new();
    let mut files = vec![];
    rust_files(&root().join("app/src"), &mut files);
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("server/src"), &mut files);
    for file in files {
        let src = fs::read_to_string(&file).unwrap();
        for call in [".t(\"", ".t_with(\"", "Msg::new(\"", "translate(l, \"", "(\"error-", "key=\"", "\"nav-", "\"profile-missing-"] {
            let mut from = 0;
            while let Some(p) = src[from..].find(call) {
                let start = from + p + call.len();
                let key: String = src[start..].chars().take_while(|c| *c != '"').collect();
                let key = match call {
                    "(\"error-" => format!("error-{key}"),
                    "\"nav-" => format!("nav-{key}"),
                    "\"profile-missing-" => format!("profile-missing-{key}"),
                    _ => key,
                };
                if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && key.contains('-') || key == "brand" || key == "choose" {
                    used.insert(key);
                }
                from = start;
            }
        }
    }
    for c in City::ALL {
        used.insert(c.name_key());
    }
    for p in ProjectType::ALL {
        used.insert(p.label_key());
    }
    for s in CallStatus::ALL {
        used.insert(s.label_key());
    }
    for g in Gender::ALL {
        used.insert(g.label_key());
    }
    for m in 1..=12 {
        used.insert(format!("month-{m}"));
    }
    for r in takeone::account::UserRole::ALL {
        used.insert(format!("role-{}", r.as_str()));
    }
    macro_rules! labels {
        ($($t:ty),+) => { $( for x in <$t>::ALL { used.insert(x.label_key()); } )+ };
    }
    labels!(Dialect, Skill, Language, LanguageLevel, ExperienceLevel, Visibility, Nationality, ApplicationStatus, WorksheetSort);
    labels!(NoticeKind, DeliveryStatus, OrgKind, MemberRole, ReportReason);
    for k in MailKind::ALL {
        used.extend([k.label_key(), k.subject_key(), k.body_key()]);
    }
    for (_, to, _) in takeone::application::TRANSITIONS {
        used.insert(format!("move-{}", to.as_str().replace('_', "-")));
    }
    assert!(used.len() > 80, "{} keys found", used.len());
    for locale in Locale::ALL {
        let missing: Vec<_> = used.iter().filter(|k| !app::i18n::has_key(locale, k)).collect();
        assert!(missing.is_empty(), "missing in {}: {missing:?}", locale.code());
    }
}
