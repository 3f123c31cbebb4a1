//! Refunds: an administrator gives back all or part of a payment through the gateway, and a
//! credit note that refers to the invoice records it.

use super::{
    BillingError,
    invoice::{self, Draft, InvoiceKind, TaxInvoice},
    payments::Payments,
};
use crate::{
    Msg,
    account::{User, UserRole},
    audit::{self, RequestMeta},
    money::Halalas,
};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

impl Payments {
    /// Only administrators give money back.
    pub fn may_refund(&self, user: &User) -> Result<(), BillingError> {
        if user.role == UserRole::Admin { Ok(()) } else { Err(BillingError::Forbidden) }
    }

    /// An administrator refunds `amount` halalas of the payment behind `invoice` (all of what is
    /// left when `None`) through the gateway, and a credit note referring to the invoice records
    /// it, numbered in its own series.
    pub async fn refund(
        &self,
        admin: &User,
        invoice_id: Uuid,
        amount: Option<Halalas>,
        meta: &RequestMeta,
    ) -> Result<TaxInvoice, BillingError> {
        self.may_refund(admin)?;
        // One refund of an invoice at a time, from reading what is left to its credit note: the
        // invoice's row stays locked through the gateway's answer, so a second refund waits and
        // then sees the first (an admin's rare action may hold it that long).
        let mut tx = self.db.begin().await?;
        let row: Option<(Option<String>, i64, Option<Uuid>, String)> = sqlx::query_as(
            "SELECT gateway_payment_id, total_halalas, buyer_user_id, buyer_name FROM tax_invoices
             WHERE id = $1 AND kind = 'invoice' FOR UPDATE",
        )
        .bind(invoice_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((Some(payment_id), total, buyer, buyer_name)) = row else { return Err(BillingError::NotFound) };
        let refunded: i64 = sqlx::query_scalar("SELECT coalesce(sum(total_halalas), 0)::int8 FROM tax_invoices WHERE refers_to = $1")
            .bind(invoice_id)
            .fetch_one(&mut *tx)
            .await?;
        let left = total - refunded;
        let amount = amount.map_or(left, |a| a.0);
        if amount <= 0 || amount > left {
            let mut e = crate::FieldErrors::new();
            e.add("amount", Msg::new("error-billing-refund-amount").with("left", Halalas(left).decimal_string()));
            return Err(BillingError::Invalid(e));
        }
        let payment = self.gateway.refund(&payment_id, Some(amount)).await.map_err(|e| {
            tracing::warn!(error = %e, payment = %payment_id, "the gateway refused a refund");
            BillingError::Refused(Msg::new("error-billing-gateway"))
        })?;
        let note = invoice::issue(
            &mut tx,
            &self.settings.seller,
            Draft {
                kind: InvoiceKind::CreditNote,
                refers_to: Some(invoice_id),
                checkout: None,
                payment: Some(&payment.id),
                buyer_user_id: buyer,
                buyer_name: &buyer_name,
                plan: None,
                description_ar: "استرداد".into(),
                description_en: "Refund".into(),
                total: Halalas(amount),
            },
            OffsetDateTime::now_utc(),
        )
        .await?;
        audit::record(
            &mut *tx,
            "PaymentRefunded",
            Some(admin.id),
            Some(&invoice_id.to_string()),
            meta,
            json!({ "payment": payment.id, "amount": amount, "credit_note": note.label() }),
        )
        .await?;
        tx.commit().await?;
        Ok(note)
    }
}
