//! The command's exit status ([`Status`]) and the one way it prints to
//! stdout ([`print`]), which turns a write error into a status: at the
//! bottom of the binary, used by `main.rs` and by the modules it runs.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use crate::report;

/// The exit statuses of util-linux `kill` and of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// 0: every target was signalled (or the listing was printed).
    Success = 0,
    /// 1: every target failed, nothing was sent, or a bad signal or
    /// listing operand, or a write error.
    Failure = 1,
    /// 2: the command line is wrong.
    Usage = 2,
    /// 3: `--wait` gave up: a target was still running at its limit.
    TimedOut = 3,
    /// 64: some targets were signalled and some failed.
    Partial = 64,
}

impl Status {
    /// The status of sending to `total` targets of which `failed` failed.
    pub(crate) fn of_delivery(total: usize, failed: usize) -> Status {
        if failed == 0 && total > 0 {
            Status::Success
        } else if failed == total {
            Status::Failure
        } else {
            Status::Partial
        }
    }
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status as u8)
    }
}

/// Runs `write` on stdout and flushes it. `Ok(false)` (an operand was bad,
/// and was reported) is a failure; a write error is reported as util-linux
/// reports it (`write error: No space left on device`) and is a failure too,
/// except a closed pipe (`sigsend -l | head -1`), which is a failure
/// without a message.
pub(crate) fn print(
    write: impl FnOnce(&mut BufWriter<io::StdoutLock<'static>>) -> io::Result<bool>,
) -> Status {
    let mut out = BufWriter::new(io::stdout().lock());
    let result = write(&mut out).and_then(|good| out.flush().map(|()| good));
    match result {
        Ok(true) => Status::Success,
        Ok(false) => Status::Failure,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Status::Failure,
        Err(err) => {
            report::error(format_args!("write error: {}", report::io_message(&err)));
            Status::Failure
        }
    }
}
