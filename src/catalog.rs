//! The dated price catalog (MODEL.md §5), embedded in the binary.
//!
//! Every entry carries its list price, the unit it is billed in, the page it was
//! read from and the date it was read. Plans refer to entries by id
//! (`price: Catalog("aws-m7i.2xlarge")`); the pricing modes are multipliers
//! applied to node prices.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::PricingMode;

/// Hours in a billing month (AWS, GCP and Azure all bill 730 h/month).
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The catalog source shipped in `assets/catalog/prices.ron`.
pub const EMBEDDED_CATALOG_RON: &str = include_str!("../assets/catalog/prices.ron");

/// A dated list of prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// The date the newest entry was read.
    pub as_of: NaiveDate,
    /// Multipliers for reserved and spot pricing.
    pub pricing_modes: PricingModes,
    /// The prices.
    pub entries: Vec<CatalogEntry>,
}

/// Multipliers on list (on-demand) prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricingModes {
    /// Reserved / committed-use multiplier (e.g. 0.6 for −40 %).
    pub reserved: f64,
    /// Spot / preemptible multiplier (e.g. 0.3 for −70 %).
    pub spot: f64,
    /// Where the multipliers come from.
    pub source: String,
}

/// One dated list price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogEntry {
    /// Stable id plans refer to (`hetzner-cx32`, `aws-m7i.2xlarge`).
    pub id: String,
    /// Provider name.
    pub provider: String,
    /// Product as the provider names it, with its shape.
    pub product: String,
    /// List price in USD per `per`.
    pub usd: f64,
    /// The billing unit of `usd`.
    pub per: BillingUnit,
    /// vCPUs of a compute shape, when it is one.
    #[serde(default)]
    pub vcpu: Option<f64>,
    /// Memory of a compute shape, GB.
    #[serde(default)]
    pub ram_gb: Option<f64>,
    /// Where the price was read.
    pub source: String,
    /// When the price was read.
    pub as_of: NaiveDate,
}

/// What one catalog price buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BillingUnit {
    /// One month of the product.
    Month,
    /// One hour of the product (730 h make a month).
    Hour,
    /// One GB stored for a month.
    GbMonth,
    /// One million tokens.
    MillionTokens,
}

impl BillingUnit {
    /// Monthly price of something billed `usd` per this unit and running all month,
    /// or `None` when the unit is not time (tokens, GB).
    pub fn monthly_usd(self, usd: f64) -> Option<f64> {
        match self {
            Self::Month => Some(usd),
            Self::Hour => Some(usd * HOURS_PER_MONTH),
            Self::GbMonth | Self::MillionTokens => None,
        }
    }

    /// Short label for tables ("month", "hour", "GB-month", "M tokens").
    pub fn label(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Hour => "hour",
            Self::GbMonth => "GB-month",
            Self::MillionTokens => "M tokens",
        }
    }
}

/// Why the embedded catalog could not be read (a build-time mistake, caught by tests).
#[derive(Debug, thiserror::Error)]
#[error("price catalog: {0}")]
pub struct CatalogError(String);

impl Catalog {
    /// Parses a catalog from RON text and checks every price is a finite number ≥ 0
    /// and every id is unique.
    pub fn from_ron(text: &str) -> Result<Self, CatalogError> {
        let catalog: Self = ron::from_str(text).map_err(|e| CatalogError(e.to_string()))?;
        let mut seen = std::collections::BTreeSet::new();
        for entry in &catalog.entries {
            if !seen.insert(entry.id.as_str()) {
                return Err(CatalogError(format!("duplicate id {:?}", entry.id)));
            }
            if !(entry.usd.is_finite() && entry.usd >= 0.0) {
                return Err(CatalogError(format!("{:?}: price must be ≥ 0", entry.id)));
            }
            if entry.source.trim().is_empty() {
                return Err(CatalogError(format!("{:?}: missing source", entry.id)));
            }
        }
        for (name, m) in [
            ("reserved", catalog.pricing_modes.reserved),
            ("spot", catalog.pricing_modes.spot),
        ] {
            if !(m > 0.0 && m <= 1.0) {
                return Err(CatalogError(format!("{name} multiplier must be in (0, 1]")));
            }
        }
        Ok(catalog)
    }

    /// The catalog shipped with this build.
    pub fn embedded() -> &'static Catalog {
        static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::from_ron(EMBEDDED_CATALOG_RON)
                .expect("the embedded catalog is checked by the catalog unit tests")
        })
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The multiplier of a pricing mode.
    pub fn multiplier(&self, mode: PricingMode) -> f64 {
        match mode {
            PricingMode::OnDemand => 1.0,
            PricingMode::Reserved => self.pricing_modes.reserved,
            PricingMode::Spot => self.pricing_modes.spot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_parses_and_every_entry_is_dated_and_sourced() {
        let catalog = Catalog::from_ron(EMBEDDED_CATALOG_RON).expect("catalog parses");
        assert!(catalog.entries.len() >= 40, "a useful catalog");
        for entry in &catalog.entries {
            assert!(
                entry.source.starts_with("https://"),
                "{}: source is a page",
                entry.id
            );
            assert!(entry.as_of <= catalog.as_of, "{}: as_of", entry.id);
            if entry.vcpu.is_some() {
                assert!(entry.ram_gb.is_some(), "{}: a shape has RAM", entry.id);
                assert!(
                    entry.per.monthly_usd(entry.usd).is_some(),
                    "{}: a shape is billed by time",
                    entry.id
                );
            }
        }
        assert_eq!(
            catalog.as_of,
            catalog.entries.iter().map(|e| e.as_of).max().unwrap(),
            "the catalog is as of its newest entry"
        );
    }

    #[test]
    fn hourly_prices_become_730_hour_months() {
        assert_eq!(BillingUnit::Hour.monthly_usd(0.1), Some(73.0));
        assert_eq!(BillingUnit::Month.monthly_usd(12.0), Some(12.0));
        assert_eq!(BillingUnit::GbMonth.monthly_usd(0.02), None);
    }

    #[test]
    fn bad_catalogs_are_refused() {
        let good = EMBEDDED_CATALOG_RON;
        let first_id = &Catalog::embedded().entries[0].id;
        let second_id = &Catalog::embedded().entries[1].id;
        let duplicate = good.replacen(
            &format!("id: {second_id:?}"),
            &format!("id: {first_id:?}"),
            1,
        );
        assert!(Catalog::from_ron(&duplicate).is_err());
        assert!(Catalog::from_ron("Catalog(").is_err());
    }

    #[test]
    fn pricing_modes_are_discounts() {
        let catalog = Catalog::embedded();
        assert_eq!(catalog.multiplier(PricingMode::OnDemand), 1.0);
        assert!(catalog.multiplier(PricingMode::Reserved) < 1.0);
        assert!(catalog.multiplier(PricingMode::Spot) < catalog.multiplier(PricingMode::Reserved));
    }
}
