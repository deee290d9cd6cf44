//! One file per panel. Each draws from the open [`super::state::Document`] (its
//! evaluation, computed once per change) and reports what the user asked for.

pub mod chart_menu;
pub mod charts;
pub mod compare;
pub mod drivers;
pub mod explain;
pub mod phases;
pub mod start_page;
pub mod timeline;
