//! Plan files: RON text to a validated plan and back, with errors that name the
//! file, line and column and say what was expected.

mod locate;
pub mod migrate;
mod save;

use std::path::Path;

use ron::extensions::Extensions;

pub use locate::{Locator, locate};
pub use save::{
    STALE_AFTER, SaveError, backup_path, is_temporary_of, save_plan_atomic, write_atomic,
};

use crate::catalog::Catalog;
use crate::model::{Model, PLAN_FORMAT_VERSION, Plan, ValidationError};

/// A problem with a plan file.
#[derive(Debug, thiserror::Error)]
pub enum PlanFileError {
    /// The file could not be read.
    #[error("{file}: {error}")]
    Io {
        /// The file.
        file: String,
        /// What the OS said. Shown in the message, so deliberately not the error's
        /// `source()` (`{:#}` would print it twice).
        error: std::io::Error,
    },
    /// The text is not a plan: bad syntax, a wrong type, an unknown or missing field.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was expected.
        message: String,
    },
    /// The file was written by a newer Headroom.
    #[error(
        "{file}: plan format version {version} is newer than this Headroom reads (up to {PLAN_FORMAT_VERSION}); \
         update Headroom to open it"
    )]
    TooNew {
        /// The file.
        file: String,
        /// Its version.
        version: u32,
    },
    /// The plan parses but the model refuses values in it.
    #[error("{}", format_invalid(file, problems))]
    Invalid {
        /// The file.
        file: String,
        /// Each problem with its position.
        problems: Vec<LocatedProblem>,
    },
}

/// A validation error with its position in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct LocatedProblem {
    /// 1-based line (of the field, or of its closest enclosing value found).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The error.
    pub error: ValidationError,
}

fn format_invalid(file: &str, problems: &[LocatedProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{file}:{}:{}: {}", p.line, p.column, p.error))
        .collect::<Vec<_>>()
        .join("\n")
}

/// RON options used for reading and writing plans: `Some(..)` may be omitted.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Parses, validates and compiles a plan from RON text. `file` names it in errors.
///
/// A file of an older format version is migrated first ([`migrate`]); positions in
/// errors after a migration are those of the migrated text.
pub fn parse_plan(
    text: &str,
    file: &str,
    catalog: &Catalog,
) -> Result<(Plan, Model), PlanFileError> {
    // A byte-order mark (some Windows editors write one) is invisible in the editor;
    // ron would refuse it with "Expected opening `(`" at a `(` the user can see.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = migrate::to_current(text, file)?;
    let text = text.as_ref();
    let plan: Plan = ron_options()
        .from_str(text)
        .map_err(|e| PlanFileError::Syntax {
            file: file.to_owned(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?;
    match Model::compile(&plan, catalog) {
        Ok(model) => Ok((plan, model)),
        Err(errors) => {
            let locator = Locator::new(text);
            Err(PlanFileError::Invalid {
                file: file.to_owned(),
                problems: errors
                    .0
                    .into_iter()
                    .map(|error| {
                        let (line, column) = locator.locate(&error.path);
                        LocatedProblem {
                            line,
                            column,
                            error,
                        }
                    })
                    .collect(),
            })
        }
    }
}

/// Reads a plan file from disk.
pub fn load_plan(path: &Path, catalog: &Catalog) -> Result<(Plan, Model), PlanFileError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| PlanFileError::Io {
        file: file.clone(),
        error,
    })?;
    parse_plan(&text, &file, catalog)
}

/// The plan as pretty RON text, as saved.
pub fn plan_to_ron(plan: &Plan) -> String {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_owned());
    ron_options()
        .to_string_pretty(plan, config)
        .expect("a plan always serializes: it holds only strings, numbers and lists")
}
