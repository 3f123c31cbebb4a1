//! The three fixtures against their ground truth, and one small synthetic export per format
//! variant of the fixtures' README.

use super::*;

fn parse(input: &str) -> Vec<ChatMessage> {
    match parse_export_str(input) {
        Ok(messages) => messages,
        Err(e) => panic!("parse failed: {e}"),
    }
}

/// (timestamp, sender, text, is_system) per message.
fn rows(input: &str) -> Vec<(String, String, String, bool)> {
    parse(input).into_iter().map(|m| (iso_timestamp(m.timestamp), m.sender, m.text, m.is_system)).collect()
}

fn row(ts: &str, sender: &str, text: &str, is_system: bool) -> (String, String, String, bool) {
    (ts.to_owned(), sender.to_owned(), text.to_owned(), is_system)
}

fn timestamps(input: &str) -> Vec<String> {
    parse(input).into_iter().map(|m| iso_timestamp(m.timestamp)).collect()
}

fn check_fixture(name: &str, txt: &str, expected: &str) {
    let want: serde_json::Value = serde_json::from_str(expected).expect("fixture JSON is valid");
    let want = want["messages"].as_array().expect("fixture has messages").clone();
    let got = to_json(&parse(txt));
    let got_list = got["messages"].as_array().expect("to_json has messages").clone();
    for (i, (g, w)) in got_list.iter().zip(&want).enumerate() {
        for field in ["timestamp", "sender", "text", "is_system"] {
            assert_eq!(g[field], w[field], "{name}: message {i}, field {field}");
        }
    }
    assert_eq!(got_list.len(), want.len(), "{name}: message count");
    assert_eq!(got["count"], serde_json::json!(want.len()), "{name}: count");
}

#[test]
fn fixture_android_en_24h() {
    check_fixture("android-en-24h", include_str!("fixtures/android-en-24h.txt"), include_str!("fixtures/android-en-24h.expected.json"));
}

#[test]
fn fixture_android_ar() {
    check_fixture("android-ar", include_str!("fixtures/android-ar.txt"), include_str!("fixtures/android-ar.expected.json"));
}

#[test]
fn fixture_ios_en_12h() {
    check_fixture("ios-en-12h", include_str!("fixtures/ios-en-12h.txt"), include_str!("fixtures/ios-en-12h.expected.json"));
}

#[test]
fn fixture_placeholders() {
    let placeholders = |txt: &str| -> Vec<String> { parse(txt).into_iter().filter(|m| m.is_placeholder()).map(|m| m.text).collect() };
    assert_eq!(
        placeholders(include_str!("fixtures/android-en-24h.txt")),
        vec![
            "IMG-20250303-WA0004.jpg (file attached)",
            "<Media omitted>",
            "This message was deleted",
            "<Media omitted>",
            "location: https://maps.google.com/?q=24.7340,46.5750",
            "STK-20250314-WA0015.webp (file attached)",
            "<Media omitted>",
            "This message was deleted",
        ]
    );
    let ios = placeholders(include_str!("fixtures/ios-en-12h.txt"));
    assert_eq!(ios.len(), 11, "{ios:?}");
    assert!(ios.contains(&"<attached: 00000034-PHOTO-2025-05-06-18-22-41.jpg>".to_owned()));
    assert!(ios.contains(&"Masterclass_Flyer.pdf • 2 pages document omitted".to_owned()));
    let ar = placeholders(include_str!("fixtures/android-ar.txt"));
    assert_eq!(ar.len(), 5, "{ar:?}");
}

#[test]
fn en_us_mdy_12h_with_nnbsp() {
    let input = "3/5/25, 9:07\u{202F}PM - Dana: first\n\
                 3/5/25, 11:59\u{202F}PM - Omar: late\n\
                 3/6/25, 12:05\u{202F}AM - Dana: after midnight\n\
                 3/6/25, 12:30\u{202F}PM - Omar: noon\n\
                 3/14/25, 1:00\u{202F}AM - Dana: pi day\n";
    assert_eq!(
        timestamps(input),
        vec!["2025-03-05T21:07:00", "2025-03-05T23:59:00", "2025-03-06T00:05:00", "2025-03-06T12:30:00", "2025-03-14T01:00:00",]
    );
}

#[test]
fn en_sa_mdy_12h_plain_space_decided_without_evidence() {
    // No day above 12: the smoother timeline (day by day) decides m/d.
    let input = "3/5/25, 9:07 PM - Dana: a\n3/6/25, 9:07 AM - Dana: b\n3/7/25, 10:00 AM - Dana: c\n";
    assert_eq!(timestamps(input), vec!["2025-03-05T21:07:00", "2025-03-06T09:07:00", "2025-03-07T10:00:00"]);
}

#[test]
fn en_au_dmy_24h() {
    let input = "5/3/25, 21:07 - Sara: hi\n6/3/25, 00:15 - Omar: late\n";
    assert_eq!(rows(input), vec![row("2025-03-05T21:07:00", "Sara", "hi", false), row("2025-03-06T00:15:00", "Omar", "late", false),]);
}

#[test]
fn en_gb_dmy_four_digit_year() {
    let input = "05/03/2025, 21:07 - Sara: hi\n14/03/2025, 08:00 - Sara: later\n";
    assert_eq!(timestamps(input), vec!["2025-03-05T21:07:00", "2025-03-14T08:00:00"]);
}

#[test]
fn de_dotted_dates() {
    let input = "05.03.25, 21:07 - Jonas: Hallo\n13.03.25, 09:00 - Jonas: Dreh am 14.03.25, 10:00 Uhr\n";
    assert_eq!(
        rows(input),
        vec![
            row("2025-03-05T21:07:00", "Jonas", "Hallo", false),
            row("2025-03-13T09:00:00", "Jonas", "Dreh am 14.03.25, 10:00 Uhr", false),
        ]
    );
}

#[test]
fn en_za_year_month_day() {
    let input = "2025/03/05, 21:07 - Thandi: hi\n2025/03/06, 07:00 - Thandi: morning\n";
    assert_eq!(timestamps(input), vec!["2025-03-05T21:07:00", "2025-03-06T07:00:00"]);
}

#[test]
fn spanish_dotted_meridiem_with_nbsp() {
    let input = "3/6/2018, 1:55 p.\u{A0}m. - Loris: hola\n\
                 3/6/2018, 12:10 a.\u{A0}m. - Luke: no es medianoche\n\
                 23/6/2018, 12:00 p.\u{A0}m. - Loris: mediodía\n";
    assert_eq!(
        rows(input),
        vec![
            row("2018-06-03T13:55:00", "Loris", "hola", false),
            row("2018-06-03T00:10:00", "Luke", "no es medianoche", false),
            row("2018-06-23T12:00:00", "Loris", "mediodía", false),
        ]
    );
}

#[test]
fn spanish_meridiem_with_plain_spaces() {
    let input = "[3/6/18 1:55:00 p. m.] a: m\n[13/6/18 9:00:00 a. m.] a: n\n";
    assert_eq!(timestamps(input), vec!["2018-06-03T13:55:00", "2018-06-13T09:00:00"]);
}

#[test]
fn ios_24h() {
    let input = "[27/03/2022, 21:41:35] Dmitry: Hello\n\
                 [27/03/2022, 21:41:55] Dmitry: \u{200E}image omitted\n\
                 \u{200E}[28/03/2022, 00:00:01] Dmitry: \u{200E}<attached: 00000001-PHOTO-2022-03-28-00-00-01.jpg>\n";
    let messages = parse(input);
    assert_eq!(
        rows(input),
        vec![
            row("2022-03-27T21:41:35", "Dmitry", "Hello", false),
            row("2022-03-27T21:41:55", "Dmitry", "image omitted", false),
            row("2022-03-28T00:00:01", "Dmitry", "<attached: 00000001-PHOTO-2022-03-28-00-00-01.jpg>", false),
        ]
    );
    assert_eq!(messages.iter().map(ChatMessage::is_placeholder).collect::<Vec<_>>(), vec![false, true, true]);
}

#[test]
fn ios_12h_events_and_pseudo_senders() {
    let input = "[05/03/2025, 9:07:05\u{202F}AM] Casting: Riyadh: \u{200E}Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them.\n\
                 [05/03/2025, 9:07:05\u{202F}AM] \u{200E}Dana created group “Casting: Riyadh”\n\
                 [05/03/2025, 12:00:00\u{202F}PM] Dana: \u{200E}Dana changed this group's icon\n\
                 [05/03/2025, 12:01:00\u{202F}PM] Dana: Dana changed this group's icon 😂 jk\n\
                 [06/03/2025, 12:00:59\u{202F}AM] ~\u{202F}Reem: \u{200E}This message was deleted.\n\
                 [06/03/2025, 9:07:05\u{202F}PM] \u{202A}+966\u{A0}55\u{A0}555\u{A0}1234\u{202C}: hi \u{200E}<This message was edited>\n";
    assert_eq!(
        rows(input),
        vec![
            row(
                "2025-03-05T09:07:05",
                "",
                "Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them.",
                true
            ),
            row("2025-03-05T09:07:05", "", "Dana created group “Casting: Riyadh”", true),
            row("2025-03-05T12:00:00", "", "Dana changed this group's icon", true),
            row("2025-03-05T12:01:00", "Dana", "Dana changed this group's icon 😂 jk", false),
            row("2025-03-06T00:00:59", "Reem", "This message was deleted.", false),
            row("2025-03-06T21:07:05", "+966 55 555 1234", "hi <This message was edited>", false),
        ]
    );
}

#[test]
fn arabic_android_latin_digits() {
    let input = "22\u{200F}/4\u{200F}/2025، 1:14 ص - \u{200F}أنشأ ريم المجموعة \"كاستنج\"\n\
                 22\u{200F}/4\u{200F}/2025، 12:05 ص - ريم: منتصف الليل\n\
                 22\u{200F}/4\u{200F}/2025، 12:10 م - ريم: الظهر\n\
                 22\u{200F}/4\u{200F}/2025، 9:07 م - \u{202A}+966 54 555 0191\u{202C}: مساء ٥ م\n";
    assert_eq!(
        rows(input),
        vec![
            row("2025-04-22T01:14:00", "", "أنشأ ريم المجموعة \"كاستنج\"", true),
            row("2025-04-22T00:05:00", "ريم", "منتصف الليل", false),
            row("2025-04-22T12:10:00", "ريم", "الظهر", false),
            row("2025-04-22T21:07:00", "+966 54 555 0191", "مساء ٥ م", false),
        ]
    );
}

#[test]
fn arabic_ios_indic_digits_nbsp_meridiem() {
    let input = "[١٥\u{200F}/٣\u{200F}/٢٠٢٥، ٩:٠٧:٠٥\u{A0}م] كاستنج: \u{200E}الرسائل والمكالمات مشفرة تمامًا بين الطرفين.\r\n\
                 [١٥\u{200F}/٣\u{200F}/٢٠٢٥، ٩:٠٨:٠٠\u{A0}م] دانة: \u{200F}غيّر دانة أيقونة هذه المجموعة\r\n\
                 [١٥\u{200F}/٣\u{200F}/٢٠٢٥، ١٢:٠٠:٠٠\u{A0}ص] \u{200F}غادر \u{202A}+966\u{A0}53\u{A0}555\u{A0}0190\u{202C}\r\n\
                 \u{200F}[١٦\u{200F}/٣\u{200F}/٢٠٢٥، ١٢:٠١:٠٢\u{A0}م] \u{202A}+966\u{A0}55\u{A0}555\u{A0}1234\u{202C}: \u{200F}لم يتم إدراج الصورة\r\n\
                 [١٦\u{200F}/٣\u{200F}/٢٠٢٥، ١:٠٠:٠٠\u{A0}م] ~\u{202F}ريم: \u{200F}تم حذف هذه الرسالة.\r\n";
    let messages = parse(input);
    assert_eq!(
        rows(input),
        vec![
            row("2025-03-15T21:07:05", "", "الرسائل والمكالمات مشفرة تمامًا بين الطرفين.", true),
            row("2025-03-15T21:08:00", "", "غيّر دانة أيقونة هذه المجموعة", true),
            row("2025-03-15T00:00:00", "", "غادر +966\u{A0}53\u{A0}555\u{A0}0190", true),
            row("2025-03-16T12:01:02", "+966 55 555 1234", "لم يتم إدراج الصورة", false),
            row("2025-03-16T13:00:00", "ريم", "تم حذف هذه الرسالة.", false),
        ]
    );
    assert!(messages[3].is_placeholder() && messages[4].is_placeholder());
}

#[test]
fn arabic_ios_latin_digits_24h() {
    let input = "[\u{200F}27\u{200F}/3\u{200F}/2022، 21:41:35] Dmitry S: Hello\n\
                 [\u{200F}28\u{200F}/3\u{200F}/2022، 00:00:10] Dmitry S: ٢٠\u{200F}/٤\u{200F}/٢٠٢٥، ٩:٠٠ ص الحضور\n\
                 15/4/2025, 9:00 - Location: Jeddah\n";
    assert_eq!(
        rows(input),
        vec![
            row("2022-03-27T21:41:35", "Dmitry S", "Hello", false),
            row("2022-03-28T00:00:10", "Dmitry S", "٢٠/٤/٢٠٢٥، ٩:٠٠ ص الحضور\n15/4/2025, 9:00 - Location: Jeddah", false),
        ]
    );
}

#[test]
fn persian_digits_in_header_only() {
    let input = "۱۵/۳/۲۰۲۵، ۲۱:۰۷ - علی: سلام ۱۲:۰۰\n";
    assert_eq!(rows(input), vec![row("2025-03-15T21:07:00", "علی", "سلام ۱۲:۰۰", false)]);
}

#[test]
fn old_ios_2016_without_brackets() {
    let input = "4/26/16, 16:23:03: Name: Hello\n\
                 4/26/16, 16:24:00: Name: second line follows\n\
                 4/26/16, 16:25 - Other: pasted Android header\n\
                 4/27/16, 09:00:00: Name created group “Test”\n";
    assert_eq!(
        rows(input),
        vec![
            row("2016-04-26T16:23:03", "Name", "Hello", false),
            row("2016-04-26T16:24:00", "Name", "second line follows\n4/26/16, 16:25 - Other: pasted Android header", false),
            row("2016-04-27T09:00:00", "", "Name created group “Test”", true),
        ]
    );
}

#[test]
fn finnish_klo_separator() {
    let input = "13.6.2018 klo 21.25.15 - Aino: Hei\n14.6.2018 klo 8.05.00 - Aino: Huomenta\n";
    assert_eq!(rows(input), vec![row("2018-06-13T21:25:15", "Aino", "Hei", false), row("2018-06-14T08:05:00", "Aino", "Huomenta", false),]);
}

#[test]
fn crlf_bom_and_no_final_newline() {
    let input = "\u{FEFF}[01/05/2025, 9:00:12\u{202F}AM] Maha: one\r\ntwo\r\n\r\n  three\r\n[01/05/2025, 9:01:00\u{202F}AM] Maha: last";
    assert_eq!(
        rows(input),
        vec![row("2025-05-01T09:00:12", "Maha", "one\ntwo\n\n  three", false), row("2025-05-01T09:01:00", "Maha", "last", false),]
    );
    let bytes = [b"\xEF\xBB\xBF".as_slice(), "5/3/25, 21:07 - Sara: hi\r\n".as_bytes()].concat();
    let messages = parse_export(&bytes).expect("BOM export parses");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].sender, "Sara");
    assert_eq!(messages[0].text, "hi");
}

#[test]
fn ambiguous_first_days_decided_by_later_date() {
    let day_first = "1/2/25, 10:00 - A: x\n2/2/25, 10:00 - A: y\n13/2/25, 10:00 - A: z\n";
    assert_eq!(timestamps(day_first), vec!["2025-02-01T10:00:00", "2025-02-02T10:00:00", "2025-02-13T10:00:00"]);
    let month_first = "1/2/25, 10:00 AM - A: x\n1/3/25, 10:00 AM - A: y\n1/13/25, 10:00 AM - A: z\n";
    assert_eq!(timestamps(month_first), vec!["2025-01-02T10:00:00", "2025-01-03T10:00:00", "2025-01-13T10:00:00"]);
}

#[test]
fn timestamps_need_not_be_monotonic() {
    let input = "2/3/25, 10:02 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n\
                 2/3/25, 10:00 - Faisal created group \"Hub: Riyadh\"\n";
    assert_eq!(
        rows(input),
        vec![
            row(
                "2025-03-02T10:02:00",
                "",
                "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
                true
            ),
            row("2025-03-02T10:00:00", "", "Faisal created group \"Hub: Riyadh\"", true),
        ]
    );
}

#[test]
fn pasted_other_platform_header_stays_inside_message() {
    let android = "9/3/25, 09:00 - Noura: Forwarding:\n\
                   [09/03/2025, 10:15:00] Casting Office: AlUla dates confirmed\n\
                   9/3/25, 09:01 - Omar: ok\n";
    assert_eq!(
        rows(android),
        vec![
            row("2025-03-09T09:00:00", "Noura", "Forwarding:\n[09/03/2025, 10:15:00] Casting Office: AlUla dates confirmed", false),
            row("2025-03-09T09:01:00", "Omar", "ok", false),
        ]
    );
    let ios = "[12/05/2025, 9:30:00\u{202F}AM] Turki: pasted:\n11/05/2025, 9:30 am - Agent: confirm\n";
    assert_eq!(rows(ios), vec![row("2025-05-12T09:30:00", "Turki", "pasted:\n11/05/2025, 9:30 am - Agent: confirm", false)]);
}

#[test]
fn body_keeps_its_own_text_verbatim() {
    let input = "5/3/25, 11:00 - Omar 🎥: anyone? 🙋\u{200D}♂\u{FE0F}\u{2028}still one line\n  - indented\n\n٥ م إلى ٩ م\n";
    assert_eq!(
        rows(input),
        vec![row(
            "2025-03-05T11:00:00",
            "Omar 🎥",
            "anyone? 🙋\u{200D}♂\u{FE0F}\u{2028}still one line\n  - indented\n\n٥ م إلى ٩ م",
            false
        )]
    );
}

#[test]
fn lines_before_the_first_header_are_dropped() {
    let input = "garbage\n5/3/25, 21:07 - Sara: hi\n";
    assert_eq!(rows(input), vec![row("2025-03-05T21:07:00", "Sara", "hi", false)]);
}

#[test]
fn export_errors() {
    assert_eq!(parse_export(b""), Err(ExportError::Empty));
    assert_eq!(parse_export(b"\xEF\xBB\xBF \r\n"), Err(ExportError::Empty));
    assert_eq!(parse_export_str("\n\n"), Err(ExportError::Empty));
    assert_eq!(parse_export(b"5/3/25, 21:07 - S: h\xFFi"), Err(ExportError::NotUtf8 { byte_offset: 20 }));
    assert_eq!(parse_export(b"\xEF\xBB\xBF\xC3("), Err(ExportError::NotUtf8 { byte_offset: 3 }));
    assert_eq!(parse_export(b"Dear diary,\n20/03/25 - Day 1\n"), Err(ExportError::NoHeader));
    assert_eq!(parse_export_str("31/31/25, 10:00 - A: b"), Err(ExportError::NoHeader));
    // Header-shaped, but 30 February exists in no order the file allows.
    assert_eq!(parse_export_str("30/2/25, 10:00 - A: b"), Err(ExportError::NoHeader));
    let big = vec![b'a'; MAX_EXPORT_BYTES + 1];
    assert_eq!(parse_export(&big), Err(ExportError::TooLarge { limit_bytes: MAX_EXPORT_BYTES }));
    assert!(parse_export(&big[..MAX_EXPORT_BYTES]).is_err_and(|e| e == ExportError::NoHeader));
}

#[test]
fn error_messages_speak_to_the_admin() {
    assert_eq!(
        ExportError::NotUtf8 { byte_offset: 123 }.to_string(),
        "the file is not UTF-8 text (first bad byte at offset 123); export the chat again from WhatsApp"
    );
    assert!(ExportError::NoHeader.to_string().contains("not a WhatsApp chat export"));
    assert!(ExportError::TooLarge { limit_bytes: MAX_EXPORT_BYTES }.to_string().contains("20 MB"));
}

#[test]
fn json_shape() {
    let json = to_json(&parse("5/3/25, 11:00 - Abdullah: hi\n"));
    assert_eq!(
        json,
        serde_json::json!({
            "messages": [{"timestamp": "2025-03-05T11:00:00", "sender": "Abdullah", "text": "hi", "is_system": false}],
            "count": 1
        })
    );
}
