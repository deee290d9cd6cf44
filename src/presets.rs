//! The five embedded presets (MODEL.md §4), each reproducing one seed document.

use crate::catalog::Catalog;
use crate::model::{Model, Plan};
use crate::plan_file::{PlanFileError, parse_plan};

/// An embedded plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Name used by `--preset` and the start page.
    pub name: &'static str,
    /// One line on what it is.
    pub summary: &'static str,
    /// The seed document it reproduces.
    pub seed: &'static str,
    /// The RON source.
    pub ron: &'static str,
}

/// All presets, in the order the start page shows them.
pub const PRESETS: [Preset; 5] = [
    Preset {
        name: "social-mvp-vps",
        summary: "Social app on one $12 VPS growing to 5,000 users: five cost-first phases, $15 to $120 a month",
        seed: "001",
        ron: include_str!("../assets/presets/social-mvp-vps.ron"),
    },
    Preset {
        name: "kg-agents-3vps",
        summary: "Knowledge graph + vectors + AI agents on three VPS ($125/month) and the seed's scaling options",
        seed: "000",
        ron: include_str!("../assets/presets/kg-agents-3vps.ron"),
    },
    Preset {
        name: "chat-k8s",
        summary: "LLM chat product on Kubernetes from 0 to 100K+ users in three phases, backend autoscaled 3 to 20 pods",
        seed: "002",
        ron: include_str!("../assets/presets/chat-k8s.ron"),
    },
    Preset {
        name: "mgx-platform",
        summary: "AI agent platform from 1,000 to 10,000 concurrent users, priced entirely from the catalog",
        seed: "003",
        ron: include_str!("../assets/presets/mgx-platform.ron"),
    },
    Preset {
        name: "erpnext-agents",
        summary: "ERPNext with 20 AI agents on one 8 GB server: vertical, containers, three nodes, Kubernetes",
        seed: "004",
        ron: include_str!("../assets/presets/erpnext-agents.ron"),
    },
];

/// The preset with this name.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

impl Preset {
    /// Parses and compiles the preset against the embedded catalog.
    pub fn load(&self) -> Result<(Plan, Model), PlanFileError> {
        parse_plan(
            self.ron,
            &format!("assets/presets/{}.ron", self.name),
            Catalog::embedded(),
        )
    }
}
