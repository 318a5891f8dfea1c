//! One problem found in the repository, printed as `path:line: message`.

use std::fmt;

/// A single finding; `path` is relative to the repository root with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub path: String,
    /// 1-based line; 1 for findings about a whole (or missing) file.
    pub line: usize,
    pub message: String,
}

impl Finding {
    pub fn new(path: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Finding {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}
