//! One line of text made ready to draw: bidirectional runs in visual order (unicode-bidi), each
//! split by the font that has its letters (Noto Sans Arabic or Noto Sans), each shaped by
//! rustybuzz so Arabic letters join and take their contextual forms.

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, UnicodeBuffer};
use std::sync::LazyLock;
use unicode_bidi::{BidiInfo, Level};

/// The weight of a line of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

/// Which of the embedded faces a run is drawn with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    Arabic(Weight),
    Latin(Weight),
}

impl Face {
    pub(super) const ALL: [Face; 4] =
        [Face::Arabic(Weight::Regular), Face::Arabic(Weight::Bold), Face::Latin(Weight::Regular), Face::Latin(Weight::Bold)];

    pub(super) fn data(self) -> &'static [u8] {
        match self {
            Face::Arabic(Weight::Regular) => include_bytes!("fonts/NotoSansArabic-Regular.ttf"),
            Face::Arabic(Weight::Bold) => include_bytes!("fonts/NotoSansArabic-Bold.ttf"),
            Face::Latin(Weight::Regular) => include_bytes!("fonts/NotoSans-Regular.ttf"),
            Face::Latin(Weight::Bold) => include_bytes!("fonts/NotoSans-Bold.ttf"),
        }
    }

    pub(super) fn index(self) -> usize {
        Face::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    fn shaper(self) -> Option<&'static rustybuzz::Face<'static>> {
        SHAPERS.get(self.index()).and_then(Option::as_ref)
    }

    fn has(self, c: char) -> bool {
        self.shaper().is_some_and(|f| f.glyph_index(c).is_some())
    }
}

/// The fonts ship inside the binary, so they parse; one that did not would shape nothing (and
/// `Pdf::new` refuses to start a document with it), never panic.
static SHAPERS: LazyLock<Vec<Option<rustybuzz::Face<'static>>>> =
    LazyLock::new(|| Face::ALL.iter().map(|f| rustybuzz::Face::from_slice(f.data(), 0)).collect());

/// A piece of a line in one face and one direction, its glyphs left to right.
#[derive(Clone, Debug)]
pub struct Run {
    pub face: Face,
    pub rtl: bool,
    /// The run's text in logical order; the glyphs' ranges point into it (the PDF's copyable text).
    pub text: String,
    pub glyphs: Vec<KrillaGlyph>,
    /// The run's advance in ems.
    pub advance: f32,
}

/// A line of text in visual order, left to right.
#[derive(Clone, Debug, Default)]
pub struct Line {
    pub runs: Vec<Run>,
}

impl Line {
    /// Shapes `text` as one line whose paragraph direction is right-to-left when `rtl`.
    pub fn shape(text: &str, weight: Weight, rtl: bool) -> Line {
        // One line: a line break inside would start a second paragraph.
        let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        if text.is_empty() {
            return Line::default();
        }
        let bidi = BidiInfo::new(&text, Some(if rtl { Level::rtl() } else { Level::ltr() }));
        let mut runs = vec![];
        for para in &bidi.paragraphs {
            let (levels, level_runs) = bidi.visual_runs(para, para.range.clone());
            for range in level_runs {
                let run_rtl = levels[range.start].is_rtl();
                let mut pieces = split_by_face(&text[range], weight, run_rtl);
                if run_rtl {
                    // Logical pieces of a right-to-left run sit right to left.
                    pieces.reverse();
                }
                runs.extend(pieces.into_iter().map(|(face, piece)| shape_run(face, piece, run_rtl)));
            }
        }
        Line { runs }
    }

    /// The width at `size` points.
    pub fn width(&self, size: f32) -> f32 {
        self.runs.iter().map(|r| r.advance).sum::<f32>() * size
    }
}

fn is_arabic(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Marks that steer the bidi algorithm and have no glyph: kept for ordering, not drawn.
fn is_bidi_mark(c: char) -> bool {
    matches!(c as u32, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069 | 0x061C)
}

/// Splits one directional run where its letters change font: Arabic letters in the Arabic
/// face, the rest in the Latin one, spaces and punctuation with the run's own script, and any
/// character one face lacks in the other.
fn split_by_face(text: &str, weight: Weight, rtl: bool) -> Vec<(Face, String)> {
    let mut pieces: Vec<(Face, String)> = vec![];
    for c in text.chars().filter(|c| !is_bidi_mark(*c)) {
        let (arabic, latin) = (Face::Arabic(weight), Face::Latin(weight));
        let preferred = if is_arabic(c) || (rtl && !c.is_alphanumeric()) { arabic } else { latin };
        let other = if preferred == arabic { latin } else { arabic };
        let face = if preferred.has(c) || !other.has(c) { preferred } else { other };
        match pieces.last_mut() {
            Some((f, s)) if *f == face => s.push(c),
            _ => pieces.push((face, c.to_string())),
        }
    }
    pieces
}

fn shape_run(face: Face, text: String, rtl: bool) -> Run {
    let Some(shaper) = face.shaper() else {
        return Run { face, rtl, text, glyphs: vec![], advance: 0.0 };
    };
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&text);
    buffer.set_direction(if rtl { Direction::RightToLeft } else { Direction::LeftToRight });
    buffer.guess_segment_properties();
    let output = rustybuzz::shape(shaper, &[], buffer);
    let upem = shaper.units_per_em() as f32;
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    // A glyph covers the text from its cluster to the next cluster in logical order, which is
    // the next glyph left to right, and the previous one right to left.
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |start: usize| starts.iter().copied().find(|s| *s > start).unwrap_or(text.len());
    let mut advance = 0.0;
    let glyphs = infos
        .iter()
        .zip(positions)
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            advance += pos.x_advance as f32 / upem;
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / upem,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end_of(start),
                None,
            )
        })
        .collect();
    Run { face, rtl, text, glyphs, advance }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph_ids(line: &Line) -> Vec<u32> {
        line.runs.iter().flat_map(|r| r.glyphs.iter().map(|g| g.glyph_id.to_u32())).collect()
    }

    #[test]
    fn arabic_letters_join_and_read_right_to_left() {
        let word = Line::shape("فاتورة", Weight::Regular, true);
        assert_eq!(word.runs.len(), 1);
        let run = &word.runs[0];
        assert!(run.rtl);
        assert_eq!(run.face, Face::Arabic(Weight::Regular));
        // Visual order: the first letter of the word is drawn last (rightmost).
        assert_eq!(run.glyphs.last().map(|g| g.text_range.start), Some(0));
        assert_eq!(run.glyphs.first().map(|g| g.text_range.end), Some("فاتورة".len()));
        // Joined: the initial فـ is not the letter standing alone.
        let alone = Line::shape("ف", Weight::Regular, true);
        assert_ne!(glyph_ids(&alone)[0], *glyph_ids(&word).last().unwrap_or(&0));
        assert!(word.width(10.0) > 0.0);
    }

    #[test]
    fn numbers_and_latin_inside_arabic_keep_their_order_and_font() {
        let line = Line::shape("الإجمالي 49.00 SAR", Weight::Regular, true);
        let faces: Vec<_> = line.runs.iter().map(|r| (r.face, r.text.trim().to_string())).collect();
        // The Arabic word is the rightmost run; the Latin text reads left to right before it.
        let last = faces.last().map(|(f, t)| (*f, t.clone()));
        assert_eq!(last, Some((Face::Arabic(Weight::Regular), "الإجمالي".to_string())), "{faces:?}");
        let latin: String = line.runs.iter().filter(|r| !r.rtl).map(|r| r.text.as_str()).collect();
        assert!(latin.contains("49.00"), "{faces:?}");
        assert!(line.runs.iter().filter(|r| r.text.contains("SAR")).all(|r| r.face == Face::Latin(Weight::Regular)));
    }

    #[test]
    fn isolating_marks_are_not_drawn() {
        let line = Line::shape("\u{2068}INV-000042\u{2069} رقم", Weight::Regular, true);
        assert!(line.runs.iter().all(|r| !r.text.contains('\u{2068}') && !r.text.contains('\u{2069}')));
        // No .notdef (glyph 0) anywhere.
        assert!(glyph_ids(&line).iter().all(|g| *g != 0), "{line:?}");
    }

    #[test]
    fn english_is_left_to_right_in_the_latin_face() {
        let line = Line::shape("Simplified tax invoice", Weight::Bold, false);
        assert_eq!(line.runs.len(), 1);
        assert_eq!(line.runs[0].face, Face::Latin(Weight::Bold));
        assert_eq!(line.runs[0].glyphs.first().map(|g| g.text_range.start), Some(0));
    }
}
