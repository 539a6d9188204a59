//! The standard streams as Rust's runtime would leave them, although the
//! binary starts without it on Linux with glibc (`#![no_main]`): a write
//! to a closed pipe is a failure, not death by `SIGPIPE`, and a closed
//! stdout is `/dev/null`, not a write error. These runs signal nothing.

#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};

const SIGSEND: &str = env!("CARGO_BIN_EXE_sigsend");

#[test]
fn a_closed_pipe_is_a_failure_without_a_message_not_sigpipe() {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    // No one reads: the first write fails with EPIPE, or raises SIGPIPE
    // (std's spawn gives the child SIGPIPE's default action back).
    drop(reader);
    let output = Command::new(SIGSEND)
        .arg("-L")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run sigsend");
    assert_eq!(output.status.signal(), None, "{:?}", output.status);
    assert_eq!(output.status.code(), Some(1), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_closed_stdout_is_dev_null() {
    let output = Command::new("sh")
        .args(["-c", "exec \"$0\" -L >&-", SIGSEND])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run sigsend through sh");
    assert_eq!(output.status.code(), Some(0), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
