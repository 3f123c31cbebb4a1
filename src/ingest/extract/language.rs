//! `ar`, `en` or `mixed`: mixed needs a phrase in each language — a run of at least three
//! Latin words and one of at least two Arabic words (links, e-mails, hashtags and handles do
//! not count, nor does a lone brand name or loan word).

use super::post::Post;
use crate::ingest::extraction::Language;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Arabic,
    Latin,
}

fn script(word: &str) -> Option<Script> {
    let mut ar = 0;
    let mut la = 0;
    for c in word.chars() {
        if ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{0750}'..='\u{077F}').contains(&c) || ('\u{FB50}'..='\u{FEFF}').contains(&c) {
            ar += 1;
        } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            la += 1;
        }
    }
    if ar == 0 && la == 0 {
        None
    } else if ar >= la {
        Some(Script::Arabic)
    } else {
        Some(Script::Latin)
    }
}

pub fn detect(post: &Post) -> Language {
    let (mut ar_words, mut en_words) = (0usize, 0usize);
    let (mut ar_run_max, mut en_run_max) = (0usize, 0usize);
    for line in &post.lines {
        let (mut ar_run, mut en_run) = (0usize, 0usize);
        for w in line.masked.split_whitespace() {
            if w.starts_with('#') || w.starts_with('@') {
                continue;
            }
            match script(w) {
                Some(Script::Arabic) => {
                    ar_words += 1;
                    ar_run += 1;
                    en_run = 0;
                }
                Some(Script::Latin) => {
                    // One-letter tokens ("m", "f", "x") are no words.
                    if w.chars().filter(|c| c.is_alphabetic()).count() < 2 {
                        continue;
                    }
                    en_words += 1;
                    en_run += 1;
                    ar_run = 0;
                }
                None => {}
            }
            ar_run_max = ar_run_max.max(ar_run);
            en_run_max = en_run_max.max(en_run);
        }
    }
    let both = en_run_max >= 3 && ar_run_max >= 2;
    if both {
        Language::Mixed
    } else if ar_words >= en_words {
        if ar_words == 0 { Language::En } else { Language::Ar }
    } else {
        Language::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::SourceType;

    fn lang(t: &str) -> Language {
        detect(&Post::new(t, SourceType::Whatsapp))
    }

    #[test]
    fn languages() {
        assert_eq!(lang("مطلوب بنات للتصوير في الرياض"), Language::Ar);
        assert_eq!(lang("Casting call for a TVC in Riyadh"), Language::En);
        assert_eq!(lang("مطلوب ممثلين عرب لإعلان سيارات\nArab male 28-40, fit, clean shaven"), Language::Mixed);
        // A brand, a link or an e-mail does not make a post mixed.
        assert_eq!(lang("معاكم نوف من شركة Artdetails شركة انتاج سعوديه"), Language::Ar);
        assert_eq!(lang("التقديم عبر الرابط: https://forms.gle/EXAMPLE أو vo.riyadh@example.com"), Language::Ar);
        assert_eq!(lang("Casting | AlUla #تصوير #الرياض"), Language::En);
        assert_eq!(lang(""), Language::En);
    }
}
