//! The book preprocessor (see ARCHITECTURE.md).
