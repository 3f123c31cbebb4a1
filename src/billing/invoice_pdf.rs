//! A tax invoice or credit note as a one-page PDF: English labels on the left, Arabic on the
//! right, the values between them, as Saudi invoices are laid out; the ZATCA QR code drawn as
//! vector squares so it scans at any zoom.

use super::invoice::{InvoiceKind, TaxInvoice};
use crate::{
    money::Halalas,
    pdf::{Align, Canvas, HEIGHT, Pdf, PdfError, Rgb, Style, WIDTH},
};
use time::{UtcOffset, macros::format_description};

/// The words of an invoice in one language (from the Fluent files, by the caller).
#[derive(Clone, Debug, Default)]
pub struct Labels {
    pub invoice: String,
    pub credit_note: String,
    pub number: String,
    pub refers_to: String,
    pub date: String,
    pub seller: String,
    pub vat_number: String,
    pub buyer: String,
    pub item: String,
    pub net: String,
    pub vat: String,
    pub total: String,
    pub qr_caption: String,
    pub currency: String,
}

impl Labels {
    /// The Fluent keys the labels are read from, shared with the printable page.
    pub fn from_keys(t: impl Fn(&str) -> String) -> Labels {
        Labels {
            invoice: t("invoice-simplified"),
            credit_note: t("invoice-credit-note"),
            number: t("invoice-number"),
            refers_to: t("invoice-refers-to"),
            date: t("invoice-date"),
            seller: t("invoice-seller"),
            vat_number: t("invoice-vat-number"),
            buyer: t("invoice-buyer"),
            item: t("invoice-item"),
            net: t("invoice-net"),
            vat: t("invoice-vat"),
            total: t("invoice-total"),
            qr_caption: t("invoice-qr-caption"),
            currency: t("invoice-currency"),
        }
    }

    fn title(&self, kind: InvoiceKind) -> &str {
        match kind {
            InvoiceKind::Invoice => &self.invoice,
            InvoiceKind::CreditNote => &self.credit_note,
        }
    }
}

const MARGIN: f32 = 42.0;
const RIYADH: UtcOffset = match UtcOffset::from_hms(3, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

fn amount(h: Halalas, currency: &str) -> String {
    format!("{} {currency}", h.decimal_string())
}

/// The invoice as PDF bytes.
pub fn render(inv: &TaxInvoice, ar: &Labels, en: &Labels) -> Result<Vec<u8>, PdfError> {
    let mut pdf = Pdf::new(&format!("{} {}", en.title(inv.kind), inv.label()), "ar")?;
    let issued =
        inv.issued_at.to_offset(RIYADH).format(format_description!("[year]-[month]-[day] [hour]:[minute] UTC+03:00")).unwrap_or_default();
    let (left, right, middle) = (MARGIN, WIDTH - MARGIN, WIDTH / 2.0);
    pdf.page(|c| {
        // Title and seller.
        let mut y = 70.0;
        c.text(en.title(inv.kind), left, y, 18.0, Style::EN.bold());
        c.text(ar.title(inv.kind), right, y, 18.0, Style::AR.bold());
        y += 22.0;
        c.text(&inv.seller.name_en, left, y, 11.0, Style::EN);
        c.text(&inv.seller.name_ar, right, y, 11.0, Style::AR);
        y += 14.0;
        c.rule(left, right, y);

        // Who, when, which number: label (en) — value — label (ar).
        let row = |c: &mut Canvas<'_, '_>, y: f32, en_label: &str, value: &str, ar_label: &str, rtl: bool| {
            c.text(en_label, left, y, 9.5, Style::EN.muted());
            c.text(ar_label, right, y, 9.5, Style::AR.muted());
            let style = if rtl { Style::AR } else { Style::EN };
            c.text(value, middle, y, 11.0, style.align(Align::Center));
        };
        y += 28.0;
        row(c, y, &en.number, &inv.label(), &ar.number, false);
        if let Some(r) = &inv.refers_to {
            y += 22.0;
            row(c, y, &en.refers_to, r, &ar.refers_to, false);
        }
        y += 22.0;
        row(c, y, &en.date, &issued, &ar.date, false);
        y += 22.0;
        row(c, y, &en.seller, &inv.seller.name_ar, &ar.seller, true);
        y += 22.0;
        row(c, y, &en.vat_number, &inv.seller.vat_number, &ar.vat_number, false);
        y += 22.0;
        row(c, y, &en.buyer, &inv.buyer_name, &ar.buyer, true);
        y += 16.0;
        c.rule(left, right, y);

        // The lines: item (Arabic over English), then net, VAT and total, right-aligned.
        let cols = [right - 200.0, right - 100.0, right];
        y += 24.0;
        c.text(&en.item, left, y, 9.0, Style::EN.muted().bold());
        for (col, (a, e)) in cols.iter().zip([(&ar.net, &en.net), (&ar.vat, &en.vat), (&ar.total, &en.total)]) {
            c.text_within(a, *col, y, 8.0, 92.0, Style::AR.muted().bold());
            c.text_within(e, *col, y + 11.0, 7.5, 92.0, Style::EN.muted().align(Align::Right));
        }
        let item_end = cols[0] - 96.0;
        c.text(&ar.item, item_end, y, 9.0, Style::AR.muted().bold());
        y += 18.0;
        // Each line: the Arabic description over the English one, the amounts beside the first.
        for line in &inv.lines {
            y += 16.0;
            c.text_within(&line.description_ar, item_end, y, 10.5, item_end - left, Style::AR);
            for (col, v) in cols.iter().zip([line.net, line.vat, line.total]) {
                c.text(&v.decimal_string(), *col, y, 10.5, Style::EN.align(Align::Right));
            }
            y += 15.0;
            c.text_within(&line.description_en, left, y, 10.0, item_end - left, Style::EN.muted());
            y += 6.0;
        }
        y += 8.0;
        c.rule(left, right, y);

        // Totals.
        for (i, (e, a, v)) in
            [(&en.net, &ar.net, inv.net), (&en.vat, &ar.vat, inv.vat), (&en.total, &ar.total, inv.total)].into_iter().enumerate()
        {
            y += 22.0;
            let bold = i == 2;
            let pick = |s: Style| if bold { s.bold() } else { s };
            c.text(e, left, y, 10.5, pick(Style::EN));
            c.text(a, right, y, 10.5, pick(Style::AR));
            c.text(&amount(v, &en.currency), middle, y, 11.5, pick(Style::EN.align(Align::Center)));
        }

        // The QR code and what it is for.
        let side = 132.0;
        let top = (y + 40.0).min(HEIGHT - MARGIN - side - 20.0);
        qr(c, &inv.qr, left, top, side);
        let caption = right - left - side - 14.0;
        c.text_within(&ar.qr_caption, right, top + 20.0, 9.0, caption, Style::AR.muted());
        c.text_within(&en.qr_caption, left + side + 14.0, top + 40.0, 8.5, caption, Style::EN.muted());
        c.text(&inv.label(), middle, HEIGHT - MARGIN, 8.0, Style::EN.muted().align(Align::Center));
    })?;
    pdf.finish()
}

/// The QR code's dark modules as squares inside a `side`-point square at (`x`, `y`).
fn qr(c: &mut Canvas<'_, '_>, text: &str, x: f32, y: f32, side: f32) {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return;
    };
    let n = code.width();
    let quiet = 2usize;
    let cell = side / (n + 2 * quiet) as f32;
    let squares: Vec<_> = code
        .to_colors()
        .iter()
        .enumerate()
        .filter(|(_, color)| **color == qrcode::Color::Dark)
        .map(|(i, _)| {
            let (col, row) = (i % n, i / n);
            // A hair wider than the cell, so no seams show between neighbours.
            (x + (col + quiet) as f32 * cell, y + (row + quiet) as f32 * cell, cell + 0.05, cell + 0.05)
        })
        .collect();
    c.rects(&squares, Rgb(0, 0, 0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::invoice::{Line, Seller};

    fn labels(lang: &str) -> Labels {
        Labels::from_keys(|k| format!("{lang}:{k}"))
    }

    #[test]
    fn an_invoice_is_a_pdf_with_its_fonts_embedded() {
        let inv = TaxInvoice {
            id: uuid::Uuid::nil(),
            kind: InvoiceKind::Invoice,
            number: 42,
            refers_to: None,
            buyer_user_id: None,
            buyer_name: "سارة القحطاني".into(),
            seller: Seller { name_ar: "تيك ون".into(), name_en: "TakeOne".into(), vat_number: "300000000000003".into() },
            issued_at: time::macros::datetime!(2026-12-07 09:30 UTC),
            lines: vec![Line {
                description_ar: "اشتراك برو — شهري".into(),
                description_en: "Pro — monthly".into(),
                quantity: 1,
                net: Halalas(4261),
                vat: Halalas(639),
                total: Halalas(4900),
            }],
            net: Halalas(4261),
            vat: Halalas(639),
            total: Halalas(4900),
            qr: "AQZUYWtlT25l".into(),
        };
        let bytes = render(&inv, &labels("ar"), &labels("en")).expect("renders");
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/FontFile2"), "TrueType fonts are embedded");
        assert!(text.contains("NotoSansArabic"), "the Arabic face is embedded");
        assert!(text.contains("/ToUnicode"), "the text can be copied and searched");
    }
}
