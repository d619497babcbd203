//! Turns the reviewable TOML rules in `data/` into typed Rust statics (`$OUT_DIR/rules_data.rs`).
//!
//! The work is done by the `bts-rules-data` library (`advisor/rules-data`), where each data
//! file's checks have their unit tests. A mistake in the data stops the build with a message
//! naming the file and the entry.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=data");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    match bts_rules_data::generate(&data) {
        Ok(code) => {
            let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("rules_data.rs");
            std::fs::write(dest, code).expect("write generated rules");
        }
        Err(error) => {
            eprintln!("error: {error}");
            println!("cargo::error={error}");
            std::process::exit(1);
        }
    }
}
