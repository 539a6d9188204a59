//! A `sigsend::Process` never signals a process that reused its pid: with
//! pidfds, and with the start-time fallback that runs where `pidfd_open`
//! fails with `ENOSYS` (forced here with strace's fault injection, so it is
//! the real `ENOSYS` path, not a test-only switch).
//!
//! The scenario runs in the helper (`sigsend-helper reuse`) as pid 1 of a
//! new pid namespace, where writing `/proc/sys/kernel/ns_last_pid` decides
//! the next pid: it needs root and `unshare`; strace for the fallback.
//! Without them the tests say why and skip.
#![cfg(target_os = "linux")]

mod common;

use std::process::{Command, Stdio};

use common::rerun::strace_failing_pidfd_open;
use common::trees::GroupGuard;
use common::{try_tool, Helper, HELPER};

/// The namespace command, or why it cannot run here.
fn unshare() -> Result<Vec<&'static str>, String> {
    let args = vec!["unshare", "--pid", "--fork", "--mount-proc", "--kill-child"];
    try_tool(args[0], &[&args[1..], &["true"]].concat())?;
    Ok(args)
}

/// Runs the scenario under `wrapper` and returns the helper's verdict line.
///
/// The wrapper leads a new process group, which everything under it joins
/// (strace's tracee, unshare's child, the helper in the namespace and its
/// children: none of them changes group). Dropping the Helper kills only
/// the wrapper: strace's death would leave unshare and the namespace
/// running, so a guard kills the whole group first if the test fails.
fn scenario(wrapper: &[&str]) -> String {
    let mut command = Command::new(wrapper[0]);
    command
        .args(&wrapper[1..])
        .args([HELPER, "reuse"])
        .stdin(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut helper = Helper::spawn(command);
    // Dropped before the Helper: the leader is then still unreaped, unless
    // the wait below reaped it (and then the guard sends nothing).
    let _guard = GroupGuard(helper.pid());
    let verdict = helper.line();
    let status = helper.wait();
    assert!(
        status.success(),
        "scenario said {verdict:?} and ended {status:?}"
    );
    verdict
}

#[test]
fn a_reused_pid_is_never_signalled_through_a_pidfd() {
    let wrapper = match unshare() {
        Ok(wrapper) => wrapper,
        Err(why) => return eprintln!("skipped: no new pid namespace here: {why}"),
    };
    let verdict = scenario(&wrapper);
    if verdict == "ok fallback" {
        eprintln!("note: this kernel has no pidfd_open; the fallback ran");
    } else {
        assert_eq!(verdict, "ok pidfd");
    }
}

#[test]
fn a_reused_pid_is_never_signalled_without_pidfds() {
    let wrapper = match unshare() {
        Ok(wrapper) => wrapper,
        Err(why) => return eprintln!("skipped: no new pid namespace here: {why}"),
    };
    let strace = strace_failing_pidfd_open("ENOSYS");
    let strace: Vec<&str> = strace.iter().map(String::as_str).collect();
    if let Err(why) = try_tool(strace[0], &[&strace[1..], &["true"]].concat()) {
        return eprintln!("skipped: cannot force ENOSYS from pidfd_open: {why}");
    }
    let verdict = scenario(&[&strace[..], &wrapper[..]].concat());
    assert_eq!(verdict, "ok fallback");
}
