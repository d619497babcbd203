//! What every test file of the binary needs: running it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `bts-advisor` with `args`, `stdin` on its standard input.
pub fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bts-advisor"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start bts-advisor");
    // A command that refuses its arguments exits without reading standard input: a closed pipe
    // here is its answer, not a failure.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}
