//! The helper's `reuse` mode (Linux): the pid-reuse scenario of
//! `tests/reuse.rs`.

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{exit, Child, Command, Stdio};
use std::thread;
use std::time::Duration;

use sigsend::{ErrorKind, Process, Signal};

use super::say;

/// An idle helper with piped input and output, once it said `ready`.
fn idle_child() -> Child {
    let exe = std::env::current_exe().expect("the helper's own path");
    let mut child = Command::new(exe)
        .arg("idle")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start an idle helper");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("piped");
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read ready");
    assert_eq!(line.trim_end(), "ready", "the idle helper said");
    child
}

/// Fails the scenario: says why and exits 1.
fn fail(why: &str) -> ! {
    say(&format!("fail {why}"));
    exit(1)
}

/// `reuse`: the pid-reuse scenario, run as pid 1 of a new pid namespace
/// (as root), where this process alone decides which pid comes next.
///
/// Opens a `Process` on a child, kills and reaps it, writes its pid - 1 to
/// `/proc/sys/kernel/ns_last_pid` so that the next child gets the same pid,
/// starts that child, and checks that the old `Process` refuses to signal
/// it (`NoSuchProcess`) and that the new child is untouched: alive, and
/// exiting 0 when its input closes. Prints `ok pidfd` or `ok fallback`
/// (whether this kernel, or strace, let `pidfd_open` work), or `fail WHY`.
pub fn reuse() -> ! {
    let mode = match sigsend::os::pidfd_open(std::process::id() as i32) {
        Ok(_) => "pidfd",
        Err(err) if err.kind() == ErrorKind::Unsupported => "fallback",
        Err(err) => fail(&format!("pidfd_open of ourselves: {err}")),
    };
    let mut first = idle_child();
    let pid = first.id();
    let process = Process::from_child(&first).unwrap_or_else(|err| fail(&format!("open: {err}")));
    // Without pidfds the identity is the start time in clock ticks (10 ms):
    // let one pass, so that the new process starts in a later tick.
    thread::sleep(Duration::from_millis(30));
    first.kill().expect("kill the first child");
    first.wait().expect("reap the first child");

    fs::write("/proc/sys/kernel/ns_last_pid", (pid - 1).to_string())
        .unwrap_or_else(|err| fail(&format!("write ns_last_pid: {err}")));
    let mut second = idle_child();
    if second.id() != pid {
        fail(&format!("the new child got pid {}, not {pid}", second.id()));
    }

    for result in [
        process.signal(Signal::TERM),
        process.signal(Signal::KILL),
        process.signal(Signal::NULL),
        process.signal_with_value(Signal::USR1, 7),
    ] {
        match result {
            Err(err) if err.kind() == ErrorKind::NoSuchProcess => {}
            other => fail(&format!("signal through the old handle gave {other:?}")),
        }
    }
    match process.is_alive() {
        Ok(false) => {}
        other => fail(&format!("the old handle says alive: {other:?}")),
    }
    // The new child: alive, not signalled, and it exits 0 on end of input.
    if let Err(err) = sigsend::os::kill(pid as i32, 0) {
        fail(&format!("the new child is gone: {err}"));
    }
    match second.try_wait() {
        Ok(None) => {}
        other => fail(&format!("the new child ended: {other:?}")),
    }
    drop(second.stdin.take());
    match second.wait() {
        Ok(status) if status.code() == Some(0) => say(&format!("ok {mode}")),
        other => fail(&format!("the new child ended with {other:?}")),
    }
    exit(0)
}
