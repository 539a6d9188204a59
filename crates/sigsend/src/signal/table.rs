//! The named signals of each OS, in the order `kill -l` lists them, with
//! their aliases beside them and a description of each.
//!
//! On POSIX the numbers come from the C headers (through `libc`), so each OS
//! gets its own values; the entries an OS lacks are left out by `cfg`. The
//! real-time signals are not listed here: their range is asked of the C
//! library at run time (see `sys::rt_range`).
//!
//! Windows has no signals: its table holds Python's constants, whose
//! numbers `os.kill` turns into console control events (0 and 1) or an exit
//! code for `TerminateProcess` (the rest).
//!
//! One list makes both the table and the [`Signal`] constants.

use super::Signal;
#[cfg(unix)]
use crate::sys;

/// One name of a signal.
pub(super) struct Entry {
    /// The name without the `SIG` prefix, upper case.
    pub(super) name: &'static str,
    pub(super) raw: i32,
    /// `None` for an alias: the description is the canonical entry's.
    pub(super) about: Option<&'static str>,
}

macro_rules! signals {
    ($($(#[$cfg:meta])* $kind:ident $name:ident = $raw:expr $(, $about:literal)?;)*) => {
        pub(super) const TABLE: &[Entry] = &[$(
            $(#[$cfg])*
            Entry { name: stringify!($name), raw: $raw, about: signals!(@about $($about)?) },
        )*];

        /// The named signals of this OS; which exist, and their numbers,
        /// depend on the OS.
        impl Signal {$(
            signals!(@const $(#[$cfg])* $kind $name $raw $(, $about)?);
        )*}
    };
    (@about $about:literal) => { Some($about) };
    (@about) => { None };
    (@const $(#[$cfg:meta])* sig $name:ident $raw:expr, $about:literal) => {
        #[doc = concat!("`", stringify!($name), "`: ", $about, ".")]
        $(#[$cfg])*
        pub const $name: Signal = Signal($raw);
    };
    (@const $(#[$cfg:meta])* alias $name:ident $raw:expr) => {};
}

/// What a number with no name is.
#[cfg(unix)]
pub(super) const UNNAMED: &str = "reserved by the C library for its own use";

/// The highest signal number this OS accepts.
#[cfg(unix)]
pub(super) fn max_raw() -> i32 {
    let named = TABLE.iter().map(|entry| entry.raw).max().unwrap_or(0);
    sys::rt_range().map_or(named, |(_, hi)| hi.max(named))
}

/// Every signal number from 1 up: on POSIX each one is a signal.
#[cfg(unix)]
pub(super) fn all() -> impl Iterator<Item = i32> {
    1..=max_raw()
}

/// The number a signal is kept under is the number itself.
#[cfg(unix)]
pub(super) const fn to_raw(key: i32) -> i32 {
    key
}

#[cfg(unix)]
signals! {
    sig HUP = libc::SIGHUP, "hangup: the terminal or controlling process went away; daemons take it as 'reload your configuration'";
    sig INT = libc::SIGINT, "interrupt from the keyboard (Ctrl+C)";
    sig QUIT = libc::SIGQUIT, "quit from the keyboard (Ctrl+\\); ends the process with a core dump";
    sig ILL = libc::SIGILL, "the process executed an illegal machine instruction";
    sig TRAP = libc::SIGTRAP, "trace or breakpoint trap, used by debuggers";
    sig ABRT = libc::SIGABRT, "abort: the process called abort(), usually on a failed assertion";
    alias IOT = libc::SIGIOT;
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    sig EMT = libc::SIGEMT, "emulator trap: an instruction the hardware asked software to emulate";
    sig BUS = libc::SIGBUS, "bus error: access to memory that does not exist, such as past the end of a mapped file";
    sig FPE = libc::SIGFPE, "arithmetic error, such as an integer division by zero";
    sig KILL = libc::SIGKILL, "kill: ends the process at once; it cannot be caught, blocked or ignored";
    sig USR1 = libc::SIGUSR1, "user-defined signal 1: its meaning is the program's own";
    sig SEGV = libc::SIGSEGV, "segmentation fault: access to memory the process may not touch";
    sig USR2 = libc::SIGUSR2, "user-defined signal 2: its meaning is the program's own";
    sig PIPE = libc::SIGPIPE, "broken pipe: a write to a pipe or socket that no one reads any more";
    sig ALRM = libc::SIGALRM, "alarm clock: a timer set with alarm() or setitimer() ran out";
    sig TERM = libc::SIGTERM, "termination request: the polite way to ask a process to exit; the default of kill";
    #[cfg(any(target_os = "linux", target_os = "android"))]
    sig STKFLT = libc::SIGSTKFLT, "stack fault on a coprocessor; unused by Linux itself";
    sig CHLD = libc::SIGCHLD, "a child process exited, stopped or continued; ignored unless caught";
    #[cfg(any(target_os = "linux", target_os = "android"))]
    alias CLD = libc::SIGCHLD;
    sig CONT = libc::SIGCONT, "continue a stopped process; ignored by a running one";
    sig STOP = libc::SIGSTOP, "stop the process; it cannot be caught, blocked or ignored";
    sig TSTP = libc::SIGTSTP, "stop request from the keyboard (Ctrl+Z)";
    sig TTIN = libc::SIGTTIN, "a background process read from its controlling terminal and is stopped";
    sig TTOU = libc::SIGTTOU, "a background process wrote to its controlling terminal and is stopped";
    sig URG = libc::SIGURG, "urgent (out-of-band) data arrived on a socket; ignored unless caught";
    sig XCPU = libc::SIGXCPU, "the process used up its CPU time limit (RLIMIT_CPU)";
    sig XFSZ = libc::SIGXFSZ, "the process wrote past its file size limit (RLIMIT_FSIZE)";
    sig VTALRM = libc::SIGVTALRM, "virtual timer: the process's own CPU time timer ran out";
    sig PROF = libc::SIGPROF, "profiling timer ran out";
    sig WINCH = libc::SIGWINCH, "the terminal window changed size; ignored unless caught";
    sig IO = libc::SIGIO, "input or output is possible on a descriptor set up for it (O_ASYNC)";
    #[cfg(any(target_os = "linux", target_os = "android"))]
    alias POLL = libc::SIGIO;
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    sig INFO = libc::SIGINFO, "status request from the keyboard (Ctrl+T)";
    #[cfg(any(target_os = "linux", target_os = "android"))]
    sig PWR = libc::SIGPWR, "power failure: the system is running on reserve power";
    sig SYS = libc::SIGSYS, "bad system call, or one a sandbox (seccomp, capsicum) forbade";
    #[cfg(target_os = "freebsd")]
    sig THR = libc::SIGTHR, "reserved by the thread library";
    #[cfg(target_os = "freebsd")]
    sig LIBRT = libc::SIGLIBRT, "reserved by the real-time library";
}

/// The number under which [`Signal::CTRL_C`] is kept: 0 is the null signal,
/// which on Windows too only probes. [`Signal::as_raw`] gives Python's 0.
#[cfg(windows)]
const CTRL_C_KEY: i32 = -1;

/// What a number with no name is.
#[cfg(windows)]
pub(super) const UNNAMED: &str =
    "no Windows signal: ends the process with TerminateProcess, and the number is its exit code";

/// Every number from 0 up is an exit code for `TerminateProcess`.
#[cfg(windows)]
pub(super) const fn max_raw() -> i32 {
    i32::MAX
}

/// The named signals, Ctrl+C first: the other numbers are exit codes.
#[cfg(windows)]
pub(super) fn all() -> impl Iterator<Item = i32> {
    TABLE
        .iter()
        .filter(|entry| entry.about.is_some())
        .map(|entry| entry.raw)
}

/// Python's number for the signal kept under `key`.
#[cfg(windows)]
pub(super) const fn to_raw(key: i32) -> i32 {
    if key == CTRL_C_KEY {
        0
    } else {
        key
    }
}

#[cfg(windows)]
signals! {
    sig CTRL_C = CTRL_C_KEY, "Ctrl+C to a console process group (`CTRL_C_EVENT`, 0); a group started with `CREATE_NEW_PROCESS_GROUP` ignores it unless it turned it back on";
    alias CTRL_C_EVENT = CTRL_C_KEY;
    sig CTRL_BREAK = 1, "Ctrl+Break to a console process group (`CTRL_BREAK_EVENT`, 1); the default handler ends the process";
    alias CTRL_BREAK_EVENT = 1;
    sig INT = 2, "`SIGINT`: ends the process with `TerminateProcess`, exit code 2";
    sig ILL = 4, "`SIGILL`: ends the process with `TerminateProcess`, exit code 4";
    sig FPE = 8, "`SIGFPE`: ends the process with `TerminateProcess`, exit code 8";
    sig KILL = 9, "no Windows signal, a convenience: ends the process with `TerminateProcess`, exit code 9";
    sig SEGV = 11, "`SIGSEGV`: ends the process with `TerminateProcess`, exit code 11";
    sig TERM = 15, "`SIGTERM`: ends the process with `TerminateProcess`, exit code 15; the default of kill";
    sig BREAK = 21, "`SIGBREAK`: ends the process with `TerminateProcess`, exit code 21";
    sig ABRT = 22, "`SIGABRT`: ends the process with `TerminateProcess`, exit code 22";
}
