//! A checkout as the person who pays sees it when they come back from the gateway.

use super::PlanId;
use crate::money::Halalas;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A checkout's state, for the page the person returns to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutStatus {
    pub status: String,
    pub plan: PlanId,
    pub amount: Halalas,
    pub invoice: Option<Uuid>,
    /// A card was declined on the hosted page (which stays open for another try).
    pub declined: bool,
    /// The hosted page, to try again.
    pub retry_url: Option<String>,
}
