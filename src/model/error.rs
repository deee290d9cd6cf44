//! Validation errors that name the field they are about.

use std::fmt;

/// One step of a path into a plan: a struct field, a list index or a map key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A struct field (`phases`, `ram_gb`).
    Field(&'static str),
    /// A list index (`[2]`).
    Index(usize),
    /// A map key (`{"users"}`).
    Key(String),
}

/// Where in a plan a value sits: `phases[1].groups[0].shape.ram_gb`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// This path extended by a field.
    pub fn field(&self, name: &'static str) -> Self {
        self.with(Segment::Field(name))
    }

    /// This path extended by a list index.
    pub fn index(&self, index: usize) -> Self {
        self.with(Segment::Index(index))
    }

    /// This path extended by a map key.
    pub fn key(&self, key: &str) -> Self {
        self.with(Segment::Key(key.to_owned()))
    }

    fn with(&self, segment: Segment) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment);
        Self(segments)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(plan)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Field(name) if i == 0 => write!(f, "{name}")?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Key(key) => write!(f, "[{key:?}]")?,
            }
        }
        Ok(())
    }
}

/// A value in a plan that the model refuses, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ValidationError {
    /// Where the value is.
    pub path: FieldPath,
    /// What was expected, in words a user understands.
    pub message: String,
}

/// Every problem found in a plan (validation reports them all, not only the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanErrors(pub Vec<ValidationError>);

impl fmt::Display for PlanErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PlanErrors {}
