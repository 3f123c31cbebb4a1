//! PDF documents in Arabic and English (tax invoices now, compliance reports later): A4 pages,
//! text shaped and ordered right to left where it is Arabic, in fonts embedded in the binary
//! (Noto Sans Arabic and Noto Sans, SIL OFL 1.1, `fonts/OFL.txt`) and subset into each file.
//!
//! Coordinates are points from the page's top-left corner; `y` of text is its baseline.

mod shape;

pub use shape::{Face, Line, Weight};

use krilla::{
    Document,
    color::rgb,
    geom::{PathBuilder, Point, Rect, Size},
    metadata::Metadata,
    num::NormalizedF32,
    page::PageSettings,
    paint::{Fill, FillRule},
    surface::Surface,
    text::Font,
};

/// A4 in points.
pub const WIDTH: f32 = 595.28;
pub const HEIGHT: f32 = 841.89;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Where a line of text hangs from its `x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A colour as red, green, blue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const INK: Rgb = Rgb(0x1f, 0x1b, 0x24);
    pub const MUTED: Rgb = Rgb(0x5c, 0x57, 0x66);
    pub const RULE: Rgb = Rgb(0xd9, 0xd4, 0xe0);

    fn fill(self) -> Fill {
        Fill { paint: rgb::Color::new(self.0, self.1, self.2).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
    }
}

/// A document being written.
pub struct Pdf {
    document: Document,
    fonts: Vec<Font>,
}

impl Pdf {
    /// A new document with its title and language (`ar` or `en`) in its metadata.
    pub fn new(title: &str, lang: &str) -> Result<Pdf, PdfError> {
        let mut document = Document::new();
        document.set_metadata(Metadata::new().title(title.to_string()).language(lang.to_string()).creator("TakeOne".to_string()));
        let fonts = Face::ALL
            .iter()
            .map(|f| Font::new(f.data().into(), 0).ok_or_else(|| PdfError::Write(format!("the embedded font {f:?} does not load"))))
            .collect::<Result<_, _>>()?;
        Ok(Pdf { document, fonts })
    }

    /// Adds an A4 page drawn by `draw`.
    pub fn page(&mut self, draw: impl FnOnce(&mut Canvas<'_, '_>)) -> Result<(), PdfError> {
        let size = Size::from_wh(WIDTH, HEIGHT).ok_or_else(|| PdfError::Write("page size".into()))?;
        let mut page = self.document.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        let mut canvas = Canvas { surface: &mut surface, fonts: &self.fonts };
        draw(&mut canvas);
        surface.finish();
        page.finish();
        Ok(())
    }

    pub fn finish(self) -> Result<Vec<u8>, PdfError> {
        self.document.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
    }
}

/// What one page is drawn with.
pub struct Canvas<'s, 'p> {
    surface: &'s mut Surface<'p>,
    fonts: &'s [Font],
}

impl Canvas<'_, '_> {
    /// Draws one line of text; `rtl` is the paragraph's direction (Arabic labels are right to
    /// left even when they hold numbers). Returns the width drawn.
    pub fn text(&mut self, text: &str, x: f32, y: f32, size: f32, style: Style) -> f32 {
        let line = Line::shape(text, style.weight, style.rtl);
        let width = line.width(size);
        let mut left = match style.align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        self.surface.set_fill(Some(style.color.fill()));
        for run in &line.runs {
            let font = self.fonts[run.face.index()].clone();
            self.surface.draw_glyphs(Point::from_xy(left, y), &run.glyphs, font, &run.text, size, false);
            left += run.advance * size;
        }
        width
    }

    /// Like [`Canvas::text`], smaller when it would be wider than `max` (table headings).
    pub fn text_within(&mut self, text: &str, x: f32, y: f32, size: f32, max: f32, style: Style) -> f32 {
        let width = self.measure(text, size, style);
        let size = if width > max && width > 0.0 { size * max / width } else { size };
        self.text(text, x, y, size, style)
    }

    /// The width `text` would take.
    pub fn measure(&self, text: &str, size: f32, style: Style) -> f32 {
        Line::shape(text, style.weight, style.rtl).width(size)
    }

    /// Filled rectangles, all in one colour (one path: a QR code is hundreds of them).
    pub fn rects(&mut self, rects: &[(f32, f32, f32, f32)], color: Rgb) {
        let mut path = PathBuilder::new();
        for (x, y, w, h) in rects {
            if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                path.push_rect(r);
            }
        }
        if let Some(path) = path.finish() {
            self.surface.set_fill(Some(color.fill()));
            self.surface.draw_path(&path);
        }
    }

    /// A thin horizontal rule.
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32) {
        self.rects(&[(x1, y, x2 - x1, 0.6)], Rgb::RULE);
    }
}

/// How a line of text looks.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub weight: Weight,
    pub rtl: bool,
    pub align: Align,
    pub color: Rgb,
}

impl Style {
    /// Arabic: right to left, hung from its right edge.
    pub const AR: Style = Style { weight: Weight::Regular, rtl: true, align: Align::Right, color: Rgb::INK };
    /// English: left to right, hung from its left edge.
    pub const EN: Style = Style { weight: Weight::Regular, rtl: false, align: Align::Left, color: Rgb::INK };

    pub fn bold(self) -> Style {
        Style { weight: Weight::Bold, ..self }
    }

    pub fn muted(self) -> Style {
        Style { color: Rgb::MUTED, ..self }
    }

    pub fn align(self, align: Align) -> Style {
        Style { align, ..self }
    }
}
