//! What the benchmarks share: the preset that makes the most work.

use headroom::presets::{PRESETS, Preset};

/// The preset with the most loads × drivers: the most work per evaluation
/// (mgx-platform today).
pub fn largest_preset() -> &'static Preset {
    PRESETS
        .iter()
        .max_by_key(|preset| {
            preset.load().map_or(0, |(_, model)| {
                let loads: usize = model
                    .phases
                    .iter()
                    .flat_map(|p| &p.groups)
                    .map(|g| g.loads.len())
                    .sum();
                loads * model.drivers.len()
            })
        })
        .expect("there are presets")
}
