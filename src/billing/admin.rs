//! What administrators see of billing: revenue by plan and month (invoices less credit notes,
//! VAT included, months in Riyadh time), subscriptions by status, renewals that failed, the
//! latest refunds, and one account's billing found by name or email, with what is left to
//! refund on each invoice.

use super::{PlanId, SubscriptionStatus};
use crate::money::Halalas;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// One plan's takings in one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueCell {
    /// `YYYY-MM`, Riyadh time.
    pub month: String,
    pub plan: PlanId,
    pub total: Halalas,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedRenewal {
    pub subscription: Uuid,
    pub account: String,
    pub plan: PlanId,
    pub amount: Halalas,
    pub attempts: i32,
    /// Tried again then; `None` once the tries are used up (the subscription was canceled).
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_attempt_at: Option<OffsetDateTime>,
    pub failure: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    pub id: Uuid,
    pub label: String,
    pub refers_to: Option<String>,
    pub buyer: String,
    pub total: Halalas,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
}

/// An invoice as the refund form sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundableInvoice {
    pub id: Uuid,
    pub label: String,
    pub total: Halalas,
    /// What is left to give back (the total less its credit notes).
    pub refundable: Halalas,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountBilling {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub plan: Option<PlanId>,
    pub status: Option<SubscriptionStatus>,
    pub invoices: Vec<RefundableInvoice>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingOverview {
    /// The last twelve months, oldest first.
    pub revenue: Vec<RevenueCell>,
    pub statuses: Vec<(SubscriptionStatus, i64)>,
    pub failed_renewals: Vec<FailedRenewal>,
    pub refunds: Vec<Refund>,
    /// Accounts matching the search, when there is one.
    pub accounts: Vec<AccountBilling>,
    /// Every plan, for their names.
    pub plans: Vec<super::Plan>,
}

impl BillingOverview {
    /// A plan's name in `locale`.
    pub fn plan_name(&self, id: PlanId, locale: crate::Locale) -> String {
        self.plans.iter().find(|p| p.id == id).map_or_else(|| id.as_str().to_string(), |p| p.name(locale).to_string())
    }

    /// The months shown, oldest first, each once.
    pub fn months(&self) -> Vec<String> {
        let mut months: Vec<String> = self.revenue.iter().map(|c| c.month.clone()).collect();
        months.sort();
        months.dedup();
        months
    }

    /// One month's total for one plan.
    pub fn revenue_of(&self, month: &str, plan: PlanId) -> Halalas {
        Halalas(self.revenue.iter().filter(|c| c.month == month && c.plan == plan).map(|c| c.total.0).sum())
    }

    /// One month's total, all plans.
    pub fn month_total(&self, month: &str) -> Halalas {
        Halalas(self.revenue.iter().filter(|c| c.month == month).map(|c| c.total.0).sum())
    }
}

#[cfg(feature = "ssr")]
mod queries {
    use super::*;
    use crate::{
        account::{User, UserRole},
        billing::{BillingError, payments::Payments},
        text::normalize_for_search,
    };
    use sqlx::Row;

    fn plan(s: &str) -> Result<PlanId, sqlx::Error> {
        PlanId::parse(s).map_err(|_| sqlx::Error::Decode(format!("unknown plan {s}").into()))
    }

    impl Payments {
        /// The billing overview, for administrators only; `search` finds accounts by email or
        /// name (Arabic normalized as search does).
        pub async fn admin_overview(&self, admin: &User, search: &str, now: OffsetDateTime) -> Result<BillingOverview, BillingError> {
            if admin.role != UserRole::Admin {
                return Err(BillingError::Forbidden);
            }
            let since = super::super::month_start(now - time::Duration::days(334));
            let revenue = sqlx::query(
                "SELECT to_char(issued_at AT TIME ZONE 'Asia/Riyadh', 'YYYY-MM') AS month, plan_id,
                        sum(CASE WHEN kind = 'invoice' THEN total_halalas ELSE -total_halalas END)::int8 AS total
                 FROM tax_invoices WHERE plan_id IS NOT NULL AND issued_at >= $1
                 GROUP BY 1, 2 ORDER BY 1, 2",
            )
            .bind(since)
            .fetch_all(&self.db)
            .await?
            .iter()
            .map(|r| {
                Ok(RevenueCell {
                    month: r.try_get("month")?,
                    plan: plan(&r.try_get::<String, _>("plan_id")?)?,
                    total: Halalas(r.try_get("total")?),
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
            let counts: Vec<(String, i64)> =
                sqlx::query_as("SELECT status, count(*) FROM subscriptions GROUP BY status").fetch_all(&self.db).await?;
            let statuses = SubscriptionStatus::ALL
                .into_iter()
                .map(|s| (s, counts.iter().find(|(c, _)| c == s.as_str()).map_or(0, |(_, n)| *n)))
                .collect();
            let failed_renewals = sqlx::query(
                "SELECT r.subscription_id, r.amount_halalas, r.attempts, r.next_attempt_at, r.failure, s.plan_id,
                        coalesce(o.name_ar, o.name_en, u.display_name, '') AS account
                 FROM renewals r JOIN subscriptions s ON s.id = r.subscription_id
                 LEFT JOIN users u ON u.id = s.user_id LEFT JOIN organizations o ON o.id = s.organization_id
                 WHERE r.status = 'failed' OR (r.status = 'pending' AND r.attempts > 0)
                 ORDER BY r.updated_at DESC LIMIT 50",
            )
            .fetch_all(&self.db)
            .await?
            .iter()
            .map(|r| {
                Ok(FailedRenewal {
                    subscription: r.try_get("subscription_id")?,
                    account: r.try_get("account")?,
                    plan: plan(&r.try_get::<String, _>("plan_id")?)?,
                    amount: Halalas(r.try_get("amount_halalas")?),
                    attempts: r.try_get("attempts")?,
                    next_attempt_at: r.try_get("next_attempt_at")?,
                    failure: r.try_get("failure")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
            let refunds = sqlx::query(
                "SELECT c.id, c.number, c.buyer_name, c.total_halalas, c.issued_at, i.number AS refers
                 FROM tax_invoices c LEFT JOIN tax_invoices i ON i.id = c.refers_to
                 WHERE c.kind = 'credit_note' ORDER BY c.issued_at DESC, c.number DESC LIMIT 20",
            )
            .fetch_all(&self.db)
            .await?
            .iter()
            .map(|r| {
                Ok(Refund {
                    id: r.try_get("id")?,
                    label: super::super::invoice::InvoiceKind::CreditNote.label(r.try_get("number")?),
                    refers_to: r.try_get::<Option<i64>, _>("refers")?.map(|n| super::super::invoice::InvoiceKind::Invoice.label(n)),
                    buyer: r.try_get("buyer_name")?,
                    total: Halalas(r.try_get("total_halalas")?),
                    issued_at: r.try_get("issued_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
            let accounts = self.find_accounts(search).await?;
            let mut conn = self.db.acquire().await?;
            let mut plans = vec![];
            for id in PlanId::ALL {
                plans.push(super::super::service::plan_by_id(&mut conn, id).await?);
            }
            Ok(BillingOverview { revenue, statuses, failed_renewals, refunds, accounts, plans })
        }

        async fn find_accounts(&self, search: &str) -> Result<Vec<AccountBilling>, sqlx::Error> {
            let needle = normalize_for_search(search.trim());
            if needle.chars().count() < 2 {
                return Ok(vec![]);
            }
            // Names are normalized here the way search normalizes them; there are few accounts
            // an admin looks through at once, so the match runs on the page of candidates.
            let rows = sqlx::query(
                "SELECT u.id, u.display_name, u.email, m.organization_id, coalesce(o.name_ar, '') || ' ' || coalesce(o.name_en, '') AS org
                 FROM users u LEFT JOIN organization_members m ON m.user_id = u.id LEFT JOIN organizations o ON o.id = m.organization_id
                 WHERE u.role IN ('talent', 'hirer', 'guardian')
                 ORDER BY u.created_at DESC LIMIT 5000",
            )
            .fetch_all(&self.db)
            .await?;
            let mut out = vec![];
            for r in rows {
                let (name, email, org): (String, String, String) = (r.try_get("display_name")?, r.try_get("email")?, r.try_get("org")?);
                let hay = normalize_for_search(&format!("{name} {email} {org}"));
                if !hay.contains(&needle) {
                    continue;
                }
                let id: Uuid = r.try_get("id")?;
                let org_id: Option<Uuid> = r.try_get("organization_id")?;
                let live: Option<(String, String)> = sqlx::query_as(
                    "SELECT plan_id, status FROM subscriptions WHERE (user_id = $1 OR organization_id = $2)
                       AND status IN ('trialing', 'active', 'past_due') LIMIT 1",
                )
                .bind(id)
                .bind(org_id)
                .fetch_optional(&self.db)
                .await?;
                let invoices = sqlx::query(
                    "SELECT i.id, i.number, i.total_halalas, i.issued_at,
                            i.total_halalas - coalesce((SELECT sum(c.total_halalas) FROM tax_invoices c WHERE c.refers_to = i.id), 0)::int8 AS left
                     FROM tax_invoices i WHERE i.buyer_user_id = $1 AND i.kind = 'invoice' ORDER BY i.issued_at DESC LIMIT 24",
                )
                .bind(id)
                .fetch_all(&self.db)
                .await?
                .iter()
                .map(|i| {
                    Ok(RefundableInvoice {
                        id: i.try_get("id")?,
                        label: super::super::invoice::InvoiceKind::Invoice.label(i.try_get("number")?),
                        total: Halalas(i.try_get("total_halalas")?),
                        refundable: Halalas(i.try_get("left")?),
                        issued_at: i.try_get("issued_at")?,
                    })
                })
                .collect::<Result<_, sqlx::Error>>()?;
                out.push(AccountBilling {
                    user_id: id,
                    name,
                    email,
                    plan: live.as_ref().and_then(|(p, _)| PlanId::parse(p).ok()),
                    status: live.as_ref().and_then(|(_, s)| SubscriptionStatus::from_db(s)),
                    invoices,
                });
                if out.len() == 20 {
                    break;
                }
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_listed_once_in_order_and_totals_add_up() {
        let cell = |m: &str, p, t| RevenueCell { month: m.into(), plan: p, total: Halalas(t) };
        let o = BillingOverview {
            revenue: vec![
                cell("2026-12", PlanId::TalentPro, 4_900),
                cell("2026-11", PlanId::HirerStudio, 99_900),
                cell("2026-12", PlanId::HirerStudio, 99_900),
                cell("2026-11", PlanId::TalentPro, -1_000),
            ],
            ..Default::default()
        };
        assert_eq!(o.months(), ["2026-11", "2026-12"]);
        assert_eq!(o.revenue_of("2026-11", PlanId::TalentPro), Halalas(-1_000));
        assert_eq!(o.month_total("2026-12"), Halalas(104_800));
    }
}
