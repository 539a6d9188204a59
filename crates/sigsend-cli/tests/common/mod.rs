//! Shared by the integration tests of the `sigsend` binary: children that
//! each test starts itself, and running the binary.

// Each test binary uses its own part of this module.
#![allow(dead_code)]

#[cfg(target_os = "linux")]
pub mod bytes_named;
pub mod named;
pub mod schema;
#[cfg(target_os = "linux")]
pub mod trees;

// Not every test binary starts named processes.
#[allow(unused_imports)]
pub use named::Named;

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Calls `done` until it says yes; fails, naming `what`, after 10 s.
pub fn poll_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        thread::sleep(Duration::from_millis(2));
    }
}

/// A `sleep 30` child, killed (SIGKILL) and reaped on drop.
pub struct Sleeper {
    pub child: Child,
}

impl Sleeper {
    /// A child in this test's process group.
    pub fn spawn() -> Sleeper {
        Sleeper::spawn_with(|_| ())
    }

    /// A child that leads a new process group (its pgid is its pid).
    pub fn group_leader() -> Sleeper {
        Sleeper::spawn_with(|cmd| {
            cmd.process_group(0);
        })
    }

    /// A child that joins the process group `pgid`.
    pub fn in_group(pgid: i32) -> Sleeper {
        Sleeper::spawn_with(|cmd| {
            cmd.process_group(pgid);
        })
    }

    pub fn spawn_with(setup: impl FnOnce(&mut Command)) -> Sleeper {
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        setup(&mut cmd);
        Sleeper::run(cmd)
    }

    /// Starts `cmd` (a program that runs a while), its standard streams
    /// closed.
    pub fn run(mut cmd: Command) -> Sleeper {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        Sleeper {
            child: cmd
                .spawn()
                .unwrap_or_else(|err| panic!("spawn {cmd:?}: {err}")),
        }
    }

    pub fn pid(&self) -> i32 {
        i32::try_from(self.child.id()).unwrap()
    }

    /// Waits (up to 10 s) for the child to end, and reaps it.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let pid = self.pid();
        let mut status = None;
        poll_until(&format!("pid {pid} to end (was it signalled?)"), || {
            status = self.child.try_wait().unwrap();
            status.is_some()
        });
        status.expect("it ended")
    }

    /// Waits (up to 10 s) for the child to end WITHOUT reaping it, and
    /// returns the signal it died of (`None` if it exited). The child stays
    /// a zombie, so its pid, and the process group it leads, stay this
    /// test's until the drop reaps it.
    #[cfg(target_os = "linux")]
    pub fn wait_end_unreaped(&self) -> Option<i32> {
        match trees::wait_child_end(self.pid()) {
            trees::ChildState::Signaled(sig) => Some(sig),
            _ => None,
        }
    }

    /// The signal the child died of.
    pub fn died_of(mut self) -> i32 {
        let status = self.wait_exit();
        status
            .signal()
            .unwrap_or_else(|| panic!("pid {} was not killed by a signal: {status}", self.pid()))
    }

    /// Asserts that nothing was sent to the child: it is alive, and when
    /// this test kills it with SIGKILL, that is what it dies of (a fatal
    /// signal sent earlier would have decided its end already).
    pub fn assert_untouched(mut self) {
        assert!(
            self.child.try_wait().unwrap().is_none(),
            "pid {} ended",
            self.pid()
        );
        self.child.kill().unwrap();
        let status = self.wait_exit();
        assert_eq!(status.signal(), Some(9), "pid {}: {status}", self.pid());
    }
}

impl Drop for Sleeper {
    fn drop(&mut self) {
        // Child::kill does nothing once the child was reaped.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A pid that no process can have: above the kernel's `PID_MAX_LIMIT`
/// (2^22), so a signal to it reaches nobody, whatever runs on the machine.
/// `n` tells several apart.
pub fn no_such_pid(n: i32) -> i32 {
    i32::MAX - n
}

/// The pidfs inode of the process `pid` (Linux 6.9 or later); `None`,
/// said as a skip, where the kernel gives none.
pub fn pidfs_inode(pid: i32) -> Option<u64> {
    match sigsend::Process::open(pid.unsigned_abs()).and_then(|p| p.inode()) {
        Ok(inode) => Some(inode),
        Err(err) => {
            eprintln!("skipped: no pidfs inode here: {err}");
            None
        }
    }
}

/// Runs `sigsend ARGS`, stdout and stderr captured, in a process group of
/// its own: a stray pid 0 (its own group) can then only reach sigsend
/// itself, never the test runner's group.
pub fn sigsend<S: AsRef<str>>(args: &[S]) -> Output {
    sigsend_command(args).output().expect("run sigsend")
}

/// `sigsend ARGS` with its input closed, in a process group of its own
/// (see [`sigsend`]), to run as the caller likes.
pub fn sigsend_command<S: AsRef<str>>(args: &[S]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sigsend"));
    cmd.args(args.iter().map(AsRef::as_ref))
        .stdin(Stdio::null())
        .process_group(0);
    cmd
}

/// The path of the `sigsend` binary under test.
pub const SIGSEND: &str = env!("CARGO_BIN_EXE_sigsend");

/// The pids a run printed, one a line (as `-p` prints them), sorted.
pub fn printed_pids(output: &Output) -> Vec<i32> {
    let mut pids: Vec<i32> = stdout(output)
        .lines()
        .map(|line| {
            line.parse()
                .unwrap_or_else(|err| panic!("not a pid: {line:?}: {err}"))
        })
        .collect();
    pids.sort_unstable();
    pids
}

/// Whether this test runs as root (`id -u` says 0).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

pub fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).unwrap()
}

pub fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).unwrap()
}

/// Asserts the exit status, stdout and stderr of a run.
#[track_caller]
pub fn assert_output(output: &Output, code: i32, out: &str, err: &str) {
    assert_eq!(
        (output.status.code(), stdout(output), stderr(output)),
        (Some(code), out, err)
    );
}
