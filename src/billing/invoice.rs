//! Simplified tax invoices (ZATCA phase 1) and credit notes: numbered without gaps in the
//! transaction that takes the money, with the seller, the buyer, the lines, VAT 15% and the QR
//! code, in Arabic and English.

#[cfg(feature = "ssr")]
use super::{Price, zatca::QrFields};
use crate::money::Halalas;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use sqlx::{PgConnection, Row};
use time::OffsetDateTime;
use uuid::Uuid;

/// Who sells: the name and VAT registration number every invoice carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    pub name_ar: String,
    pub name_en: String,
    pub vat_number: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    Invoice,
    CreditNote,
}

impl InvoiceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "invoice",
            InvoiceKind::CreditNote => "credit_note",
        }
    }

    /// The printed number: INV-000042, CN-000007.
    pub fn label(self, number: i64) -> String {
        let prefix = match self {
            InvoiceKind::Invoice => "INV",
            InvoiceKind::CreditNote => "CN",
        };
        format!("{prefix}-{number:06}")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub description_ar: String,
    pub description_en: String,
    pub quantity: i64,
    pub net: Halalas,
    pub vat: Halalas,
    pub total: Halalas,
}

/// A tax invoice or credit note as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxInvoice {
    pub id: Uuid,
    pub kind: InvoiceKind,
    pub number: i64,
    pub refers_to: Option<String>,
    pub buyer_user_id: Option<Uuid>,
    pub buyer_name: String,
    pub seller: Seller,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    pub lines: Vec<Line>,
    pub net: Halalas,
    pub vat: Halalas,
    pub total: Halalas,
    /// The base64 TLV text of the ZATCA QR code.
    pub qr: String,
}

impl TaxInvoice {
    pub fn label(&self) -> String {
        self.kind.label(self.number)
    }
}

/// What an invoice is for, before it has a number.
#[cfg(feature = "ssr")]
pub struct Draft<'a> {
    pub kind: InvoiceKind,
    pub refers_to: Option<Uuid>,
    pub checkout: Option<Uuid>,
    pub payment: Option<&'a str>,
    pub buyer_user_id: Option<Uuid>,
    pub buyer_name: &'a str,
    /// The plan paid for; a credit note takes its invoice's.
    pub plan: Option<super::PlanId>,
    pub description_ar: String,
    pub description_en: String,
    /// VAT included; negative amounts are not taken (a credit note states what it gives back).
    pub total: Halalas,
}

#[cfg(feature = "ssr")]
/// Issues an invoice inside the caller's transaction: the next number of its series (the
/// counter row stays locked until the transaction ends, so numbers follow commit order and a
/// rolled-back payment gives its number back), the VAT inside the total and the QR code.
pub async fn issue(conn: &mut PgConnection, seller: &Seller, draft: Draft<'_>, now: OffsetDateTime) -> Result<TaxInvoice, sqlx::Error> {
    let number: i64 = sqlx::query_scalar("UPDATE invoice_counters SET last = last + 1 WHERE series = $1 RETURNING last")
        .bind(draft.kind.as_str())
        .fetch_one(&mut *conn)
        .await?;
    let price = Price::from_gross(draft.total);
    let line = Line {
        description_ar: draft.description_ar,
        description_en: draft.description_en,
        quantity: 1,
        net: price.net(),
        vat: price.vat,
        total: price.gross,
    };
    let issued_at = now.replace_nanosecond(0).unwrap_or(now);
    let qr =
        QrFields { seller: seller.name_ar.clone(), vat_number: seller.vat_number.clone(), issued_at, total: price.gross, vat: price.vat }
            .encode()
            .map_err(|e| sqlx::Error::Protocol(format!("the invoice's QR code: {e}")))?;
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO tax_invoices (id, kind, number, refers_to, checkout_id, gateway_payment_id, buyer_user_id, buyer_name,
                                   seller_name_ar, seller_name_en, seller_vat_number, issued_at, lines, net_halalas, vat_halalas,
                                   total_halalas, qr, plan_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 coalesce($18, (SELECT plan_id FROM tax_invoices WHERE id = $4)))",
    )
    .bind(id)
    .bind(draft.kind.as_str())
    .bind(number)
    .bind(draft.refers_to)
    .bind(draft.checkout)
    .bind(draft.payment)
    .bind(draft.buyer_user_id)
    .bind(draft.buyer_name)
    .bind(&seller.name_ar)
    .bind(&seller.name_en)
    .bind(&seller.vat_number)
    .bind(issued_at)
    .bind(serde_json::to_value(vec![&line]).unwrap_or_default())
    .bind(price.net().0)
    .bind(price.vat.0)
    .bind(price.gross.0)
    .bind(&qr)
    .bind(draft.plan.map(|p| p.as_str()))
    .execute(&mut *conn)
    .await?;
    let refers_to = match draft.refers_to {
        Some(r) => sqlx::query_scalar::<_, i64>("SELECT number FROM tax_invoices WHERE id = $1")
            .bind(r)
            .fetch_optional(&mut *conn)
            .await?
            .map(|n| InvoiceKind::Invoice.label(n)),
        None => None,
    };
    Ok(TaxInvoice {
        id,
        kind: draft.kind,
        number,
        refers_to,
        buyer_user_id: draft.buyer_user_id,
        buyer_name: draft.buyer_name.to_string(),
        seller: seller.clone(),
        issued_at,
        lines: vec![line],
        net: price.net(),
        vat: price.vat,
        total: price.gross,
        qr,
    })
}

/// One issued invoice, read back.
#[cfg(feature = "ssr")]
pub async fn load(conn: &mut PgConnection, id: Uuid) -> Result<Option<TaxInvoice>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT t.*, r.number AS refers_number FROM tax_invoices t LEFT JOIN tax_invoices r ON r.id = t.refers_to WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let kind: String = row.try_get("kind")?;
    let kind = if kind == "credit_note" { InvoiceKind::CreditNote } else { InvoiceKind::Invoice };
    let lines: serde_json::Value = row.try_get("lines")?;
    Ok(Some(TaxInvoice {
        id,
        kind,
        number: row.try_get("number")?,
        refers_to: row.try_get::<Option<i64>, _>("refers_number")?.map(|n| InvoiceKind::Invoice.label(n)),
        buyer_user_id: row.try_get("buyer_user_id")?,
        buyer_name: row.try_get("buyer_name")?,
        seller: Seller {
            name_ar: row.try_get("seller_name_ar")?,
            name_en: row.try_get("seller_name_en")?,
            vat_number: row.try_get("seller_vat_number")?,
        },
        issued_at: row.try_get("issued_at")?,
        lines: serde_json::from_value(lines).map_err(|e| sqlx::Error::Decode(e.into()))?,
        net: Halalas(row.try_get("net_halalas")?),
        vat: Halalas(row.try_get("vat_halalas")?),
        total: Halalas(row.try_get("total_halalas")?),
        qr: row.try_get("qr")?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_printed_with_their_series() {
        assert_eq!(InvoiceKind::Invoice.label(42), "INV-000042");
        assert_eq!(InvoiceKind::CreditNote.label(7), "CN-000007");
    }
}
