//! One pass over the matching documents: the structured filters (role by role for calls), who
//! may see what, the score with its custom ranking, the best page, and the facet counts.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashSet};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};
use time::Date;

use super::schema::day;
use crate::search::analyze::{Concept, neighbours};
use crate::search::facts::{self, Role};
use crate::search::plan::{AgeGroup, Plan, Target};
use crate::search::rank;

/// Who is searching, for what they may see of talent.
#[derive(Clone, Debug)]
pub enum Audience {
    /// Anyone: public adult profiles only.
    Public,
    /// A hirer: profiles open to hirers, and the minors who applied to the hirer's calls.
    Hirer { minors: Arc<HashSet<u64>> },
    /// Offline evaluation over a test collection: everything (never used for product data).
    Collection,
}

/// The plan's structured half, as codes.
pub struct Constraints {
    target: Target,
    cities: Vec<u64>,
    near: Vec<u64>,
    gender: Option<u64>,
    age: Option<u8>,
    experience: Option<u64>,
    verified: Option<bool>,
    paid: Option<bool>,
    skill: u64,
    dialect: u64,
    language: u64,
    active: bool,
    closed: bool,
    soft_skills: Vec<u64>,
    soft_dialects: Vec<u64>,
    adult: bool,
    age_group: Option<AgeGroup>,
    has_text: bool,
    must_match: bool,
    today: i64,
    /// Born on or before these days: 18 or older, 13 or older.
    adult_born_by: i64,
    teen_born_by: i64,
    /// Documents whose name or title is the query word for word.
    exact: HashSet<DocAddress>,
}

fn years_before(today: Date, years: i32) -> i64 {
    let y = today.year() - years;
    let d = Date::from_calendar_date(y, today.month(), today.day())
        .or_else(|_| Date::from_calendar_date(y, today.month(), today.day() - 1))
        .unwrap_or(today);
    day(d)
}

impl Constraints {
    pub fn new(target: Target, plan: &Plan, has_text: bool, today: Date) -> Constraints {
        let cities: Vec<u64> = plan.cities.iter().map(|c| facts::city_code(c)).filter(|c| *c > 0).collect();
        let mut near = cities.clone();
        for c in &plan.cities {
            near.extend(neighbours(c).iter().map(|n| facts::city_code(n)));
        }
        // A city that is not ours (the text named one we do not serve) matches nothing.
        let unknown_city = !plan.cities.is_empty() && cities.is_empty();
        let f = &plan.filters;
        let (active, closed) = plan.statuses();
        // One bit set per role-level concept the query names.
        let role_masks = |mask: fn(Concept) -> Option<u64>| -> Vec<u64> {
            plan.concepts.iter().filter(|c| crate::search::index::query::is_role_level(target, **c)).filter_map(|c| mask(*c)).collect()
        };
        Constraints {
            target,
            near: if unknown_city { vec![u64::MAX] } else { near },
            cities,
            gender: plan.gender.as_deref().map(facts::gender_code),
            age: f.age.map(|a| a.clamp(0, 127) as u8),
            experience: f.experience.as_deref().map(facts::experience_code),
            verified: f.verified,
            paid: f.paid,
            skill: facts::skill_mask(f.skill.as_deref()),
            dialect: facts::dialect_mask(f.dialect.as_deref()),
            language: facts::language_mask(f.language.as_deref()),
            active,
            closed,
            soft_skills: role_masks(|c| match c {
                Concept::Skill(s) => Some(facts::skill_mask([s])),
                _ => None,
            }),
            soft_dialects: role_masks(|c| match c {
                Concept::Dialect(d) => Some(facts::dialect_mask([d])),
                _ => None,
            }),
            adult: plan.adult,
            age_group: plan.age_group,
            has_text,
            must_match: !plan.is_browse(),
            today: day(today),
            adult_born_by: years_before(today, 18),
            teen_born_by: years_before(today, 13),
            exact: HashSet::new(),
        }
    }

    pub fn with_exact(mut self, exact: HashSet<DocAddress>) -> Constraints {
        self.exact = exact;
        self
    }

    fn hard_role(&self, r: Role) -> bool {
        self.gender.is_none_or(|g| r.takes_gender(g))
            && self.age.is_none_or(|a| r.age_min <= a && a <= r.age_max)
            && (self.skill == 0 || r.skills & self.skill != 0)
            && (self.dialect == 0 || r.dialects == 0 || r.dialects & self.dialect != 0)
    }

    fn has_soft_role(&self) -> bool {
        !self.soft_skills.is_empty() || !self.soft_dialects.is_empty() || self.adult || self.age_group.is_some()
    }

    fn soft_role(&self, r: Role) -> f32 {
        let mut s = 0.0;
        for m in &self.soft_skills {
            if r.skills & m != 0 {
                s += rank::CONCEPT;
            }
        }
        for m in &self.soft_dialects {
            if r.dialects & m != 0 {
                s += rank::CONCEPT;
            } else if r.dialects == 0 {
                s += rank::DIALECT_OPEN;
            }
        }
        if self.adult && r.age_min >= 18 {
            s += rank::ADULT;
        }
        match self.age_group {
            Some(AgeGroup::Child) if r.age_max <= 12 => s += rank::CONCEPT,
            Some(AgeGroup::Teen) if r.age_min >= 13 && r.age_max <= 19 => s += rank::CONCEPT,
            _ => {}
        }
        s
    }
}

/// Facet counts over the results, by code.
#[derive(Clone, Debug)]
pub struct Counts {
    pub city: [u32; 32],
    pub gender: [u32; 4],
    pub skills: [u32; 32],
    pub dialects: [u32; 16],
    pub languages: [u32; 64],
    pub experience: [u32; 4],
    pub verified: [u32; 2],
    pub paid: [u32; 2],
}

impl Default for Counts {
    fn default() -> Counts {
        Counts {
            city: [0; 32],
            gender: [0; 4],
            skills: [0; 32],
            dialects: [0; 16],
            languages: [0; 64],
            experience: [0; 4],
            verified: [0; 2],
            paid: [0; 2],
        }
    }
}

fn add_bits(counts: &mut [u32], mut m: u64) {
    while m != 0 {
        let i = m.trailing_zeros() as usize;
        if let Some(c) = counts.get_mut(i) {
            *c += 1;
        }
        m &= m - 1;
    }
}

impl Counts {
    fn merge(&mut self, o: &Counts) {
        fn sum<const N: usize>(a: &mut [u32; N], b: &[u32; N]) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        sum(&mut self.city, &o.city);
        sum(&mut self.gender, &o.gender);
        sum(&mut self.skills, &o.skills);
        sum(&mut self.dialects, &o.dialects);
        sum(&mut self.languages, &o.languages);
        sum(&mut self.experience, &o.experience);
        sum(&mut self.verified, &o.verified);
        sum(&mut self.paid, &o.paid);
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Scored {
    score: f32,
    doc: DocAddress,
}

impl Eq for Scored {}
impl Ord for Scored {
    // Higher score first; among equals the earlier document, so every node orders alike.
    fn cmp(&self, o: &Self) -> Ordering {
        self.score.total_cmp(&o.score).then_with(|| o.doc.cmp(&self.doc))
    }
}
impl PartialOrd for Scored {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

pub struct Outcome {
    /// The best `limit` results, best first.
    pub top: Vec<(f32, DocAddress)>,
    pub total: usize,
    pub counts: Counts,
}

pub struct SearchCollector {
    pub constraints: Arc<Constraints>,
    pub audience: Audience,
    pub limit: usize,
}

pub struct Segment {
    c: Arc<Constraints>,
    audience: Audience,
    limit: usize,
    ord: SegmentOrdinal,
    heap: BinaryHeap<Reverse<Scored>>,
    total: usize,
    counts: Counts,
    cols: Cols,
}

struct Cols {
    key: Column<u64>,
    city: Column<u64>,
    gender: Column<u64>,
    age_min: Column<u64>,
    age_max: Column<u64>,
    birth_day: Column<i64>,
    experience: Column<u64>,
    verified: Column<u64>,
    active_day: Column<i64>,
    completeness: Column<u64>,
    visibility: Column<u64>,
    skills: Column<u64>,
    dialects: Column<u64>,
    languages: Column<u64>,
    status: Column<u64>,
    paid: Column<u64>,
    deadline_day: Column<i64>,
    roles: Column<u64>,
}

impl Collector for SearchCollector {
    type Fruit = Outcome;
    type Child = Segment;

    fn for_segment(&self, ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Segment> {
        let ff = reader.fast_fields();
        let cols = Cols {
            key: ff.u64("key")?,
            city: ff.u64("city")?,
            gender: ff.u64("gender")?,
            age_min: ff.u64("age_min")?,
            age_max: ff.u64("age_max")?,
            birth_day: ff.i64("birth_day")?,
            experience: ff.u64("experience")?,
            verified: ff.u64("verified")?,
            active_day: ff.i64("active_day")?,
            completeness: ff.u64("completeness")?,
            visibility: ff.u64("visibility")?,
            skills: ff.u64("skills")?,
            dialects: ff.u64("dialects")?,
            languages: ff.u64("languages")?,
            status: ff.u64("status")?,
            paid: ff.u64("paid")?,
            deadline_day: ff.i64("deadline_day")?,
            roles: ff.u64("roles")?,
        };
        Ok(Segment {
            c: self.constraints.clone(),
            audience: self.audience.clone(),
            limit: self.limit,
            ord,
            heap: BinaryHeap::with_capacity(self.limit + 1),
            total: 0,
            counts: Counts::default(),
            cols,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Outcome>) -> tantivy::Result<Outcome> {
        let mut all = Vec::new();
        let mut total = 0;
        let mut counts = Counts::default();
        for f in fruits {
            all.extend(f.top);
            total += f.total;
            counts.merge(&f.counts);
        }
        let mut scored: Vec<Scored> = all.into_iter().map(|(score, doc)| Scored { score, doc }).collect();
        scored.sort_unstable_by(|a, b| b.cmp(a));
        scored.truncate(self.limit);
        Ok(Outcome { top: scored.into_iter().map(|s| (s.score, s.doc)).collect(), total, counts })
    }
}

impl Segment {
    fn city_score(&self, city: u64) -> Option<f32> {
        if self.c.near.is_empty() {
            return Some(0.0);
        }
        self.c.near.contains(&city).then(|| if self.c.cities.contains(&city) { rank::SAME_CITY } else { 0.0 })
    }

    fn talent(&mut self, doc: DocId, text: f32) -> Option<f32> {
        let (c, k) = (&*self.c, &self.cols);
        let city = k.city.first(doc).unwrap_or(0);
        let near = self.city_score(city)?;
        let gender = k.gender.first(doc).unwrap_or(0);
        if c.gender.is_some_and(|g| g != gender) {
            return None;
        }
        if let Some(a) = c.age {
            let (lo, hi) = (k.age_min.first(doc)?, k.age_max.first(doc)?);
            if !(lo..=hi).contains(&u64::from(a)) {
                return None;
            }
        }
        let experience = k.experience.first(doc).unwrap_or(0);
        let verified = k.verified.first(doc).unwrap_or(0) == 1;
        let skills = k.skills.first(doc).unwrap_or(0);
        let dialects = k.dialects.first(doc).unwrap_or(0);
        let languages = k.languages.first(doc).unwrap_or(0);
        if c.experience.is_some_and(|e| e != experience)
            || c.verified.is_some_and(|v| v != verified)
            || skills & c.skill != c.skill
            || dialects & c.dialect != c.dialect
            || languages & c.language != c.language
        {
            return None;
        }
        let birth = k.birth_day.first(doc);
        let adult = birth.is_some_and(|b| b <= c.adult_born_by);
        let visibility = k.visibility.first(doc).unwrap_or(2);
        let visible = match &self.audience {
            Audience::Collection => true,
            Audience::Public => visibility == 0 && adult,
            Audience::Hirer { minors } => visibility <= 1 && (adult || minors.contains(&k.key.first(doc).unwrap_or(0))),
        };
        if !visible {
            return None;
        }
        let mut soft = 0.0;
        if c.adult && adult {
            soft += rank::ADULT;
        }
        match (c.age_group, birth) {
            (Some(AgeGroup::Child), Some(b)) if b > c.teen_born_by => soft += rank::CONCEPT,
            (Some(AgeGroup::Teen), Some(b)) if b <= c.teen_born_by && !adult => soft += rank::CONCEPT,
            _ => {}
        }
        if c.must_match && text <= 0.0 && soft <= 0.0 {
            return None;
        }
        let inactive = c.today - k.active_day.first(doc).unwrap_or(c.today);
        let custom = rank::talent(verified, inactive, k.completeness.first(doc).unwrap_or(0).min(100) as u8);
        let counts = &mut self.counts;
        counts.city[(city as usize).min(31)] += 1;
        counts.gender[(gender as usize).min(3)] += 1;
        counts.experience[(experience as usize).min(3)] += 1;
        counts.verified[usize::from(verified)] += 1;
        add_bits(&mut counts.skills, skills);
        add_bits(&mut counts.dialects, dialects);
        add_bits(&mut counts.languages, languages);
        Some(text + soft + near + custom)
    }

    fn call(&mut self, doc: DocId, text: f32) -> Option<f32> {
        let k = &self.cols;
        let deadline = k.deadline_day.first(doc).map(|d| d - self.c.today);
        // Until the expiry job closes it, a call past its deadline is already closed to search.
        let closed = k.status.first(doc).unwrap_or(0) == 1 || deadline.is_some_and(|d| d < 0);
        if (closed && !self.c.closed) || (!closed && !self.c.active) {
            return None;
        }
        let city = k.city.first(doc).unwrap_or(0);
        let near = self.city_score(city)?;
        let paid = k.paid.first(doc).unwrap_or(0) == 1;
        let c = &*self.c;
        if c.paid.is_some_and(|p| p != paid) {
            return None;
        }
        let hard_needed = c.gender.is_some() || c.age.is_some() || c.skill != 0 || c.dialect != 0;
        let soft_needed = c.has_soft_role();
        let mut best: Option<f32> = None;
        let mut genders = 0u64;
        let mut role_skills = 0u64;
        for v in k.roles.values_for_doc(doc) {
            let r = Role::unpack(v);
            genders |= 1 << r.gender;
            role_skills |= r.skills;
            // The role itself must be what the query asks for: every skill it names, and an
            // adult's role when it said women or men.
            if !c.hard_role(r) || !c.soft_skills.iter().all(|m| r.skills & m != 0) || (c.adult && r.age_min < 18) {
                continue;
            }
            let s = c.soft_role(r);
            if !soft_needed || s > 0.0 {
                best = Some(best.map_or(s, |b: f32| b.max(s)));
            }
        }
        let role = match best {
            Some(s) => s,
            None if !hard_needed && !soft_needed => 0.0,
            None => return None,
        };
        if c.must_match && text <= 0.0 && role <= 0.0 {
            return None;
        }
        let custom = rank::call(deadline, paid);
        let counts = &mut self.counts;
        counts.city[(city as usize).min(31)] += 1;
        counts.paid[usize::from(paid)] += 1;
        add_bits(&mut counts.gender, genders);
        add_bits(&mut counts.skills, role_skills);
        Some(text + role + near + custom)
    }
}

impl Segment {
    /// A document named by the whole query: only who may see it and whether it is open count.
    fn exact(&mut self, doc: DocId, text: f32) -> Option<f32> {
        let k = &self.cols;
        match self.c.target {
            Target::Calls => {
                let deadline = k.deadline_day.first(doc).map(|d| d - self.c.today);
                let closed = k.status.first(doc).unwrap_or(0) == 1 || deadline.is_some_and(|d| d < 0);
                if (closed && !self.c.closed) || (!closed && !self.c.active) {
                    return None;
                }
            }
            Target::Talents => {
                let adult = k.birth_day.first(doc).is_some_and(|b| b <= self.c.adult_born_by);
                let visibility = k.visibility.first(doc).unwrap_or(2);
                let visible = match &self.audience {
                    Audience::Collection => true,
                    Audience::Public => visibility == 0 && adult,
                    Audience::Hirer { minors } => visibility <= 1 && (adult || minors.contains(&k.key.first(doc).unwrap_or(0))),
                };
                if !visible {
                    return None;
                }
            }
        }
        Some(text + rank::EXACT)
    }
}

impl SegmentCollector for Segment {
    type Fruit = Outcome;

    fn collect(&mut self, doc: DocId, score: Score) {
        let text = if self.c.has_text { score } else { 0.0 };
        let scored = if self.c.exact.contains(&DocAddress::new(self.ord, doc)) {
            self.exact(doc, text)
        } else {
            match self.c.target {
                Target::Talents => self.talent(doc, text),
                Target::Calls => self.call(doc, text),
            }
        };
        let Some(score) = scored else { return };
        self.total += 1;
        let s = Scored { score, doc: DocAddress::new(self.ord, doc) };
        if self.heap.len() < self.limit {
            self.heap.push(Reverse(s));
        } else if self.heap.peek().is_some_and(|Reverse(min)| s > *min) {
            self.heap.pop();
            self.heap.push(Reverse(s));
        }
    }

    fn harvest(self) -> Outcome {
        let top = self.heap.into_iter().map(|Reverse(s)| (s.score, s.doc)).collect();
        Outcome { top, total: self.total, counts: self.counts }
    }
}
