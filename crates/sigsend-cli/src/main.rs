//! `sigsend`: send a signal to processes; a drop-in superset of util-linux
//! `kill`. Its manual is `docs/sigsend.md` and `sigsend --help`.
//!
//! This file runs the parsed command and turns its outcome into the exit
//! status. The binary makes no system calls of its own: signals go through
//! the `sigsend` library.

// What is `pub` is the crate's API (or meant to be): the rest says `pub(crate)`.
#![warn(unreachable_pub)]
// Where std reads the arguments without its runtime's start-up (glibc hands
// them to std's own initialiser), `main` is C's: that start-up reads
// `/proc/self/maps` for the main thread's stack, about 100,000 instructions
// (a fifth of `sigsend -0 PID`'s) and 400 KiB of peak memory. What else it
// does for the program, `sigsend::prepare_standard_streams` does.
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

mod escalate;
mod help;
mod json;
mod list;
mod live;
mod operand;
mod probe;
mod record;
mod report;
mod select;
mod send;
mod state;
mod status;
mod tree;

use std::io::{self, IsTerminal};

use sigsend_cli::args::{self, Command};

use crate::status::{print, Status};

/// The C entry point: runs the command line and returns its status.
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
#[no_mangle]
extern "C" fn main(
    _argc: std::ffi::c_int,
    _argv: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    start() as std::ffi::c_int
}

/// Runs the command line and exits with its status (and the unit tests'
/// harness takes its place).
#[cfg(not(all(target_os = "linux", target_env = "gnu", not(test))))]
fn main() -> std::process::ExitCode {
    start().into()
}

/// Prepares the process, then runs the command line.
fn start() -> Status {
    // The standard streams as Rust's runtime leaves them (where it ran,
    // this changes nothing): a closed pipe is an error to report, not
    // the end. Streams that cannot be mended are no reason to stop.
    let _ = sigsend::prepare_standard_streams();
    // Every target its own descriptor where the system allows it (the
    // library copes without, at the price of a weaker handle): as Go's
    // runtime does. A limit that cannot be raised is no reason to stop.
    let _ = sigsend::raise_fd_limit();
    run(std::env::args_os().skip(1))
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
