//! The named signals of each OS, in the order `kill -l` lists them, with
//! their aliases beside them and a description of each.
//!
//! The numbers come from the C headers (through `libc`), so each OS gets its
//! own values; the entries an OS lacks are left out by `cfg`. The real-time
//! signals are not listed here: their range is asked of the C library at run
//! time (see `sys::rt_range`).
//!
//! One list makes both the table and the [`Signal`] constants.

use super::Signal;

/// One name of a signal.
pub(super) struct Entry {
    /// The name without the `SIG` prefix, upper case.
    pub(super) name: &'static str,
    pub(super) raw: i32,
    /// `None` for an alias: the description is the canonical entry's.
    pub(super) about: Option<&'static str>,
}

macro_rules! signals {
    ($($(#[$cfg:meta])* $kind:ident $name:ident = $raw:ident $(, $about:literal)?;)*) => {
        pub(super) const TABLE: &[Entry] = &[$(
            $(#[$cfg])*
            Entry { name: stringify!($name), raw: libc::$raw, about: signals!(@about $($about)?) },
        )*];

        /// The named signals of this OS; which exist, and their numbers,
        /// depend on the OS.
        impl Signal {$(
            signals!(@const $(#[$cfg])* $kind $name $raw $($about)?);
        )*}
    };
    (@about $about:literal) => { Some($about) };
    (@about) => { None };
    (@const $(#[$cfg:meta])* sig $name:ident $raw:ident $about:literal) => {
        #[doc = concat!("`SIG", stringify!($name), "`: ", $about, ".")]
        $(#[$cfg])*
        pub const $name: Signal = Signal(libc::$raw);
    };
    (@const $(#[$cfg:meta])* alias $name:ident $raw:ident) => {};
}

signals! {
    sig HUP = SIGHUP, "hangup: the terminal or controlling process went away; daemons take it as 'reload your configuration'";
    sig INT = SIGINT, "interrupt from the keyboard (Ctrl+C)";
    sig QUIT = SIGQUIT, "quit from the keyboard (Ctrl+\\); ends the process with a core dump";
    sig ILL = SIGILL, "the process executed an illegal machine instruction";
    sig TRAP = SIGTRAP, "trace or breakpoint trap, used by debuggers";
    sig ABRT = SIGABRT, "abort: the process called abort(), usually on a failed assertion";
    alias IOT = SIGIOT;
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    sig EMT = SIGEMT, "emulator trap: an instruction the hardware asked software to emulate";
    sig BUS = SIGBUS, "bus error: access to memory that does not exist, such as past the end of a mapped file";
    sig FPE = SIGFPE, "arithmetic error, such as an integer division by zero";
    sig KILL = SIGKILL, "kill: ends the process at once; it cannot be caught, blocked or ignored";
    sig USR1 = SIGUSR1, "user-defined signal 1: its meaning is the program's own";
    sig SEGV = SIGSEGV, "segmentation fault: access to memory the process may not touch";
    sig USR2 = SIGUSR2, "user-defined signal 2: its meaning is the program's own";
    sig PIPE = SIGPIPE, "broken pipe: a write to a pipe or socket that no one reads any more";
    sig ALRM = SIGALRM, "alarm clock: a timer set with alarm() or setitimer() ran out";
    sig TERM = SIGTERM, "termination request: the polite way to ask a process to exit; the default of kill";
    #[cfg(any(target_os = "linux", target_os = "android"))]
    sig STKFLT = SIGSTKFLT, "stack fault on a coprocessor; unused by Linux itself";
    sig CHLD = SIGCHLD, "a child process exited, stopped or continued; ignored unless caught";
    #[cfg(any(target_os = "linux", target_os = "android"))]
    alias CLD = SIGCHLD;
    sig CONT = SIGCONT, "continue a stopped process; ignored by a running one";
    sig STOP = SIGSTOP, "stop the process; it cannot be caught, blocked or ignored";
    sig TSTP = SIGTSTP, "stop request from the keyboard (Ctrl+Z)";
    sig TTIN = SIGTTIN, "a background process read from its controlling terminal and is stopped";
    sig TTOU = SIGTTOU, "a background process wrote to its controlling terminal and is stopped";
    sig URG = SIGURG, "urgent (out-of-band) data arrived on a socket; ignored unless caught";
    sig XCPU = SIGXCPU, "the process used up its CPU time limit (RLIMIT_CPU)";
    sig XFSZ = SIGXFSZ, "the process wrote past its file size limit (RLIMIT_FSIZE)";
    sig VTALRM = SIGVTALRM, "virtual timer: the process's own CPU time timer ran out";
    sig PROF = SIGPROF, "profiling timer ran out";
    sig WINCH = SIGWINCH, "the terminal window changed size; ignored unless caught";
    sig IO = SIGIO, "input or output is possible on a descriptor set up for it (O_ASYNC)";
    #[cfg(any(target_os = "linux", target_os = "android"))]
    alias POLL = SIGIO;
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    sig INFO = SIGINFO, "status request from the keyboard (Ctrl+T)";
    #[cfg(any(target_os = "linux", target_os = "android"))]
    sig PWR = SIGPWR, "power failure: the system is running on reserve power";
    sig SYS = SIGSYS, "bad system call, or one a sandbox (seccomp, capsicum) forbade";
    #[cfg(target_os = "freebsd")]
    sig THR = SIGTHR, "reserved by the thread library";
    #[cfg(target_os = "freebsd")]
    sig LIBRT = SIGLIBRT, "reserved by the real-time library";
}
