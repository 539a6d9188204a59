//! Shared by the integration tests: starting `sigsend-helper` children,
//! reading their lines and waiting for them with a deadline, and making sure
//! every child is killed and reaped, also when an assertion fails.
//!
//! Every child is started in a process group of its own (or one the test
//! created), never in the test runner's: a signal to a group can reach only
//! the test's own children.

// Each test binary uses its own part of this module.
#![allow(dead_code)]

mod piped;
pub mod renamed;
#[cfg(target_os = "linux")]
pub mod rerun;
#[cfg(target_os = "linux")]
pub mod trees;
pub mod unprivileged;

use std::mem::MaybeUninit;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// `si_code` of a signal sent by `kill` and by `sigqueue` (the libc crate
/// lacks them on the BSDs).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub const SI_USER: i32 = libc::SI_USER;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub const SI_QUEUE: i32 = libc::SI_QUEUE;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub const SI_USER: i32 = 0x10001;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub const SI_QUEUE: i32 = 0x10002;

/// How long any wait for a child may take before the test fails. Not a
/// timing assertion: only a broken test or library gets near it.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The helper program built from this package (see `src/helper/main.rs`).
pub const HELPER: &str = env!("CARGO_BIN_EXE_sigsend-helper");

/// Calls `probe` until it gives a value; panics, naming `what`, if none comes
/// within [`TIMEOUT`].
pub fn poll_until<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "gave up after {TIMEOUT:?} waiting for {what}"
        );
        thread::sleep(Duration::from_millis(2));
    }
}

/// The process id of this test process.
pub fn own_pid() -> i32 {
    std::process::id() as i32
}

/// A running `sigsend-helper` (or a command that execs it). Dropping it
/// sends SIGKILL and reaps the child, so no test leaves one behind.
#[derive(Debug)]
pub struct Helper {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
}

impl Helper {
    /// `sigsend-helper ARGS` in a new process group of its own.
    pub fn start(args: &[&str]) -> Helper {
        Helper::start_in_group(args, 0)
    }

    /// `sigsend-helper ARGS` in the process group `pgid` (0: a new one that
    /// it leads). `pgid` must be a group of this test's children.
    pub fn start_in_group(args: &[&str], pgid: i32) -> Helper {
        let mut command = Command::new(HELPER);
        command.args(args).process_group(pgid);
        Helper::spawn(command)
    }

    /// Starts `command` (its process group already chosen by the caller)
    /// with piped input and output. The helper exits when its input closes,
    /// so it also goes away if this test process dies.
    pub fn spawn(mut command: Command) -> Helper {
        let (child, stdin, lines) = piped::spawn(&mut command);
        Helper {
            child,
            stdin: Some(stdin),
            lines,
        }
    }

    /// Starts `sigsend-helper ARGS` in a new group and waits for its
    /// `ready` line.
    pub fn ready(args: &[&str]) -> Helper {
        let helper = Helper::start(args);
        helper.expect_line("ready");
        helper
    }

    /// Starts an idle helper in a new group and waits until it is ready.
    pub fn idle() -> Helper {
        Helper::ready(&["idle"])
    }

    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// The child, for `sigsend::Process::from_child`.
    pub fn child(&self) -> &Child {
        &self.child
    }

    /// The next line the child prints; panics if none comes in time (the
    /// child died or hangs).
    pub fn line(&self) -> String {
        self.lines
            .recv_timeout(TIMEOUT)
            .unwrap_or_else(|err| panic!("no line from helper {}: {err}", self.pid()))
    }

    /// The next line the child (or anything sharing its output) prints,
    /// waiting up to `timeout`: `Err(Disconnected)` once every process
    /// that holds the output has closed it (they all ended),
    /// `Err(Timeout)` if none came in time.
    pub fn line_within(&self, timeout: Duration) -> Result<String, RecvTimeoutError> {
        self.lines.recv_timeout(timeout)
    }

    /// For a `parent ARGS` helper whose child says `ready`: that line and
    /// the parent's `child PID`, which share one output in either order;
    /// the child's pid.
    pub fn child_once_ready(&self) -> u32 {
        let lines = [self.line(), self.line()];
        assert!(lines.iter().any(|line| line == "ready"), "{lines:?}");
        lines
            .iter()
            .find_map(|line| line.strip_prefix("child ")?.parse().ok())
            .unwrap_or_else(|| panic!("no child PID in {lines:?}"))
    }

    pub fn expect_line(&self, expected: &str) {
        assert_eq!(self.line(), expected, "helper {} said", self.pid());
    }

    /// The next line, which must be the report of a `catch` helper.
    pub fn caught(&self) -> Caught {
        Caught::parse(&self.line())
    }

    /// Closes the child's input: an idle helper then exits 0.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Whether the child has ended (and reaps it if so).
    pub fn try_wait(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().expect("try_wait on our own child")
    }

    /// Waits for the child to end and reaps it.
    pub fn wait(&mut self) -> ExitStatus {
        let pid = self.pid();
        poll_until(&format!("helper {pid} to end"), || self.try_wait())
    }

    /// Waits for the child to end and returns the signal that ended it
    /// (`None` if it exited).
    pub fn wait_signal(&mut self) -> Option<i32> {
        self.wait().signal()
    }

    /// Waits, without reaping, until the child has exited: it is then a
    /// zombie until [`wait`](Helper::wait).
    pub fn wait_zombie(&self) {
        let info = self.wait_state(libc::WEXITED, "exit");
        assert_eq!(
            info.si_code,
            libc::CLD_EXITED,
            "helper {} did not exit",
            self.pid()
        );
    }

    /// Waits until the child is stopped and returns the signal that stopped
    /// it. The stop stays reported (`WNOWAIT`); it is never reaped here.
    pub fn wait_stopped(&self) -> i32 {
        let info = self.wait_state(libc::WSTOPPED, "stop");
        assert_eq!(
            info.si_code,
            libc::CLD_STOPPED,
            "helper {} did not stop",
            self.pid()
        );
        // SAFETY: waitid filled in a SIGCHLD siginfo, which has si_status.
        unsafe { info.si_status() }
    }

    /// `waitid(P_PID, pid, states | WNOWAIT | WNOHANG)` until the child is
    /// in one of `states`; the child is left waitable, so `Child` still
    /// reaps it (and never signals a reaped pid).
    fn wait_state(&self, states: libc::c_int, what: &str) -> libc::siginfo_t {
        let pid = self.pid();
        poll_until(&format!("helper {pid} to {what}"), || {
            let mut info = MaybeUninit::<libc::siginfo_t>::zeroed();
            // SAFETY: waitid writes a siginfo_t into the zeroed buffer; with
            // WNOHANG it leaves si_pid 0 when the child is not yet there.
            let (ret, info) = unsafe {
                let ret = libc::waitid(
                    libc::P_PID,
                    pid as libc::id_t,
                    info.as_mut_ptr(),
                    states | libc::WNOWAIT | libc::WNOHANG,
                );
                (ret, info.assume_init())
            };
            assert_eq!(ret, 0, "waitid: {}", std::io::Error::last_os_error());
            // SAFETY: the buffer was zeroed and waitid fills in a SIGCHLD
            // siginfo, so si_pid is initialised either way.
            (unsafe { info.si_pid() } != 0).then_some(info)
        })
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        // Child::kill does nothing once the child has been reaped, so a pid
        // that may have been reused is never signalled.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `catch` helper's report: what its `SA_SIGINFO` handler saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caught {
    pub signo: i32,
    pub code: i32,
    pub value: i32,
    pub pid: i32,
}

impl Caught {
    /// Parses `caught signo=N code=C value=V pid=P`.
    pub fn parse(line: &str) -> Caught {
        let field = |name: &str| -> i32 {
            line.split_whitespace()
                .find_map(|word| word.strip_prefix(name)?.strip_prefix('='))
                .and_then(|value| value.parse().ok())
                .unwrap_or_else(|| panic!("no {name}= in helper line {line:?}"))
        };
        assert!(line.starts_with("caught "), "not a catch report: {line:?}");
        Caught {
            signo: field("signo"),
            code: field("code"),
            value: field("value"),
            pid: field("pid"),
        }
    }
}

/// Asserts that `result` is an error of `kind` with OS error `code`.
#[track_caller]
pub fn assert_err<T: std::fmt::Debug>(
    result: Result<T, sigsend::Error>,
    kind: sigsend::ErrorKind,
    code: i32,
) {
    let err = result.expect_err("the call should have failed");
    assert_eq!(err.kind(), kind, "kind of error {err}");
    assert_eq!(err.raw_os_error(), Some(code), "OS error of {err}");
}

/// Asserts that `result` is an error of `kind` that sigsend gave before
/// making any system call: it has no OS error code.
#[track_caller]
pub fn assert_refused<T: std::fmt::Debug>(
    result: Result<T, sigsend::Error>,
    kind: sigsend::ErrorKind,
) {
    let err = result.expect_err("the call should have been refused");
    assert_eq!(err.kind(), kind, "kind of error {err}");
    assert_eq!(err.raw_os_error(), None, "{err} came from a system call");
}

/// Asserts that the helper is alive and was not signalled: `kill(pid, 0)`
/// succeeds, it has not ended, and once its input is closed it exits 0
/// (a signal delivered meanwhile would have ended or stopped it instead).
#[track_caller]
pub fn assert_unharmed(mut helper: Helper) {
    sigsend::os::kill(helper.pid(), 0).expect("kill(pid, 0) on a live child");
    assert_eq!(helper.try_wait(), None, "the child ended");
    helper.close_stdin();
    let status = helper.wait();
    assert_eq!(status.code(), Some(0), "the child ended with {status:?}");
}

/// Runs `program ARGS` to see whether it works here; `Err` says why not
/// (for a test to print when it skips).
pub fn try_tool(program: &str, args: &[&str]) -> Result<(), String> {
    match Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
    {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "`{program} {}` failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(err) => Err(format!("cannot run {program}: {err}")),
    }
}

/// Numbers that are no signal, which the kernel must reject with `EINVAL`
/// (sending nothing): one past the highest signal (65 on Linux), -1, and
/// the extremes of `i32`.
pub fn bad_signals() -> Vec<i32> {
    let past_highest = sigsend::Signal::all()
        .last()
        .map_or(65, |sig| sig.as_raw() + 1);
    let mut bad = vec![65, past_highest, -1, i32::MAX, i32::MIN];
    bad.dedup();
    bad
}
