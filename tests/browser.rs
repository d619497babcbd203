//! Browser suite (browser engineer).
