//! The helper's modes for the tests of `sigsend::Process` and `Stop`: a
//! process that ignores signals, and a stop plan run from here (as another
//! user).

use std::process::exit;
use std::time::Duration;

use sigsend::{Process, Stop, StopOutcome};

use super::{read_to_eof, say};

/// `ignore SIG...`: ignores each signal, prints `ready`, then reads its
/// input until end of file and exits 0.
pub fn ignore(signals: &[i32]) -> ! {
    for &sig in signals {
        // SAFETY: SIG_IGN is a valid disposition for every catchable
        // signal; no handler of ours is replaced.
        let previous = unsafe { libc::signal(sig, libc::SIG_IGN) };
        assert_ne!(previous, libc::SIG_ERR, "cannot ignore {sig}");
    }
    say("ready");
    read_to_eof();
    exit(0)
}

/// `call stop PID`: runs TERM (100 ms), KILL (100 ms) on PID through a
/// `Process` and prints `failed step=N signal=S kind=K code=C` for a step
/// that could not be sent, `err KIND` if the process cannot be opened, or
/// the outcome as Rust prints it; exits 0.
pub fn stop(pid: u32) -> ! {
    let plan = Stop::term_then_kill(Duration::from_millis(100), Duration::from_millis(100));
    match Process::open(pid).and_then(|process| plan.run(&process)) {
        Ok(report) => match report.outcome {
            StopOutcome::Failed {
                step,
                signal,
                error,
            } => say(&format!(
                "failed step={step} signal={} kind={:?} code={}",
                signal.name(),
                error.kind(),
                error.raw_os_error().unwrap_or(0)
            )),
            outcome => say(&format!("{outcome:?}")),
        },
        Err(err) => say(&format!("err {:?}", err.kind())),
    }
    exit(0)
}
