//! `sigsend::TokioChildExt` (the `tokio` feature): signals, signals with a
//! value and stop plans for a `tokio::process::Child`, checked by how the
//! child ended; a child Tokio has reaped is never signalled.

#![cfg(unix)]

mod common;

use std::os::unix::process::ExitStatusExt;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::{HELPER, TIMEOUT};
use sigsend::{ErrorKind, Exit, Signal, Stop, StopOutcome, TokioChildExt};
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

/// A `sigsend-helper` started through Tokio, in a process group of its
/// own. Dropping it kills the child and reaps it (the helper also exits
/// once its input closes), also when an assertion failed.
struct TokioHelper {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
    /// Kept out of `child`, whose `wait` would close it first: a helper
    /// that sees its input closed exits 2 (a `catch` helper before its
    /// own exit 0).
    _stdin: ChildStdin,
}

impl TokioHelper {
    /// `sigsend-helper ARGS`, once it has said `ready`.
    async fn ready(args: &[&str]) -> TokioHelper {
        let mut child = Command::new(HELPER)
            .args(args)
            .process_group(0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the helper");
        let stdout = child.stdout.take().expect("piped output");
        let stdin = child.stdin.take().expect("piped input");
        let mut helper = TokioHelper {
            child,
            lines: BufReader::new(stdout).lines(),
            _stdin: stdin,
        };
        assert_eq!(helper.line().await, "ready");
        helper
    }

    /// The next line the helper prints.
    async fn line(&mut self) -> String {
        tokio::time::timeout(TIMEOUT, self.lines.next_line())
            .await
            .expect("a line in time")
            .expect("read the helper's output")
            .expect("a line before the end")
    }

    /// Waits for the child to end, and reaps it.
    async fn wait(&mut self) -> ExitStatus {
        tokio::time::timeout(TIMEOUT, self.child.wait())
            .await
            .expect("the helper ended in time")
            .expect("wait for our own child")
    }
}

impl Drop for TokioHelper {
    fn drop(&mut self) {
        // Tokio sends nothing to a child it has reaped: no reused pid is
        // signalled.
        let _ = self.child.start_kill();
        let deadline = Instant::now() + TIMEOUT;
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_signal_ends_the_child_with_that_signal() {
    let mut helper = TokioHelper::ready(&["idle"]).await;
    helper.child.signal(Signal::NULL).expect("probe");
    helper.child.signal(Signal::USR1).expect("signal");
    assert_eq!(helper.wait().await.signal(), Some(libc::SIGUSR1));
}

#[cfg(not(target_vendor = "apple"))]
#[tokio::test(flavor = "current_thread")]
async fn a_signal_with_a_value_arrives_with_it() {
    let mut helper = TokioHelper::ready(&["catch", "USR1"]).await;
    helper
        .child
        .signal_with_value(Signal::USR1, -42)
        .expect("sigqueue");
    let expected = common::Caught {
        signo: libc::SIGUSR1,
        code: common::SI_QUEUE,
        value: -42,
        pid: common::own_pid(),
    };
    assert_eq!(common::Caught::parse(&helper.line().await), expected);
    assert_eq!(helper.wait().await.code(), Some(0));
}

#[tokio::test(flavor = "current_thread")]
async fn a_child_that_obeys_term_is_stopped_by_the_first_step() {
    let mut helper = TokioHelper::ready(&["idle"]).await;
    let report = helper
        .child
        .stop(&Stop::term_then_kill(TIMEOUT, TIMEOUT))
        .await
        .expect("run the plan");
    assert_eq!(report.pid, helper.child.id().expect("not reaped"));
    assert_eq!(
        report.outcome,
        StopOutcome::Ended {
            step: 0,
            signal: Signal::TERM,
            exit: Exit::Signaled(Signal::TERM)
        }
    );
    // Not reaped by the plan: the owner reaps it.
    assert_eq!(helper.wait().await.signal(), Some(libc::SIGTERM));
}

#[tokio::test(flavor = "current_thread")]
async fn a_child_that_ignores_term_is_ended_by_the_kill_step() {
    let mut helper = TokioHelper::ready(&["ignore", "TERM"]).await;
    let plan = Stop::term_then_kill(Duration::from_millis(300), TIMEOUT);
    let report = helper.child.stop(&plan).await.expect("run the plan");
    assert_eq!(
        report.outcome,
        StopOutcome::Ended {
            step: 1,
            signal: Signal::KILL,
            exit: Exit::Signaled(Signal::KILL)
        }
    );
    assert_eq!(helper.wait().await.signal(), Some(libc::SIGKILL));
}

#[cfg(not(target_vendor = "apple"))]
#[tokio::test(flavor = "current_thread")]
async fn a_plan_with_a_value_sends_it_with_the_signal() {
    let mut helper = TokioHelper::ready(&["catch", "TERM"]).await;
    let plan = Stop::term_then_kill(TIMEOUT, TIMEOUT).value(7);
    let report = helper.child.stop(&plan).await.expect("run the plan");
    // The helper catches TERM, reports it, and exits 0.
    assert_eq!(
        report.outcome,
        StopOutcome::Ended {
            step: 0,
            signal: Signal::TERM,
            exit: Exit::Code(0)
        }
    );
    let caught = common::Caught::parse(&helper.line().await);
    assert_eq!(
        (caught.signo, caught.code, caught.value),
        (libc::SIGTERM, common::SI_QUEUE, 7)
    );
    assert_eq!(helper.wait().await.code(), Some(0));
}

/// On a single-threaded runtime, the plan's wait gives the thread back:
/// the test itself ends the child (SIGKILL) during the TERM step's wait.
/// A wait that blocked the thread would end only with the step's own
/// deadline, the child still running (`Survived`).
#[tokio::test(flavor = "current_thread")]
async fn the_plan_waits_without_blocking_the_runtime() {
    let mut helper = TokioHelper::ready(&["ignore", "TERM"]).await;
    let plan = Stop::new(Signal::TERM, TIMEOUT);
    {
        let stop = helper.child.stop(&plan);
        tokio::pin!(stop);
        // Sends TERM (ignored), then waits: the child cannot end meanwhile.
        let still = tokio::time::timeout(Duration::from_millis(20), &mut stop).await;
        assert!(still.is_err(), "the plan ended: {still:?}");
        helper.child.signal(Signal::KILL).expect("kill");
        let report = stop.await.expect("run the plan");
        assert_eq!(
            report.outcome,
            StopOutcome::Ended {
                step: 0,
                signal: Signal::TERM,
                exit: Exit::Signaled(Signal::KILL)
            }
        );
    }
    assert_eq!(helper.wait().await.signal(), Some(libc::SIGKILL));
}

#[tokio::test(flavor = "current_thread")]
async fn a_reaped_child_is_never_signalled() {
    let mut helper = TokioHelper::ready(&["idle"]).await;
    helper.child.start_kill().expect("kill");
    assert_eq!(helper.wait().await.signal(), Some(libc::SIGKILL));
    assert_eq!(helper.child.id(), None);
    let refused = [
        helper.child.signal(Signal::TERM),
        helper.child.signal_with_value(Signal::TERM, 1),
        helper
            .child
            .stop(&Stop::term_then_kill(TIMEOUT, TIMEOUT))
            .await
            .map(drop),
    ];
    for result in refused {
        assert_eq!(
            result.expect_err("refused").kind(),
            ErrorKind::NoSuchProcess
        );
    }
}
