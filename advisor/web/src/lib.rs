//! The browser advisor (see ARCHITECTURE.md).
