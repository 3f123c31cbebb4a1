//! The fields of both indexes (one schema: each index fills the fields of its kind) and how a
//! document becomes them.

use tantivy::TantivyDocument;
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};
use time::Date;

use super::analyzer;
use crate::search::analyze::{self, Concept};
use crate::search::doc::{CallDoc, TalentDoc};
use crate::search::facts::{self, Role};
use crate::search::plan::city_slug;

#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    /// Names, titles and companies: what a person calls the document.
    pub names: Field,
    /// Everything else written about it.
    pub body: Field,
    /// Exact terms: concepts (`skill:acting`), numbers (`num:169`), Latin name keys (`nk:mnr`).
    pub keys: Field,
    pub title: Field,
    pub snippet: Field,
    pub key: Field,
    pub city: Field,
    pub gender: Field,
    pub age_min: Field,
    pub age_max: Field,
    pub birth_day: Field,
    pub experience: Field,
    pub verified: Field,
    pub active_day: Field,
    pub completeness: Field,
    pub visibility: Field,
    pub skills: Field,
    pub dialects: Field,
    pub languages: Field,
    pub status: Field,
    pub paid: Field,
    pub deadline_day: Field,
    pub published_day: Field,
    pub roles: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexing =
        |o| TextOptions::default().set_indexing_options(TextFieldIndexing::default().set_tokenizer(analyzer::NAME).set_index_option(o));
    // Names keep positions: a title typed out in full is matched as a phrase.
    let (named, text) = (indexing(IndexRecordOption::WithFreqsAndPositions), indexing(IndexRecordOption::WithFreqs));
    let stored_only = TextOptions::default().set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        names: b.add_text_field("names", named),
        body: b.add_text_field("body", text),
        keys: b.add_text_field("keys", STRING),
        title: b.add_text_field("title", stored_only.clone()),
        snippet: b.add_text_field("snippet", stored_only),
        key: b.add_u64_field("key", FAST | INDEXED),
        city: b.add_u64_field("city", FAST),
        gender: b.add_u64_field("gender", FAST),
        age_min: b.add_u64_field("age_min", FAST),
        age_max: b.add_u64_field("age_max", FAST),
        birth_day: b.add_i64_field("birth_day", FAST),
        experience: b.add_u64_field("experience", FAST),
        verified: b.add_u64_field("verified", FAST),
        active_day: b.add_i64_field("active_day", FAST),
        completeness: b.add_u64_field("completeness", FAST),
        visibility: b.add_u64_field("visibility", FAST),
        skills: b.add_u64_field("skills", FAST),
        dialects: b.add_u64_field("dialects", FAST),
        languages: b.add_u64_field("languages", FAST),
        status: b.add_u64_field("status", FAST),
        paid: b.add_u64_field("paid", FAST),
        deadline_day: b.add_i64_field("deadline_day", FAST),
        published_day: b.add_i64_field("published_day", FAST),
        roles: b.add_u64_field("roles", FAST),
    };
    (b.build(), fields)
}

pub fn day(d: Date) -> i64 {
    i64::from(d.to_julian_day())
}

pub const VISIBILITY: [&str; 3] = ["public", "hirers", "hidden"];

fn join<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts.into_iter().flatten().collect::<Vec<_>>().join("\n")
}

fn add_keys(doc: &mut TantivyDocument, f: &Fields, keys: impl IntoIterator<Item = String>) {
    let mut seen = std::collections::BTreeSet::new();
    for k in keys {
        if seen.insert(k.clone()) {
            doc.add_text(f.keys, k);
        }
    }
}

/// The concepts the text states, and the Latin name keys of its names.
fn text_keys(text: &str) -> impl Iterator<Item = String> + use<> {
    analyze::concepts(&analyze::tokens(text)).into_iter().map(|c| c.concept.term())
}

/// The years of experience a bio states (خبرة ٧ سنوات, 7 years of experience), as numbers.
fn years_keys(text: &str) -> Vec<String> {
    const YEARS: [&str; 8] = ["سنوات", "سنه", "سنين", "عام", "اعوام", "عاما", "years", "year"];
    let t = analyze::tokens(text);
    let number = |s: &String| s.chars().all(|c| c.is_ascii_digit()) && s.len() <= 2;
    let mut out = Vec::new();
    for (i, w) in t.iter().enumerate() {
        if number(w) && (t.get(i + 1).is_some_and(|n| YEARS.contains(&n.as_str())) || (i > 0 && t[i - 1] == "خبره")) {
            out.push(format!("num:{w}"));
        }
    }
    out
}

fn name_keys(names: &str) -> impl Iterator<Item = String> + use<> {
    analyze::tokens(names).into_iter().flat_map(|t| analyze::variants(&t)).filter_map(|t| analyze::name_key(&t)).map(|k| format!("nk:{k}"))
}

fn snippet(text: &str) -> String {
    text.chars().take(280).collect()
}

pub fn talent(f: &Fields, t: &TalentDoc, today: Date) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &t.id);
    let names = join([Some(t.stage_name.as_str()), t.name_ar.as_deref(), t.name_en.as_deref()]);
    let credits = t.credits.join("\n");
    let body = join([t.bio_ar.as_deref(), t.bio_en.as_deref(), Some(credits.as_str())]);
    doc.add_text(f.names, &names);
    doc.add_text(f.body, &body);
    let structured = t
        .skills
        .iter()
        .map(|s| format!("skill:{s}"))
        .chain(t.dialects.iter().map(|d| format!("dialect:{d}")))
        .chain(t.languages.iter().map(|l| format!("language:{}", l.code)))
        .chain(t.height_cm.map(|h| format!("num:{h}")))
        .chain(t.birth_year.map(|y| format!("num:{y}")));
    add_keys(&mut doc, f, structured.chain(text_keys(&body)).chain(years_keys(&body)).chain(name_keys(&names)));
    doc.add_text(f.title, &t.stage_name);
    doc.add_text(f.snippet, snippet(t.bio_ar.as_deref().or(t.bio_en.as_deref()).unwrap_or_default()));
    doc.add_u64(f.key, facts::id_key(&t.id));
    doc.add_u64(f.city, t.city.as_deref().and_then(city_slug).map_or(0, |c| facts::city_code(&c)));
    doc.add_u64(f.gender, t.gender.as_deref().map_or(0, facts::gender_code));
    if let (Some(lo), Some(hi)) = (t.playing_age_min, t.playing_age_max) {
        doc.add_u64(f.age_min, lo.clamp(0, 127) as u64);
        doc.add_u64(f.age_max, hi.clamp(0, 127) as u64);
    }
    if let Some(b) = t.birth_date() {
        doc.add_i64(f.birth_day, day(b));
    }
    doc.add_u64(f.experience, t.experience.as_deref().map_or(0, facts::experience_code));
    doc.add_u64(f.verified, u64::from(t.verified));
    doc.add_i64(f.active_day, day(today) - t.last_active_days.max(0));
    doc.add_u64(f.completeness, u64::from(t.completeness()));
    doc.add_u64(f.visibility, VISIBILITY.iter().position(|v| *v == t.visibility).unwrap_or(2) as u64);
    doc.add_u64(f.skills, facts::skill_mask(t.skills.iter().map(String::as_str)));
    doc.add_u64(f.dialects, facts::dialect_mask(t.dialects.iter().map(String::as_str)));
    doc.add_u64(f.languages, facts::language_mask(t.languages.iter().map(|l| l.code.as_str())));
    doc
}

/// The product's project types, as the lexicon's concepts.
fn project_concept(slug: &str) -> Option<&'static str> {
    match slug {
        "commercial" => Some("commercial"),
        "tv_series" => Some("series"),
        "feature_film" | "short_film" | "documentary" => Some("film"),
        "theatre" => Some("theatre"),
        "music_video" => Some("music_video"),
        _ => None,
    }
}

pub fn call(f: &Fields, c: &CallDoc) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &c.id);
    let names = join([Some(c.title_ar.as_str()), c.title_en.as_deref(), c.company.as_deref()]);
    let roles_text = c.roles.iter().map(|r| join([Some(r.name.as_str()), r.description.as_deref()])).collect::<Vec<_>>().join("\n");
    let body = join([Some(c.description_ar.as_str()), c.description_en.as_deref(), Some(roles_text.as_str())]);
    doc.add_text(f.names, &names);
    doc.add_text(f.body, &body);
    let mut all_skills = 0;
    for r in &c.roles {
        // A role's skills are what the hirer ticked and what its name and description say.
        let said = analyze::concepts(&analyze::tokens(&join([Some(r.name.as_str()), r.description.as_deref()])));
        let said = said.iter().filter_map(|f| match f.concept {
            Concept::Skill(s) => Some(s),
            _ => None,
        });
        let skills = facts::skill_mask(r.skills.iter().map(String::as_str).chain(said));
        all_skills |= skills;
        let role = Role {
            gender: match facts::gender_code(&r.gender) {
                0 => facts::gender_code("any"),
                g => g,
            },
            age_min: r.age_min.clamp(0, 127) as u8,
            age_max: r.age_max.clamp(0, 127) as u8,
            skills,
            dialects: facts::dialect_mask(r.dialects.iter().map(String::as_str)),
        };
        doc.add_u64(f.roles, role.pack());
    }
    let keys = c
        .project_type
        .as_deref()
        .and_then(project_concept)
        .map(|p| format!("project:{p}"))
        .into_iter()
        .chain(c.compensation_sar.map(|n| format!("num:{n}")))
        .chain(text_keys(&format!("{names}\n{body}")));
    add_keys(&mut doc, f, keys);
    doc.add_text(f.title, if c.title_ar.is_empty() { c.title_en.as_deref().unwrap_or_default() } else { &c.title_ar });
    doc.add_text(f.snippet, snippet(&c.description_ar));
    doc.add_u64(f.key, facts::id_key(&c.id));
    doc.add_u64(f.city, city_slug(&c.city).map_or(0, |s| facts::city_code(&s)));
    doc.add_u64(f.status, u64::from(c.status != "active"));
    doc.add_u64(f.paid, u64::from(c.paid));
    doc.add_u64(f.skills, all_skills);
    if let Some(d) = c.deadline() {
        doc.add_i64(f.deadline_day, day(d));
    }
    if let Some(p) = c.published_on.as_deref().and_then(crate::search::doc::parse_day) {
        doc.add_i64(f.published_day, day(p));
    }
    doc
}
