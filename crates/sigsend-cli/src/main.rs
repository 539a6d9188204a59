//! `sigsend`: send a signal to processes; a drop-in superset of util-linux
//! `kill`. Its manual is `docs/sigsend.md` and `sigsend --help`.
//!
//! This file runs the parsed command and turns its outcome into the exit
//! status. The binary makes no system calls of its own: signals go through
//! the `sigsend` library.

// What is `pub` is the crate's API (or meant to be): the rest says `pub(crate)`.
#![warn(unreachable_pub)]

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
use std::process::ExitCode;

use sigsend_cli::args::{self, Command};

use crate::status::{print, Status};

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
