//! Listing pages (a casting board, a news page with several calls, a Firecrawl Markdown dump)
//! carry several posts; each must reach the extractor on its own, or roles, dates and contacts of
//! different calls get mixed into one record. Splitting is conservative: a single post with a
//! decorative rule, a list of roles or numbered requirements stays whole.

/// The separate posts of a page's readable text; a single post comes back as one item, an empty
/// text as none.
pub fn split_posts(text: &str) -> Vec<String> {
    split_on_separators(text).into_iter().flat_map(|segment| split_segment(&segment)).collect()
}

/// Lines of one repeated symbol (`---`, `* * *`, `=====`, `━━━`, `➖➖➖`) cut the text; pieces with
/// no casting vocabulary (a contact block after a rule, the page's intro or footer) are glued
/// back to their neighbour instead of standing as posts.
fn split_on_separators(text: &str) -> Vec<String> {
    let mut pieces: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines().map(str::trim) {
        if is_separator(line) {
            pieces.push(Vec::new());
        } else if let Some(current) = pieces.last_mut() {
            current.push(line);
        }
    }
    let pieces: Vec<String> = pieces.iter().map(|lines| join_lines(lines)).filter(|p| !p.is_empty()).collect();

    let mut out: Vec<String> = Vec::new();
    let mut leading: Option<String> = None;
    for piece in pieces {
        if has_casting_word(&piece) {
            out.push(match leading.take() {
                Some(intro) => format!("{intro}\n\n{piece}"),
                None => piece,
            });
        } else if let Some(last) = out.last_mut() {
            last.push_str("\n\n");
            last.push_str(&piece);
        } else {
            leading = Some(match leading.take() {
                Some(intro) => format!("{intro}\n\n{piece}"),
                None => piece,
            });
        }
    }
    out.extend(leading);
    out
}

fn split_segment(segment: &str) -> Vec<String> {
    let lines: Vec<&str> = segment.lines().map(str::trim).collect();
    let titles: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| is_title_line(l)).map(|(i, _)| i).collect();
    // Title lines before the first real post (a page heading such as "# Casting board") join
    // the intro rather than veto the split.
    for skip in 0..titles.len().saturating_sub(1) {
        if let Some(posts) = blocks_at(&lines, &titles[skip..], |block| count_text_lines(block) >= 2 && has_post_signal(block)) {
            return posts;
        }
    }
    if let Some(posts) = blocks_at(&lines, &numbered_starts(&lines), |block| has_strong_casting_word(block) && has_post_signal(block)) {
        return posts;
    }
    vec![segment.to_string()]
}

/// Cuts `lines` at `starts` if there are at least two blocks and every block passes `valid`.
/// Lines before the first start are the page's intro unless they form a valid post themselves.
fn blocks_at(lines: &[&str], starts: &[usize], valid: impl Fn(&str) -> bool) -> Option<Vec<String>> {
    if starts.len() < 2 {
        return None;
    }
    let mut blocks: Vec<String> = Vec::with_capacity(starts.len());
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let block = join_lines(&lines[start..end]);
        if !valid(&block) {
            return None;
        }
        blocks.push(block);
    }
    let intro = join_lines(&lines[..starts[0]]);
    if !intro.is_empty() {
        if has_casting_word(&intro) && valid(&intro) && count_text_lines(&intro) >= 2 {
            blocks.insert(0, intro);
        } else {
            blocks[0] = format!("{intro}\n\n{}", blocks[0]);
        }
    }
    Some(blocks)
}

fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

fn count_text_lines(block: &str) -> usize {
    block.lines().filter(|l| !l.trim().is_empty()).count()
}

fn is_separator(line: &str) -> bool {
    const SYMBOLS: &[char] = &['-', '*', '=', '_', '~', '—', '–', '━', '─', '═', '•', '·', '➖', 'ـ', '+'];
    let mut chars = line.chars().filter(|c| !c.is_whitespace() && *c != '\u{FE0F}');
    let Some(first) = chars.next() else { return false };
    SYMBOLS.contains(&first) && chars.clone().all(|c| c == first) && chars.count() >= 2
}

/// How calls on listing pages open. Matched at the start of a line, after bullets, emoji and
/// Markdown heading marks.
const TITLE_STARTS: &[&str] = &[
    "casting",
    "now casting",
    "we are casting",
    "we're casting",
    "open casting",
    "open call",
    "audition",
    "call for actors",
    "call for talent",
    "actors needed",
    "actor needed",
    "extras needed",
    "talent needed",
    "مطلوب",
    "كاستنج",
    "كاستينج",
    "كاستنغ",
    "كاستنق",
    "اختيار ممثلين",
    "تجارب أداء",
    "تجارب اداء",
    "تجارب الأداء",
    "إعلان كاستنج",
    "اعلان كاستنج",
    "فرصة تمثيل",
];

fn is_title_line(line: &str) -> bool {
    let core = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    let core = strip_number_marker(core).unwrap_or(core).trim_start_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() || core.chars().count() > 100 {
        return false;
    }
    let lower = core.to_lowercase();
    TITLE_STARTS.iter().any(|start| lower.starts_with(start))
}

/// Line indices of `1)`, `2.`, `(٣)`… numbered in sequence from one.
fn numbered_starts(lines: &[&str]) -> Vec<usize> {
    let mut expected = 1;
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(n) = leading_number(line)
            && n == expected
        {
            starts.push(i);
            expected += 1;
        }
    }
    starts
}

fn leading_number(line: &str) -> Option<u32> {
    let rest = line.trim_start_matches(['(', '[', '#', ' ']);
    let mut value = 0u32;
    let mut digits = 0;
    for c in rest.chars() {
        match digit_value(c) {
            Some(d) if digits < 2 => {
                value = value * 10 + d;
                digits += 1;
            }
            _ => break,
        }
    }
    if digits == 0 {
        return None;
    }
    let after: String = rest.chars().skip(digits).take(2).collect();
    let mut after = after.chars();
    let marker = after.next()?;
    let next = after.next();
    let is_marker = matches!(marker, ')' | '.' | '-' | '–' | ':' | ']' | '/');
    (is_marker && next.is_none_or(|c| c.is_whitespace() || c.is_alphanumeric())).then_some(value)
}

fn strip_number_marker(s: &str) -> Option<&str> {
    leading_number(s)?;
    let idx = s.find([')', '.', '-', '–', ':', ']', '/'])?;
    s.get(idx + 1..)
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// Vocabulary of talent calls, loose enough to recognise any piece that is about casting.
const CASTING_WORDS: &[&str] = &[
    "casting",
    "audition",
    "actor",
    "actress",
    "extras",
    "model",
    "talent",
    "voice",
    "role",
    "shoot",
    "filming",
    "commercial",
    "tvc",
    "ugc",
    "film",
    "series",
    "looking for",
    "needed",
    "wanted",
    "كاستنج",
    "كاستينج",
    "كاستنغ",
    "ممثل",
    "مطلوب",
    "تمثيل",
    "كومبارس",
    "موديل",
    "مودل",
    "أداء",
    "اداء",
    "دور",
    "أدوار",
    "ادوار",
    "مواهب",
    "موهبة",
    "تعليق صوتي",
    "تصوير",
    "إعلان",
    "اعلان",
    "فيلم",
    "مسلسل",
    "احتاج",
    "نحتاج",
    "نبحث",
    "مسرح",
];

/// Words that open a call rather than describe a role in one.
const STRONG_CASTING_WORDS: &[&str] = &[
    "casting",
    "audition",
    "open call",
    "كاستنج",
    "كاستينج",
    "كاستنغ",
    "مطلوب",
    "تجارب أداء",
    "تجارب اداء",
    "تجربة أداء",
    "اختيار ممثلين",
];

/// Ways to answer a call: each real post on a listing page has its own.
const ANSWER_WORDS: &[&str] = &[
    "deadline",
    "apply",
    "contact",
    "send",
    "submit",
    "whatsapp",
    "للتواصل",
    "التواصل",
    "التقديم",
    "للتقديم",
    "آخر موعد",
    "اخر موعد",
    "ارسال",
    "إرسال",
    "واتس",
];

fn has_casting_word(text: &str) -> bool {
    let lower = text.to_lowercase();
    CASTING_WORDS.iter().any(|w| lower.contains(w))
}

fn has_strong_casting_word(text: &str) -> bool {
    let lower = text.to_lowercase();
    STRONG_CASTING_WORDS.iter().any(|w| lower.contains(w))
}

fn has_post_signal(text: &str) -> bool {
    let lower = text.to_lowercase();
    if lower.contains('@') || lower.contains("http") || lower.contains("www.") || lower.contains("wa.me") {
        return true;
    }
    if ANSWER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // A phone number: seven or more digits, spaces and dashes allowed between them.
    let mut digits = 0;
    for c in lower.chars() {
        if digit_value(c).is_some() {
            digits += 1;
            if digits >= 7 {
                return true;
            }
        } else if !matches!(c, ' ' | '-' | '+' | '(' | ')') {
            digits = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_listing_with_rules_splits() {
        let page = "Latest casting calls\n\n\
            Casting call: lead actress for a short film\nRiyadh, females 25-35.\nApply by 2026-05-01 via cast@example.com\n\n\
            ---\n\n\
            Extras needed for a car commercial in Jeddah\nMen and women 20-50, 500 SAR per day.\nContact +966 55 555 1234\n\n\
            * * *\n\n\
            Voice actor wanted for an animated series\nRemote. Send a demo reel to voices@example.com\n\n\
            ---\n\
            © 2026 Example Media · Privacy";
        let posts = split_posts(page);
        assert_eq!(posts.len(), 3, "{posts:#?}");
        assert!(posts[0].starts_with("Latest casting calls\n\nCasting call: lead actress"));
        assert!(posts[1].starts_with("Extras needed"));
        assert!(posts[2].starts_with("Voice actor wanted"));
        assert!(posts[2].ends_with("Privacy"), "the footer stays with the last post");
    }

    #[test]
    fn arabic_listing_with_repeated_titles_splits() {
        let page = "إعلانات الكاستنج لهذا الأسبوع\n\
            مطلوب ممثلين لمسلسل سعودي في الرياض\n\
            الأعمار من 20 إلى 40 سنة\n\
            للتواصل واتساب 0555123456\n\
            مطلوب ممثلات لإعلان تجاري في جدة\n\
            العمر 18-30، الأجر 800 ريال\n\
            آخر موعد للتقديم ١٥/٦\n\
            كاستنج لفيلم قصير في الدمام\n\
            أطفال من 8 إلى 12 سنة\n\
            ارسال الصور على casting@example.sa";
        let posts = split_posts(page);
        assert_eq!(posts.len(), 3, "{posts:#?}");
        assert!(posts[0].contains("مسلسل سعودي") && posts[0].starts_with("إعلانات الكاستنج"));
        assert!(posts[1].starts_with("مطلوب ممثلات") && posts[1].contains("آخر موعد"));
        assert!(posts[2].starts_with("كاستنج لفيلم قصير"));
    }

    #[test]
    fn single_arabic_post_with_role_lines_stays_whole() {
        let post = "كاستنج لإعلان تجاري في الرياض\n\
            التصوير يوم الخميس القادم\n\
            مطلوب: ممثل من 25 إلى 35 سنة\n\
            مطلوب: ممثلة من 20 إلى 30 سنة\n\
            الأجر 1000 ريال\n\
            للتواصل: 0555987654";
        assert_eq!(split_posts(post), vec![post.to_string()]);
    }

    #[test]
    fn single_english_post_with_numbered_requirements_stays_whole() {
        let post = "Casting call: UGC creators for a skincare brand, Dubai\n\
            Requirements:\n\
            1) Female, 20-30\n\
            2) Fluent English and Arabic\n\
            3) Own phone with a good camera\n\
            Send your portfolio to ugc@example.com";
        assert_eq!(split_posts(post), vec![post.to_string()]);
    }

    #[test]
    fn numbered_listing_splits() {
        let page = "1) Casting call for a TV drama in Riyadh: male actors 30-45, contact 0555111222\n\
            2) مطلوب كومبارس لفيلم في جدة، للتواصل 0555333444\n\
            3. Open call for dancers in Dubai, apply at https://example.com/dance";
        let posts = split_posts(page);
        assert_eq!(posts.len(), 3, "{posts:#?}");
        assert!(posts[1].starts_with("2) مطلوب كومبارس"));
    }

    #[test]
    fn decorative_rule_inside_one_post_does_not_split() {
        let post = "مطلوب ممثلين لفيلم قصير في أبها\nالأعمار 18-25\n➖➖➖➖➖\nللتواصل 0555222333";
        let posts = split_posts(post);
        assert_eq!(posts.len(), 1, "{posts:#?}");
        assert!(posts[0].contains("أبها") && posts[0].contains("0555222333"));
    }

    #[test]
    fn markdown_headings_from_firecrawl_split() {
        let md = "# Casting board\n\n\
            ## Casting call: stunt performers\nTabuk, June 2026. Email stunts@example.com\n\n\
            ## Casting call: theatre ensemble\nRiyadh. Auditions on 3 May; apply at https://example.com/t";
        let posts = split_posts(md);
        assert_eq!(posts.len(), 2, "{posts:#?}");
        assert!(posts[0].starts_with("# Casting board\n\n## Casting call: stunt"));
        assert!(posts[1].starts_with("## Casting call: theatre"));
    }

    #[test]
    fn empty_and_plain_texts() {
        assert!(split_posts("").is_empty());
        assert!(split_posts("  \n\n ").is_empty());
        assert_eq!(split_posts("Just a news article about a film."), vec!["Just a news article about a film."]);
    }
}
