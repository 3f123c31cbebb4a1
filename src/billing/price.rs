//! Prices are shown and charged VAT-inclusive, as Saudi consumer prices must be; the VAT inside
//! each price is computed once here and stored beside it.

use crate::money::Halalas;
use serde::{Deserialize, Serialize};

/// Saudi VAT since July 2020.
pub const VAT_RATE_PERCENT: i64 = 15;

/// A VAT-inclusive price and the VAT it contains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    /// What the customer pays, VAT included.
    pub gross: Halalas,
    /// The VAT inside `gross`.
    pub vat: Halalas,
}

impl Price {
    /// Splits a VAT-inclusive amount: the net is `gross / 1.15` rounded half up to the halala,
    /// the VAT what remains, so net + VAT is always exactly the gross.
    pub fn from_gross(gross: Halalas) -> Price {
        let g = gross.0.max(0);
        let net = (g * 100 * 2 + (100 + VAT_RATE_PERCENT)) / ((100 + VAT_RATE_PERCENT) * 2);
        Price { gross: Halalas(g), vat: Halalas(g - net) }
    }

    pub fn net(self) -> Halalas {
        Halalas(self.gross.0 - self.vat.0)
    }

    pub fn is_free(self) -> bool {
        self.gross.0 == 0
    }
}

impl Halalas {
    /// The amount as invoices and the ZATCA QR code write it: riyals with two decimals, "1000.00".
    pub fn decimal_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_is_the_fifteen_percent_inside_the_price() {
        // 115.00 SAR = 100.00 net + 15.00 VAT.
        assert_eq!(Price::from_gross(Halalas(11_500)), Price { gross: Halalas(11_500), vat: Halalas(1_500) });
        // 49.00 SAR: net 42.61 (42.608… rounded), VAT 6.39.
        let p = Price::from_gross(Halalas(4_900));
        assert_eq!((p.net(), p.vat), (Halalas(4_261), Halalas(639)));
        assert_eq!(Price::from_gross(Halalas(0)).vat, Halalas(0));
        assert!(Price::from_gross(Halalas(0)).is_free());
    }

    #[test]
    fn net_plus_vat_is_the_gross_and_vat_is_fifteen_percent_of_net_to_the_halala() {
        for gross in (0..200_000).step_by(7) {
            let p = Price::from_gross(Halalas(gross));
            assert_eq!(p.net().0 + p.vat.0, gross);
            // |vat - 15% of net| is at most one halala (rounding of the net).
            let exact = p.net().0 * VAT_RATE_PERCENT;
            assert!((p.vat.0 * 100 - exact).abs() <= 100, "{gross}: net {} vat {}", p.net().0, p.vat.0);
        }
    }

    #[test]
    fn amounts_are_written_with_two_decimals() {
        assert_eq!(Halalas(100_000).decimal_string(), "1000.00");
        assert_eq!(Halalas(15_005).decimal_string(), "150.05");
        assert_eq!(Halalas(7).decimal_string(), "0.07");
        assert_eq!(Halalas(-250).decimal_string(), "-2.50");
    }
}
