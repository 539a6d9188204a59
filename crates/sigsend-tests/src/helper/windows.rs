//! `sigsend-helper` on Windows: the child process that the Windows
//! integration tests end or send console events to.
//!
//! Modes, chosen by the arguments:
//! - `idle`: prints `ready`, then reads standard input until end of file and
//!   exits 0. A test ends it with `TerminateProcess`, or by closing its
//!   input.
//! - `console`: turns Ctrl+C handling back on (a process started with
//!   `CREATE_NEW_PROCESS_GROUP` has it off), installs a console control
//!   handler, prints `ready` and reads standard input. The handler prints
//!   `caught ctrl=N` (0 for Ctrl+C, 1 for Ctrl+Break) and exits with
//!   `40 + N`. If its input reaches end of file first, it exits 2.
//! - `exit CODE`: exits with that code at once.
//! - `parent ARGS...`: starts `sigsend-helper ARGS` sharing its input and
//!   output, prints `child PID`, waits for it and exits with its code.
//! - `listen tcp|udp ADDR`: binds port 0 of the IP address ADDR (a TCP
//!   listener or a UDP socket), prints `ready`, then `port PORT`, reads
//!   standard input until end of file and exits 0 (see `listen.rs`);
//!   exits 3 if the bind fails.
//!
//! Any other argument list is a usage error: exit 64.

use std::io::{self, Read, Write};
use std::process::exit;

use windows_sys::Win32::System::Console::SetConsoleCtrlHandler;

pub fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["idle"] => {
            say("ready");
            read_to_end();
            exit(0)
        }
        ["console"] => console(),
        ["exit", code] => exit(code.parse().unwrap_or_else(|_| usage())),
        ["parent", args @ ..] if !args.is_empty() => crate::parent::parent(args, say),
        ["listen", protocol, addr] => crate::listen::run(protocol, addr, say, read_to_end),
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: sigsend-helper idle | console | exit CODE | parent ARGS... | listen tcp|udp ADDR"
    );
    exit(64)
}

fn say(line: &str) {
    let mut out = io::stdout().lock();
    // The test reads these lines; if it is gone there is no one to tell.
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// Reads standard input until end of file (or an error).
fn read_to_end() {
    let mut sink = Vec::new();
    let _ = io::stdin().read_to_end(&mut sink);
}

/// Runs on a thread of its own that Windows starts for the event.
unsafe extern "system" fn on_control(event: u32) -> i32 {
    say(&format!("caught ctrl={event}"));
    exit(40 + event as i32)
}

fn console() -> ! {
    // SAFETY: a null handler with FALSE turns Ctrl+C processing back on for
    // this process; no memory is passed.
    let enabled = unsafe { SetConsoleCtrlHandler(None, 0) };
    // SAFETY: `on_control` is a function with the signature Windows calls,
    // and it lives as long as the process.
    let installed = unsafe { SetConsoleCtrlHandler(Some(on_control), 1) };
    if enabled == 0 || installed == 0 {
        eprintln!(
            "SetConsoleCtrlHandler failed: {}",
            io::Error::last_os_error()
        );
        exit(3)
    }
    say("ready");
    read_to_end();
    exit(2)
}
