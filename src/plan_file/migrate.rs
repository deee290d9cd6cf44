//! Plan-file versions: every file carries `version`, a file from an older Headroom
//! is migrated on load, one from a newer Headroom is refused.
//!
//! [`to_current`] reads only the `version` field first (with a probe that ignores
//! every other field, so that a newer file is refused for its version and not for
//! the fields this build does not know), then:
//!
//! - `version` above [`PLAN_FORMAT_VERSION`]: [`PlanFileError::TooNew`];
//! - equal: the text as it is (borrowed, no copy);
//! - from 1 up to the current version: each migration of [`MIGRATIONS`] in turn,
//!   `v1 → v2 → … → current`, and the migrated text;
//! - 0, or no `version` at all: left to the full parse, which names the field
//!   (`version: expected plan format version 1, got 0`, or ron's "Unexpected missing
//!   field named `version` in `Plan`" at the end of the plan). There was never a
//!   version 0, so there is nothing to migrate from.
//!
//! When the probe cannot read the text at all (bad syntax, not a plan), the text is
//! passed on unchanged and the full parse reports the syntax error where it is.
//!
//! # Migrations work on text
//!
//! A migration is a function `fn(&str) -> Result<String, String>` from the text of
//! a plan of version `N` to the text of the same plan in version `N + 1`. Text, not
//! the current [`Plan`](crate::model::Plan) struct, because the current struct can
//! no longer read an old file (that is why it needs migrating), and text, not
//! `ron::Value`, because `ron::Value` forgets struct and enum names (`Fixed(1)`,
//! `WebApp(..)`), which this schema needs. A migration may:
//!
//! - edit the text in place with [`Locator::span`] (rename a field, change a
//!   value, bump the version with [`set_version`]): comments and layout are kept;
//! - or deserialize the old text into a frozen copy of the old schema (a private
//!   `v1` module holding the structs as they were) and write the new plan with
//!   [`plan_to_ron`](super::plan_to_ron): comments are lost, any change is possible.
//!
//! Either way it must set `version` to `N + 1`; [`to_current`] checks that after
//! every step, so a chain can never loop or skip.
//!
//! # Adding version 2
//!
//! 1. Change the schema in `src/model/plan.rs` and set `PLAN_FORMAT_VERSION` to 2.
//! 2. Write `fn v1_to_v2(text: &str) -> Result<String, String>` here and append it to
//!    [`MIGRATIONS`] (whose length must stay `PLAN_FORMAT_VERSION - 1`: the build
//!    fails otherwise).
//! 3. Add one test: a version-1 text (a fixture, e.g. a preset as it was) migrates
//!    and loads into the plan you expect.
//!
//! Today there is only version 1, so [`MIGRATIONS`] is empty.

use std::borrow::Cow;

use serde::Deserialize;

use super::{Locator, PlanFileError, ron_options};
use crate::model::{FieldPath, PLAN_FORMAT_VERSION};

/// One migration: the text of a plan of version `N` to version `N + 1`.
pub type Migration = fn(&str) -> Result<String, String>;

/// The first plan-file version.
pub const FIRST_VERSION: u32 = 1;

/// `MIGRATIONS[i]` migrates version `FIRST_VERSION + i` to the next one.
pub const MIGRATIONS: &[Migration] = &[];

const _: () = assert!(
    MIGRATIONS.len() as u32 == PLAN_FORMAT_VERSION - FIRST_VERSION,
    "one migration per version step"
);

/// Only the version, read before the full schema so that a newer file is refused
/// with a message about versions rather than about unknown fields.
#[derive(Deserialize)]
#[serde(rename = "Plan")]
struct VersionProbe {
    version: Option<u32>,
}

/// The `version` a plan text declares, when the text can be read that far.
pub fn probe_version(text: &str) -> Option<u32> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron_options()
        .from_str::<VersionProbe>(text)
        .ok()
        .and_then(|probe| probe.version)
}

/// The text of a plan in the current format version: `text` itself when it is
/// current (or cannot be probed, see the module documentation), else migrated.
/// `file` names it in errors.
pub fn to_current<'t>(text: &'t str, file: &str) -> Result<Cow<'t, str>, PlanFileError> {
    match probe_version(text) {
        Some(version) if version > PLAN_FORMAT_VERSION => Err(PlanFileError::TooNew {
            file: file.to_owned(),
            version,
        }),
        Some(version) if (FIRST_VERSION..PLAN_FORMAT_VERSION).contains(&version) => {
            migrate(text, version, MIGRATIONS)
                .map(Cow::Owned)
                .map_err(|(step_from, message)| {
                    let (line, column) = Locator::new(text).locate(&version_path());
                    PlanFileError::Syntax {
                        file: file.to_owned(),
                        line,
                        column,
                        message: format!(
                            "could not migrate this version {version} plan: \
                             from version {step_from} to {}: {message}",
                            step_from + 1
                        ),
                    }
                })
        }
        _ => Ok(Cow::Borrowed(text)),
    }
}

/// Runs `chain[version - FIRST_VERSION..]` on `text`; on failure, the version the
/// failing step started from and its message.
fn migrate(text: &str, version: u32, chain: &[Migration]) -> Result<String, (u32, String)> {
    let mut text = text.to_owned();
    let first = (version - FIRST_VERSION) as usize;
    for (step, migration) in chain.iter().enumerate().skip(first) {
        let from = FIRST_VERSION + step as u32;
        text = migration(&text).map_err(|message| (from, message))?;
        let now = probe_version(&text);
        if now != Some(from + 1) {
            return Err((
                from,
                format!(
                    "the migration wrote version {}, expected {}",
                    now.map_or_else(|| "none".to_owned(), |v| v.to_string()),
                    from + 1
                ),
            ));
        }
    }
    Ok(text)
}

fn version_path() -> FieldPath {
    FieldPath::default().field("version")
}

/// `text` with its `version` value replaced by `version`, everything else as it
/// was: the last step of a migration that edits text in place.
pub fn set_version(text: &str, version: u32) -> Result<String, String> {
    let span = Locator::new(text)
        .span(&version_path())
        .ok_or_else(|| "the plan has no `version` field".to_owned())?;
    let mut out = text.to_owned();
    out.replace_range(span, &version.to_string());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::plan_file::parse_plan;
    use crate::presets::PRESETS;

    #[test]
    fn current_files_are_borrowed_unchanged() {
        for preset in &PRESETS {
            let current = to_current(preset.ron, "p.ron").unwrap();
            assert!(matches!(current, Cow::Borrowed(t) if t == preset.ron));
        }
        let with_bom = format!("\u{feff}{}", PRESETS[0].ron);
        assert!(matches!(
            to_current(&with_bom, "p.ron").unwrap(),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_probe_reads_only_the_version() {
        assert_eq!(probe_version("Plan(version: 7, future: Thing(1))"), Some(7));
        assert_eq!(probe_version("(name: \"x\", version: 3)"), Some(3));
        assert_eq!(probe_version("Plan(name: \"x\")"), None);
        assert_eq!(probe_version("Plan(version: \"1\")"), None);
        assert_eq!(probe_version("Plan(version: 1"), None);
        assert_eq!(probe_version(""), None);
    }

    #[test]
    fn newer_versions_are_too_new() {
        let text = "Plan(version: 42, hologram: true)";
        let error = to_current(text, "new.ron").unwrap_err();
        assert!(
            matches!(error, PlanFileError::TooNew { version: 42, .. }),
            "{error}"
        );
        let shown = error.to_string();
        assert!(
            shown.contains("new.ron") && shown.contains("newer"),
            "{shown}"
        );
    }

    #[test]
    fn version_0_and_a_missing_version_are_clear_errors() {
        let catalog = Catalog::embedded();
        let v0 = PRESETS[0].ron.replacen("version: 1,", "version: 0,", 1);
        assert!(matches!(
            to_current(&v0, "old.ron").unwrap(),
            Cow::Borrowed(_)
        ));
        let error = parse_plan(&v0, "old.ron", catalog).unwrap_err().to_string();
        assert!(
            error.contains("version: expected plan format version 1, got 0"),
            "{error}"
        );
        let line = v0.lines().position(|l| l.contains("version: 0")).unwrap() + 1;
        assert!(error.starts_with(&format!("old.ron:{line}:")), "{error}");

        let none = PRESETS[0].ron.replacen("    version: 1,\n", "", 1);
        let error = parse_plan(&none, "none.ron", catalog)
            .unwrap_err()
            .to_string();
        assert!(error.contains("missing field named `version`"), "{error}");
    }

    /// A stand-in chain for testing the runner (not a real format change: the
    /// schema has only version 1). Version 1 → 2 renames `name` to `title`, 2 → 3
    /// forgets to bump the version.
    fn rename_name(text: &str) -> Result<String, String> {
        let text = text.replacen("name:", "title:", 1);
        set_version(&text, 2)
    }

    fn no_bump(text: &str) -> Result<String, String> {
        Ok(text.to_owned())
    }

    fn refuse(_: &str) -> Result<String, String> {
        Err("tenants need a price".to_owned())
    }

    #[test]
    fn the_runner_applies_each_step_from_the_file_version_and_checks_bumps() {
        let text = "// kept\nPlan(version: 1, name: \"x\")";
        assert_eq!(
            migrate(text, 1, &[rename_name]).unwrap(),
            "// kept\nPlan(version: 2, title: \"x\")"
        );
        // Starting past a step skips it.
        let v2 = "Plan(version: 2, name: \"x\")";
        assert_eq!(migrate(v2, 2, &[rename_name]).unwrap(), v2);
        let (from, message) = migrate(text, 1, &[rename_name, no_bump]).unwrap_err();
        assert_eq!(from, 2);
        assert!(message.contains("expected 3"), "{message}");
        assert_eq!(
            migrate(text, 1, &[refuse]).unwrap_err(),
            (1, "tenants need a price".to_owned())
        );
    }

    #[test]
    fn set_version_replaces_only_the_number() {
        let text = "/* v */ Plan(\n    version: 1, // the format\n    name: \"x\",\n)";
        assert_eq!(
            set_version(text, 12).unwrap(),
            "/* v */ Plan(\n    version: 12, // the format\n    name: \"x\",\n)"
        );
        assert!(set_version("Plan(name: \"x\")", 2).is_err());
    }
}
