//! Billing: the plans people pay for, what each plan lets them do (entitlements), the gates that
//! read them, VAT-inclusive prices in halalas and the ZATCA QR code of a simplified tax invoice.
//!
//! Plans are data (the `plans` table, seeded by migration); what a plan allows is a typed struct
//! the other areas ask through [`Billing`], never a free-form blob. The rules here are pure, so
//! the plans page and the server compute prices and VAT the same way.

pub mod admin;
pub mod checkout;
pub mod gate;
pub mod invoice;
#[cfg(feature = "ssr")]
pub mod invoice_pdf;
pub mod method;
#[cfg(feature = "ssr")]
pub mod moyasar;
#[cfg(feature = "ssr")]
pub mod payments;
pub mod plan;
pub mod price;
#[cfg(feature = "ssr")]
mod refunds;
#[cfg(feature = "ssr")]
pub mod renewals;
#[cfg(feature = "ssr")]
mod service;
pub mod subscription;
#[cfg(feature = "ssr")]
pub mod zatca;

pub use checkout::CheckoutStatus;
pub use gate::Gate;
pub use method::PaymentMethod;
pub use plan::{Audience, Entitlements, Interval, Plan, PlanId};
pub use price::{Price, VAT_RATE_PERCENT};
#[cfg(feature = "ssr")]
pub use service::{Billing, BillingError, Subject, applications_this_month, entitlements, month_start, open_calls, photos};
pub use subscription::{CurrentPlan, Subscription, SubscriptionStatus, Usage};
