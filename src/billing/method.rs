//! How a person pays. The hosted checkout offers each; the choice is recorded with the checkout.

use crate::Msg;
use serde::{Deserialize, Serialize};

/// How a person says they will pay; the gateway's page offers the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Mada,
    Creditcard,
    Applepay,
    Stcpay,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 4] = [PaymentMethod::Mada, PaymentMethod::Creditcard, PaymentMethod::Applepay, PaymentMethod::Stcpay];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Mada => "mada",
            PaymentMethod::Creditcard => "creditcard",
            PaymentMethod::Applepay => "applepay",
            PaymentMethod::Stcpay => "stcpay",
        }
    }

    pub fn parse(s: &str) -> Result<PaymentMethod, Msg> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_str() == s.trim()).ok_or_else(|| Msg::new("error-billing-method"))
    }
}
