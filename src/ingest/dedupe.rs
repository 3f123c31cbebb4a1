//! Duplicate detection for gathered posts. The same call is forwarded from group to group with
//! a new greeting, other emoji, "منقول" on top or the phone written another way: the exact
//! fingerprint ignores all of that, and a SimHash over word shingles finds the near copies.

use crate::text::normalize_for_search;
use sha2::{Digest, Sha256};

/// Words that forwarding adds or removes, and greetings, which change nothing a post says.
const NOISE_WORDS: &[&str] = &[
    "منقول",
    "forwarded",
    "fwd",
    "fw",
    "للامانه",
    "السلام",
    "عليكم",
    "ورحمه",
    "الله",
    "وبركاته",
    "جميعا",
    "للجميع",
    "مساء",
    "صباح",
    "الخير",
    "النور",
    "هلا",
    "مرحبا",
    "حياكم",
    "hello",
    "hi",
    "hey",
    "dear",
    "all",
    "everyone",
    "greetings",
];

/// The text as the fingerprints see it: Arabic-normalized, lower-case, emoji and punctuation
/// gone, phone numbers in one spelling, one space between words.
pub fn canonical_text(text: &str) -> String {
    let normalized = normalize_for_search(text);
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            let w = std::mem::take(current);
            if !NOISE_WORDS.contains(&w.as_str()) {
                words.push(w);
            }
        }
    };
    for c in normalized.chars() {
        if c.is_alphanumeric() || c == '@' || c == '.' && !current.is_empty() {
            current.push(c);
        } else if c == '+' && current.is_empty() {
            // Phone prefixes are normalized below; a lone plus sign is noise.
        } else {
            flush(&mut current, &mut words);
        }
    }
    flush(&mut current, &mut words);
    let words: Vec<String> = words.into_iter().map(|w| w.trim_end_matches('.').to_string()).filter(|w| !w.is_empty()).collect();
    join_phone_numbers(&words).join(" ")
}

/// "055 555 1234", "+966 55 555 1234", "00966555551234" and "0555551234" become "555551234".
fn join_phone_numbers(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if words[i].chars().all(|c| c.is_ascii_digit()) {
            let mut digits = String::new();
            let mut j = i;
            while j < words.len() && words[j].chars().all(|c| c.is_ascii_digit()) && digits.len() < 14 {
                digits.push_str(&words[j]);
                j += 1;
            }
            if let Some(national) = saudi_mobile(&digits) {
                out.push(national);
                i = j;
                continue;
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

fn saudi_mobile(digits: &str) -> Option<String> {
    let national =
        digits.strip_prefix("00966").or_else(|| digits.strip_prefix("966")).or_else(|| digits.strip_prefix('0')).unwrap_or(digits);
    (national.len() == 9 && national.starts_with('5')).then(|| national.to_string())
}

/// The exact fingerprint: SHA-256 of the canonical text, hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(canonical_text(text).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 64-bit SimHash over the words and word pairs of the canonical text. Posts are short, so
/// longer shingles would let one changed word move too much of the fingerprint.
pub fn simhash(text: &str) -> u64 {
    let canonical = canonical_text(text);
    let words: Vec<&str> = canonical.split(' ').filter(|w| !w.is_empty()).collect();
    let mut weights = [0i64; 64];
    let mut add = |feature: &str| {
        let h = fnv1a(feature);
        for (bit, w) in weights.iter_mut().enumerate() {
            if h >> bit & 1 == 1 { *w += 1 } else { *w -= 1 }
        }
    };
    words.iter().for_each(|w| add(w));
    // Pairs keep some order; a repost with its lines reordered still shares most of them.
    words.windows(2).for_each(|w| add(&format!("{} {}", w[0], w[1])));
    weights.iter().enumerate().fold(0u64, |acc, (bit, w)| if *w > 0 { acc | 1 << bit } else { acc })
}

/// Stable across processes and versions (the std hasher is neither).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// 1.0 for the same fingerprint, 0.0 for opposite ones.
pub fn similarity(a: u64, b: u64) -> f32 {
    1.0 - (a ^ b).count_ones() as f32 / 64.0
}

/// How close two posts must be to be suggested as one call: at most 8 of 64 bits apart.
pub const NEAR_DUPLICATE: f32 = 0.875;

/// How far back duplicates are looked for.
pub const WINDOW_DAYS: i64 = 60;

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "🎬 مطلوب ممثلين لمسلسل درامي في جدة\nشاب ٢٢-٢٨ لهجة حجازية\nفتاة ١٨-٢٥\nالتصوير بداية مايو، الأجر ٥٠٠ ريال لليوم\nللتواصل واتساب 055 555 1234";

    #[test]
    fn reposts_with_cosmetic_edits_have_the_same_hash() {
        let repost = "منقول\nمطلوب ممثلين لمسلسل درامي في جده 🎭🎭\nشاب 22-28 لهجة حجازية\nفتاه 18-25\nالتصوير بدايه مايو، الاجر 500 ريال لليوم\nللتواصل واتساب +966555551234";
        assert_eq!(canonical_text(POST), canonical_text(repost));
        assert_eq!(content_hash(POST), content_hash(repost));
    }

    #[test]
    fn a_changed_fact_changes_the_hash_but_stays_near() {
        let other_phone = POST.replace("1234", "1299");
        assert_ne!(content_hash(POST), content_hash(&other_phone));
        let s = similarity(simhash(POST), simhash(&other_phone));
        assert!(s >= NEAR_DUPLICATE, "similarity {s}");
    }

    #[test]
    fn unrelated_posts_are_far_apart() {
        let other =
            "Casting call in Riyadh: female model 20-30 for a perfume commercial, 1500 SAR, send photos to casting@example.com by 10 May";
        let s = similarity(simhash(POST), simhash(other));
        assert!(s < NEAR_DUPLICATE, "similarity {s}");
    }

    #[test]
    fn phone_spellings_are_one() {
        for p in ["0555551234", "+966 55 555 1234", "00966555551234", "966 555 551 234"] {
            assert_eq!(canonical_text(&format!("call {p} now")), "call 555551234 now", "{p}");
        }
        assert_eq!(canonical_text("email casting@example.com."), "email casting@example.com");
    }

    /// On the labelled set: reposts are exact or near, and casting calls (only they reach
    /// duplicate detection) that are neither reposts nor look-alikes of each other are never near.
    #[test]
    fn labelled_reposts_are_found_and_strangers_are_not() {
        let posts: Vec<serde_json::Value> =
            include_str!("fixtures/casting-posts-dev.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let text = |id: &str| posts.iter().find(|p| p["id"] == id).unwrap()["text"].as_str().unwrap().to_string();
        let mut related = std::collections::HashSet::new();
        for p in &posts {
            for key in ["duplicate_of", "similar_to"] {
                if let Some(other) = p[key].as_str() {
                    related.insert((p["id"].as_str().unwrap().to_string(), other.to_string()));
                    related.insert((other.to_string(), p["id"].as_str().unwrap().to_string()));
                }
            }
            if let Some(original) = p["duplicate_of"].as_str() {
                let (a, b) = (p["text"].as_str().unwrap(), text(original));
                let s = similarity(simhash(a), simhash(&b));
                assert!(content_hash(a) == content_hash(&b) || s >= NEAR_DUPLICATE, "{} repeats {original} but is {s} apart", p["id"]);
            }
        }
        for a in &posts {
            for b in &posts {
                let (ia, ib) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
                let calls = a["expected"]["is_casting_call"] == true && b["expected"]["is_casting_call"] == true;
                if calls && ia < ib && !related.contains(&(ia.to_string(), ib.to_string())) {
                    let s = similarity(simhash(a["text"].as_str().unwrap()), simhash(b["text"].as_str().unwrap()));
                    assert!(s < NEAR_DUPLICATE, "{ia} and {ib} are strangers but {s} alike");
                }
            }
        }
    }

    #[test]
    fn fingerprints_are_stable() {
        // Stored in the database: a change of algorithm must be a deliberate migration.
        assert_eq!(simhash(""), 0);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
