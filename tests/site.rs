//! Built-site checks (site engineer).
