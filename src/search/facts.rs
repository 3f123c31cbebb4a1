//! The structured facts filters and facets read, as small numbers: a city code, bit sets of
//! skills, dialects and languages, and a role packed into one `u64` so "the same role" can be
//! checked from the index alone.

use crate::city::City;
use crate::talent::{Dialect, Language, Skill};

/// 0 is "no city"; a city's code is its place in `City::ALL` plus one.
pub fn city_code(slug: &str) -> u64 {
    City::ALL.iter().position(|c| c.slug() == slug).map_or(0, |i| i as u64 + 1)
}

pub fn city_of_code(code: u64) -> Option<&'static str> {
    City::ALL.get((code as usize).checked_sub(1)?).map(|c| c.slug())
}

fn mask<'a, T: Copy + PartialEq>(all: &[T], slug: impl Fn(T) -> &'static str, values: impl IntoIterator<Item = &'a str>) -> u64 {
    values.into_iter().filter_map(|v| all.iter().position(|x| slug(*x) == v)).fold(0, |m, i| m | 1 << i)
}

fn unmask<T: Copy>(all: &'static [T], slug: impl Fn(T) -> &'static str, m: u64) -> impl Iterator<Item = &'static str> {
    all.iter().enumerate().filter(move |(i, _)| m & (1 << i) != 0).map(move |(_, x)| slug(*x))
}

pub fn skill_mask<'a>(values: impl IntoIterator<Item = &'a str>) -> u64 {
    mask(Skill::ALL, Skill::as_str, values)
}
pub fn dialect_mask<'a>(values: impl IntoIterator<Item = &'a str>) -> u64 {
    mask(Dialect::ALL, Dialect::as_str, values)
}
pub fn language_mask<'a>(values: impl IntoIterator<Item = &'a str>) -> u64 {
    mask(Language::ALL, Language::as_str, values)
}
pub fn skills_of(m: u64) -> impl Iterator<Item = &'static str> {
    unmask(Skill::ALL, Skill::as_str, m)
}
pub fn dialects_of(m: u64) -> impl Iterator<Item = &'static str> {
    unmask(Dialect::ALL, Dialect::as_str, m)
}
pub fn languages_of(m: u64) -> impl Iterator<Item = &'static str> {
    unmask(Language::ALL, Language::as_str, m)
}

/// 0 unknown, 1 female, 2 male; roles also 3 "any".
pub fn gender_code(g: &str) -> u64 {
    match g {
        "female" => 1,
        "male" => 2,
        "any" => 3,
        _ => 0,
    }
}

pub fn gender_of_code(code: u64) -> Option<&'static str> {
    ["female", "male", "any"].get((code as usize).checked_sub(1)?).copied()
}

pub fn experience_code(e: &str) -> u64 {
    match e {
        "beginner" => 1,
        "intermediate" => 2,
        "professional" => 3,
        _ => 0,
    }
}

pub fn experience_of_code(code: u64) -> Option<&'static str> {
    ["beginner", "intermediate", "professional"].get((code as usize).checked_sub(1)?).copied()
}

/// One role of a call, as the index keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Role {
    pub gender: u64,
    pub age_min: u8,
    pub age_max: u8,
    pub skills: u64,
    pub dialects: u64,
}

impl Role {
    // gender: 2 bits, ages: 7 bits each, dialects: 9 bits, skills: the rest (32 bits).
    pub fn pack(self) -> u64 {
        (self.gender & 3)
            | u64::from(self.age_min & 127) << 2
            | u64::from(self.age_max & 127) << 9
            | (self.dialects & 0x1ff) << 16
            | (self.skills & 0xffff_ffff) << 25
    }

    pub fn unpack(v: u64) -> Role {
        Role {
            gender: v & 3,
            age_min: (v >> 2 & 127) as u8,
            age_max: (v >> 9 & 127) as u8,
            dialects: v >> 16 & 0x1ff,
            skills: v >> 25 & 0xffff_ffff,
        }
    }

    /// A role for `any` gender takes women and men alike.
    pub fn takes_gender(self, g: u64) -> bool {
        self.gender == g || self.gender == gender_code("any")
    }
}

/// A stable key of a document id, for sets of ids the engine must know (minors a hirer may see).
pub fn id_key(id: &str) -> u64 {
    // FNV-1a: stable across builds and machines, unlike the std hasher.
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in City::ALL {
            assert_eq!(city_of_code(city_code(c.slug())), Some(c.slug()));
        }
        assert_eq!(city_code("atlantis"), 0);
        let m = skill_mask(["acting", "extras", "juggling"]);
        assert_eq!(skills_of(m).collect::<Vec<_>>(), ["acting", "extras"]);
        assert!(Skill::ALL.len() <= 32 && Dialect::ALL.len() <= 9 && Language::ALL.len() <= 64);
        let r = Role { gender: gender_code("any"), age_min: 13, age_max: 100, skills: m, dialects: dialect_mask(["hijazi", "msa"]) };
        assert_eq!(Role::unpack(r.pack()), r);
        assert!(r.takes_gender(gender_code("female")) && r.takes_gender(gender_code("male")));
        assert_eq!(id_key("t-001"), id_key("t-001"));
        assert_ne!(id_key("t-001"), id_key("t-002"));
    }
}
