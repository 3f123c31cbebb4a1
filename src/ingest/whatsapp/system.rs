//! What a header's remainder *is*: a user message, a WhatsApp event, or a placeholder.
//!
//! WhatsApp has no marker for events. Android writes them without `Name: `; iOS writes most
//! of them behind an LRM, but attributes the encryption notice to the group name and (2025+
//! builds) some events to their actor, as if they were messages. So events are recognised
//! by their wording, always under conditions that user text practically never meets (a
//! leading LRM/RLM, a single line), to keep a user who writes "Dana added me" a user.

use super::marks::{clean_sender, starts_with_lrm_or_rlm, strip_marks};

/// How one header's remainder splits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Split<'a> {
    /// The raw sender, `None` for events.
    pub sender: Option<&'a str>,
    /// The raw first line of the text.
    pub body: &'a str,
}

/// Splits the remainder of a header line (`rest`) into sender and first body line.
/// `multiline` tells whether continuation lines follow: events are always one line.
pub(super) fn split(rest: &str, multiline: bool) -> Split<'_> {
    let whole_event = Split { sender: None, body: rest };
    let mut colons = rest.match_indices(": ").map(|(i, _)| i);
    // Users always have a sender, so a line without one is WhatsApp talking.
    let Some((sender, body)) = colons.next().and_then(|i| around(rest, i)) else {
        return whole_event;
    };
    if is_event_text_before_colon(sender) {
        return whole_event;
    }
    if is_attributed_event(sender, body, multiline, true) {
        return Split { sender: None, body };
    }
    // A group name may itself contain ": " in front of the encryption notice.
    let attributed_later =
        colons.filter_map(|i| around(rest, i)).find(|(pseudo, after)| is_attributed_event(pseudo, after, multiline, false));
    if let Some((_, after)) = attributed_later {
        return Split { sender: None, body: after };
    }
    Split { sender: Some(sender), body }
}

/// The text before and after the ": " at byte `at`.
fn around(rest: &str, at: usize) -> Option<(&str, &str)> {
    Some((rest.get(..at)?, rest.get(at + 2..)?))
}

/// An event whose own text contains ": " (a quoted group name or description), so that the
/// part before the colon is not a name but the start of the event.
fn is_event_text_before_colon(before: &str) -> bool {
    let quoted = before.contains(['"', '“', '”', '«', '»']);
    (quoted || starts_with_lrm_or_rlm(before)) && has_event_wording(&strip_marks(before))
}

/// iOS's pseudo-sender events: `Group: ⟨LRM⟩Messages and calls are end-to-end encrypted…`,
/// `Dana: ⟨LRM⟩Dana changed this group's icon`.
fn is_attributed_event(pseudo_sender: &str, body_raw: &str, multiline: bool, first_colon: bool) -> bool {
    let body = strip_marks(body_raw);
    if is_encryption_notice(&body) {
        return first_colon || starts_with_lrm_or_rlm(body_raw);
    }
    if multiline || !starts_with_lrm_or_rlm(body_raw) || is_placeholder(&body) {
        return false;
    }
    let actor = clean_sender(pseudo_sender);
    let names_actor = !actor.is_empty() && body.strip_prefix(actor.as_str()).is_some_and(|after| after.starts_with(' '));
    names_actor || has_event_wording(&body)
}

/// Notices iOS attributes to the chat's name or the contact, with or without an LRM: the
/// encryption notice and the security-code change.
fn is_encryption_notice(body: &str) -> bool {
    let body = body.trim_start();
    (body.starts_with("Messages") && body.contains("end-to-end"))
        || (body.starts_with("الرسائل") && (body.contains("مشفرة") || body.contains("التشفير")))
        || (body.starts_with("Your security code with ") && body.contains(" changed"))
}

/// Removes Arabic harakat (shadda, fatha…), which WhatsApp's strings use inconsistently
/// (`غيّر` / `غير`, `حذَفت` / `حذفت`).
fn fold_arabic(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')).collect()
}

/// Wording of group events in English and Arabic.
fn has_event_wording(text: &str) -> bool {
    const EN_PHRASES: &[&str] = &[
        "created group",
        "created this group",
        "changed this group's",
        "changed the group",
        "deleted this group's",
        "deleted the group",
        "changed the subject",
        "changed their phone number",
        "pinned a message",
        "disappearing messages",
        "reset this group's invite link",
        "joined using",
        "is now an admin",
    ];
    const EN_WORDS: &[&str] = &["added", "removed", "left", "joined"];
    const AR_PHRASES: &[&str] = &["المجموعة", "أنشأ", "أضاف", "أزال", "غادر", "انضم", "غير", "ثبت", "حذف"];
    let lower = text.to_lowercase();
    let folded = fold_arabic(text);
    EN_PHRASES.iter().any(|p| lower.contains(p))
        || lower.split_whitespace().any(|w| EN_WORDS.contains(&w))
        || AR_PHRASES.iter().any(|p| folded.contains(p))
}

/// Media placeholders, deleted-message tombstones, attachment-only messages and shared
/// locations: text WhatsApp generated in place of content, in its English and Arabic forms.
/// `text` is the cleaned message text (directional marks removed).
pub(super) fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    match text.split_once('\n') {
        None => is_single_line_placeholder(text),
        Some((first, rest)) => is_attachment_with_repeated_name(first, rest),
    }
}

fn is_single_line_placeholder(line: &str) -> bool {
    is_media_omitted(line) || is_deleted(line) || attachment_name(line).is_some() || is_ios_attachment(line) || is_location(line)
}

fn is_media_omitted(line: &str) -> bool {
    // Android: `<Media omitted>`, `<Video note omitted>`, `<تم استبعاد الوسائط>`.
    let bracketed = line.starts_with('<') && line.ends_with('>');
    if bracketed && (line.ends_with(" omitted>") || line.contains("تم استبعاد")) {
        return true;
    }
    // iOS: `image omitted`, `Contact card omitted`, `F.pdf • 2 pages document omitted`.
    const KINDS: &[&str] = &[
        "image",
        "video",
        "audio",
        "sticker",
        "gif",
        "contact card",
        "photo",
        "voice message",
        "video note",
        "view once photo",
        "view once video",
        "view once voice message",
    ];
    if let Some(kind) = line.strip_suffix(" omitted") {
        let kind = kind.to_lowercase();
        if KINDS.contains(&kind.as_str()) || kind == "document" || kind.ends_with(" document") {
            return true;
        }
    }
    // Arabic iOS: `لم يتم إدراج الصورة`, `X.pdf • صفحتان ٢ لم يتم إدراج المستند`, stickers.
    line.starts_with("لم يتم إدراج") || line.ends_with("لم يتم إدراج المستند") || line == "تم حذف الملصقات"
}

fn is_deleted(line: &str) -> bool {
    let line = fold_arabic(line.strip_suffix('.').unwrap_or(line));
    line.starts_with("This message was deleted")
        || line == "You deleted this message"
        || line == "تم حذف هذه الرسالة"
        || line == "أنت حذفت هذه الرسالة"
        || line == "لقد حذفت هذه الرسالة"
}

/// The file name of an Android attachment line `IMG-….jpg (file attached)`.
fn attachment_name(line: &str) -> Option<&str> {
    [" (file attached)", " (ملف مرفق)", " (الملف مرفق)"]
        .iter()
        .find_map(|suffix| line.strip_suffix(suffix))
        .filter(|name| !name.trim().is_empty())
}

/// iOS media export: `<attached: 00000034-PHOTO-….jpg>`, optionally after the document name.
fn is_ios_attachment(line: &str) -> bool {
    line.ends_with('>') && (line.contains("<attached: ") || line.contains("<المُرفق: "))
}

fn is_location(line: &str) -> bool {
    let url = ["location: ", "Location: ", "موقع: ", "الموقع: "].iter().find_map(|prefix| line.strip_prefix(prefix));
    url.is_some_and(|u| u.starts_with("http") && !u.contains(char::is_whitespace)) || line.eq_ignore_ascii_case("live location shared")
}

/// Android documents: the attachment line is followed by the document's name, which is no
/// caption. A real caption after an image stays content.
fn is_attachment_with_repeated_name(first: &str, rest: &str) -> bool {
    let Some(name) = attachment_name(first) else {
        return false;
    };
    let rest = rest.trim();
    if rest.contains('\n') {
        return false;
    }
    let extension = |s: &str| s.rsplit_once('.').map(|(_, ext)| ext.to_lowercase());
    rest == name.trim() || (extension(name).is_some_and(|ext| !ext.is_empty() && ext.len() <= 5) && extension(rest) == extension(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_all_listed_forms() {
        for text in [
            "<Media omitted>",
            "<تم استبعاد الوسائط>",
            "image omitted",
            "video omitted",
            "audio omitted",
            "sticker omitted",
            "GIF omitted",
            "Contact card omitted",
            "Masterclass_Flyer.pdf • 2 pages document omitted",
            "لم يتم إدراج الصورة",
            "تم حذف الملصقات",
            "Resume.pdf • صفحتان ٢ لم يتم إدراج المستند",
            "IMG-20250303-WA0004.jpg (file attached)",
            "IMG-20250406-WA0003.jpg (ملف مرفق)",
            "Brief.pdf (file attached)\nBrief.pdf",
            "DOC-20250306-WA0011.pdf (file attached)\nCasting brief.pdf",
            "<attached: 00000034-PHOTO-2025-05-06-18-22-41.jpg>",
            "This message was deleted",
            "You deleted this message",
            "تم حذف هذه الرسالة",
            "This message was deleted.",
            "You deleted this message.",
            "تم حذف هذه الرسالة.",
            "أنت حذفت هذه الرسالة.",
            "لقد حذَفت هذه الرسالة.",
            "location: https://maps.google.com/?q=24.7136,46.6753",
            "Location: https://maps.google.com/?q=24.7136,46.6753",
            "موقع: https://maps.google.com/?q=34.8,28.1",
        ] {
            assert!(is_placeholder(text), "{text:?}");
        }
    }

    #[test]
    fn captions_and_ordinary_text_are_not_placeholders() {
        for text in [
            "IMG-20250306-WA0011.jpg (file attached)\nMUSIC VIDEO – Saudi artist 🎵",
            "VID-20250305-WA0007.mp4 (file attached)\nMy latest self-tape 🎬",
            "Self-promo is Thursdays only please 🙏 <This message was edited>",
            "why was the image omitted from the brief?",
            "Location: AlUla",
            "Sent ✅",
            "",
        ] {
            assert!(!is_placeholder(text), "{text:?}");
        }
    }

    #[test]
    fn splits_users_and_events() {
        assert_eq!(split("Noura - Casting Agency: hi: there", false), Split { sender: Some("Noura - Casting Agency"), body: "hi: there" });
        assert_eq!(split("Faisal added you", false).sender, None);
        let notice = "Casting: Riyadh: \u{200E}Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them.";
        assert_eq!(split(notice, false).sender, None);
        assert!(split(notice, false).body.ends_with("share them."));
        assert_eq!(split("Dana: \u{200E}Dana changed this group's icon", false).sender, None);
        assert_eq!(split("دانة: \u{200F}غيّر دانة أيقونة هذه المجموعة", false).sender, None);
        assert_eq!(split("Faisal created group \"Casting: Jeddah\"", false).sender, None);
        // Without the LRM that WhatsApp puts there, it is a person typing.
        assert_eq!(split("Dana: Dana changed this group's icon", false).sender, Some("Dana"));
        assert_eq!(split("Reem: \u{200E}image omitted", false).sender, Some("Reem"));
        assert_eq!(split("Reem: \u{200E}This message was deleted.", false).sender, Some("Reem"));
    }
}
