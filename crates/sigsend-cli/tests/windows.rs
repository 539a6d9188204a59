//! The `sigsend` binary on Windows, run against real child processes: the
//! signal becomes the exit code, `-0` only probes, groups take only console
//! events. CI runs these under Wine.
//!
//! The child is this test program itself, started to run the ignored test
//! `idle_child`, which waits for its input to close: no other program is
//! needed.

#![cfg(windows)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdin, ChildStdout, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Set in the environment of the child that `idle_child` runs in.
const CHILD_VAR: &str = "SIGSEND_CLI_TEST_IDLE_CHILD";

/// How long a wait for the child may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(20);

#[test]
#[ignore = "the idle child process of the other tests, started by them"]
fn idle_child() {
    if std::env::var_os(CHILD_VAR).is_some() {
        println!("ready");
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
    }
}

/// An idle child; dropping it ends and waits for it.
struct Idle {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Kept open: the child's test harness reports on it when it ends.
    _stdout: BufReader<ChildStdout>,
}

impl Idle {
    fn start() -> Idle {
        let exe = std::env::current_exe().expect("the test's own path");
        let mut child = Command::new(exe)
            .args(["--ignored", "--exact", "idle_child", "--nocapture"])
            .env(CHILD_VAR, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the idle child");
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let ready = (&mut stdout)
            .lines()
            .map_while(Result::ok)
            .any(|line| line == "ready");
        assert!(ready, "the idle child did not start");
        Idle {
            child,
            stdin,
            _stdout: stdout,
        }
    }

    fn pid(&self) -> String {
        self.child.id().to_string()
    }

    fn exit_code(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.code().expect("a Windows exit code");
            }
            assert!(Instant::now() < deadline, "the child is still running");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }
}

impl Drop for Idle {
    fn drop(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sigsend(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sigsend"))
        .args(args)
        .output()
        .expect("run sigsend")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_signal_becomes_the_exit_code() {
    for (args, code) in [
        (&["-TERM"][..], 15),
        (&["-s", "KILL"], 9),
        (&["-n", "100"], 100),
        (&[], 15),
    ] {
        let mut child = Idle::start();
        let pid = child.pid();
        let output = sigsend(&[args, &[pid.as_str()]].concat());
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(child.exit_code(), code, "{args:?}");
    }
}

#[test]
fn zero_only_probes() {
    let mut child = Idle::start();
    let pid = child.pid();
    let output = sigsend(&["-0", &pid]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(child.is_running());
    child.stdin = None;
    assert_eq!(child.exit_code(), 0);
    // Exited; its handle, still open here, keeps the pid from reuse.
    let output = sigsend(&["-0", &pid]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(&format!("sending signal to {pid} failed")),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_group_takes_only_console_events() {
    let mut child = Idle::start();
    let group = format!("-{}", child.pid());
    let output = sigsend(&["-TERM", "--", &group]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("CTRL_C"), "{}", stderr(&output));
    assert!(child.is_running());
}

#[test]
fn lists_pythons_names() {
    let output = sigsend(&["-l", "15", "CTRL_BREAK", "BREAK"]);
    assert_eq!(String::from_utf8_lossy(&output.stdout), "TERM\n1\n21\n");
    assert_eq!(output.status.code(), Some(0));
    let output = sigsend(&["-HUP", "4"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("invalid signal"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn timeout_and_wait_go_through_process_handles() {
    let mut child = Idle::start();
    let pid = child.pid();
    let output = sigsend(&["--timeout", "20000", "KILL", "--wait=20s", "-TERM", &pid]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(child.exit_code(), 15, "ended by the first step");

    let mut child = Idle::start();
    let pid = child.pid();
    let output = sigsend(&["--wait", "-s", "100", &pid]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(child.exit_code(), 100);
}

#[test]
fn a_queued_value_is_refused_and_nothing_is_sent() {
    let mut child = Idle::start();
    let pid = child.pid();
    let output = sigsend(&["-q", "5", "-TERM", &pid]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("carry a value"),
        "{}",
        stderr(&output)
    );
    assert!(child.is_running());
}

#[test]
fn names_select_processes_and_state_is_refused() {
    let child = Idle::start();
    let exe = std::env::current_exe().expect("the test's own path");
    let name = exe
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    let output = sigsend(&["-p", &name]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(printed.lines().any(|line| line == child.pid()), "{printed}");
    let output = sigsend(&["-d", &child.pid()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot read the signal state"),
        "{}",
        stderr(&output)
    );
}
