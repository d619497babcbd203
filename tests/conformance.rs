//! Conformance with the source tables (lead).
