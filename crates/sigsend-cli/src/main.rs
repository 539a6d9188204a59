//! `sigsend`: send a signal to processes; a drop-in superset of util-linux
//! `kill`. Its manual is `docs/sigsend.md` and `sigsend --help`.
//!
//! This file runs the parsed command and turns its outcome into the exit
//! status. The binary makes no system calls of its own: signals go through
//! the `sigsend` library.

mod escalate;
mod help;
mod json;
mod list;
mod record;
mod report;
mod select;
mod send;
mod state;
mod target;
mod tree;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use sigsend_cli::args::{self, Command};

/// The exit statuses of util-linux `kill` and of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
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
    pub fn of_delivery(total: usize, failed: usize) -> Status {
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

/// Runs the command line and exits with its status.
fn main() -> ExitCode {
    // Every target its own descriptor where the system allows it (the
    // library copes without, at the price of a weaker handle): as Go's
    // runtime does. A limit that cannot be raised is no reason to stop.
    let _ = sigsend::raise_fd_limit();
    run(std::env::args_os().skip(1)).into()
}

/// Parses the arguments and does what they ask.
fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> Status {
    let command = match args::parse(args) {
        Ok(command) => command,
        Err(err @ args::Error::InvalidSignal(_)) => {
            report::error(err);
            return Status::Failure;
        }
        Err(err @ args::Error::Usage(_)) => {
            report::error(err);
            report::try_help();
            return Status::Usage;
        }
    };
    match command {
        Command::Send(send) => send::run(&send),
        Command::Help => print(|out| help::usage(out).map(|()| true)),
        Command::Version => print(|out| help::version(out).map(|()| true)),
        Command::ListNames => {
            let pretty = io::stdout().is_terminal();
            print(|out| list::names(out, pretty).map(|()| true))
        }
        Command::Table => {
            let width = io::stdout().is_terminal().then(list::terminal_width);
            print(|out| list::table(out, width).map(|()| true))
        }
        Command::Convert(operands) => print(|out| list::convert_all(out, &operands)),
        Command::ShowState(operand) => match state::read(&operand) {
            Ok(state) => print(|out| state::write(out, &state).map(|()| true)),
            Err(status) => status,
        },
    }
}

/// Runs `write` on stdout and flushes it. `Ok(false)` (an operand was bad,
/// and was reported) is a failure; a write error is reported as util-linux
/// reports it (`write error: No space left on device`) and is a failure too,
/// except a closed pipe (`sigsend -l | head -1`), which is a failure
/// without a message.
fn print(
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
