//! Is it a casting call? A weighted score of cues over normalized words (the vocabularies of
//! [`crate::ingest::filter`]) plus what the other rules found (talent roles, a contact, ages,
//! pay). A call needs talent (a talent word or a role) and an ask (a request, a way to apply,
//! a contact, or a casting word), and enough evidence; workshops, self-promotion, "call
//! closed", scam warnings, rules, past-tense reports, releases, schedules for a cast and
//! crew-only ads weigh against it. An actor advertising himself is never a call.

use super::post::Post;
use crate::ingest::extraction::{Contact, ExtractedRole};
use crate::ingest::filter::{Cue, Cues};
use crate::ingest::words::PhraseSet;
use std::sync::LazyLock;

/// Talent-selection programmes and invitations that are not worded as a request.
static INVITE: LazyLock<PhraseSet> = LazyLock::new(|| {
    PhraseSet::new(["invited", "invites", "can attend", "open to", "مدعوون", "ندعو", "تدعو", "يدعو", "شارك", "شاركي", "شاركوا"])
});
static CONTEST: LazyLock<PhraseSet> =
    LazyLock::new(|| PhraseSet::new(["contest", "competition", "مسابقه", "talent show", "talent search"]));

/// The minimum score of a call.
pub const THRESHOLD: f32 = 6.0;

pub struct Evidence<'a> {
    pub cues: &'a Cues,
    pub roles: &'a [ExtractedRole],
    pub contact: &'a Contact,
    pub has_pay: bool,
}

/// The score of the post (see the module doc); `>= THRESHOLD` with talent and an ask is a call.
pub fn score(post: &Post, ev: &Evidence) -> (f32, bool) {
    let w = &post.words;
    let c = ev.cues;
    let f = |cue: Cue| if c.has(cue) { 1.0 } else { 0.0 };
    let casting = c.has(Cue::Casting);
    let request = c.has(Cue::Request) || INVITE.any(w);
    let talent = c.has(Cue::Talent) || !ev.roles.is_empty();
    let apply = c.has(Cue::Apply);
    let contact = !ev.contact.is_empty();
    let attributes = ev.roles.iter().any(|r| r.gender.is_some() || r.age_min.is_some() || r.age_max.is_some());
    let mut s = 0.0;
    s += if casting { 3.0 } else { 0.0 };
    s += if request { 2.0 } else { 0.0 };
    s += if talent { 2.0 } else { 0.0 };
    s += c.production.min(2) as f32;
    s += if CONTEST.any(w) { 1.5 } else { 0.0 };
    s += if apply { 1.5 } else { 0.0 };
    s += if contact { 1.5 } else { 0.0 };
    s += if attributes { 1.0 } else { 0.0 };
    s += if ev.has_pay || c.has(Cue::Pay) { 1.0 } else { 0.0 };
    s -= 6.0 * f(Cue::Workshop);
    s -= 6.0 * f(Cue::Closed);
    s -= 5.0 * f(Cue::Warning);
    s -= 4.0 * f(Cue::Rules);
    s -= 4.0 * f(Cue::Past);
    s -= 2.0 * f(Cue::Credits);
    s -= 4.0 * f(Cue::Release);
    s -= 3.0 * f(Cue::Database);
    s -= 3.0 * f(Cue::Congrats);
    s -= 3.0 * f(Cue::Audience);
    s -= 2.5 * f(Cue::Schedule);
    let self_promo = c.has(Cue::SelfPromo) && !casting;
    let ask = request || apply || contact || casting;
    (s, talent && ask && !self_promo)
}

pub fn is_casting_call(post: &Post, ev: &Evidence) -> bool {
    let (s, ok) = score(post, ev);
    ok && s >= THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::SourceType;

    fn call(t: &str) -> bool {
        let post = Post::new(t, SourceType::Whatsapp);
        let cues = Cues::of(&post.words);
        let roles = super::super::roles::find(&post);
        let contact = super::super::contact::find(&post, None);
        is_casting_call(&post, &Evidence { cues: &cues, roles: &roles, contact: &contact, has_pay: false })
    }

    #[test]
    fn calls_in_arabic_and_english() {
        assert!(call("مطلوب حريم كبار سن ٦٠ سنة وفوق لمشهد في مسلسل\nللتواصل: 0555 123 097"));
        assert!(call("احتاج شاب وبنت لتصوير فيديو لمطعم يوم الاحد\nواتس فقط 0555902214"));
        assert!(call("Now casting: Saudi male, playing age 32-40, for a crime drama. Self-tapes due 20 March."));
        // A scam is still a call by form.
        assert!(call("مطلوب ممثلين وممثلات من جميع الأعمار، رسوم التسجيل ١٥٠ ريال، حول المبلغ على 0555990213"));
    }

    #[test]
    fn not_calls() {
        // Crew only, self-promotion, workshops, past reports, schedules for a cast.
        assert!(!call("مطلوب مصور فيديو ومونتير لتغطية فعالية في جدة، للتواصل 0555443322"));
        assert!(!call("أنا موديل وممثلة، أبحث عن فرص تصوير في الرياض، هذا حسابي @sara"));
        assert!(!call("ورشة تمثيل أمام الكاميرا مع المخرج فهد، الرسوم ٩٠٠ ريال، للتسجيل واتس 0555111222"));
        assert!(!call("Open auditions were held last week; 40 actors took part."));
        assert!(!call("مواعيد التيست تاريخ 10/14\nام سعد تواجد ساعه 9:30 الصبح\nابو سعد ساعه 10:30"));
        assert!(!call("Our acting masterclass starts 5 March in Riyadh, register now: https://class.example.com"));
        assert!(!call("Casting closed – thank you! We received over 900 submissions."));
    }
}
