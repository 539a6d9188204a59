//! `sigsend-helper` on POSIX: the child process that the integration tests signal.
//!
//! Every mode first puts the process in a known state: every signal's
//! disposition back to the default (Rust's runtime ignores `SIGPIPE` and
//! catches `SIGSEGV`/`SIGBUS`, and a parent such as `nohup` or a shell
//! running a background job may have left others ignored), no core files
//! (`RLIMIT_CORE` 0, and on Linux not dumpable), so that a core-dumping
//! signal ends it quickly and leaves nothing behind.
//!
//! Modes, chosen by the arguments:
//! - `idle`: prints `ready`, then reads standard input until end of file and
//!   exits 0. A test ends it with a signal, or by closing its input.
//! - `catch SIG...`: installs an `SA_SIGINFO` handler for each signal (a
//!   name such as `USR1` or `RTMIN+1`, or a number), prints `ready`, waits
//!   in `sigsuspend` until one is caught, prints
//!   `caught signo=N code=C value=V pid=P` (the handler's `si_signo`,
//!   `si_code`, `si_value.sival_int` and `si_pid`) and exits 0. If its
//!   input reaches end of file first, it exits 2.
//! - `call kill PID SIG` / `call killpg PGID SIG`: calls
//!   `sigsend::os::kill` / `killpg` once, prints `ok` or
//!   `err <ErrorKind:?> <raw OS error>`, and exits 0 (unless the signal
//!   ended it first, as when it signals its own process group).
//! - `call exists PID`: calls `sigsend::pid_exists` once, prints
//!   `exists true`, `exists false` or `err <ErrorKind:?> <raw OS error>`,
//!   and exits 0.
//! - `call stop PID`: runs a TERM-then-KILL stop plan on PID through a
//!   `sigsend::Process` and prints how it went (see `handles.rs`).
//! - `exit CODE`: exits with that code at once.
//! - `ignore SIG...`: ignores each signal, prints `ready`, reads its input
//!   until end of file and exits 0 (a process only KILL ends).
//! - `parent ARGS...`: starts `sigsend-helper ARGS` sharing its input and
//!   output, prints `child PID`, waits for it and exits with its code: the
//!   test's grandchild, which is not the test's own child.
//! - `state`: catches USR1, ignores USR2, blocks HUP, prints `ready`,
//!   reads its input until end of file and exits 0 (see `state.rs`).
//! - `tree DEPTH FANOUT`: a tree of idle processes, FANOUT children per
//!   member down to DEPTH, that prints `ready N` once all N are up;
//!   `forker BUDGET`: a tree that keeps starting children until BUDGET
//!   processes in all; `orphans COUNT`: leaves COUNT orphans in its group
//!   (through `abandon COUNT`, which starts them and exits) and prints
//!   `ready` (see `tree.rs`; at most 400, each gone after 60 s);
//!   `thread-forker COUNT MAPPINGS`: COUNT children forked by a thread
//!   other than the main one, each in a group of its own, each printing
//!   `child PID` (see `tree.rs`; fewer than 400, each gone after 60 s or
//!   when its input closes).
//! - `listen tcp|udp ADDR`: binds port 0 of the IP address ADDR (a TCP
//!   listener or a UDP socket), prints `ready`, then `port PORT`, reads
//!   its input until end of file and exits 0 (see `listen.rs`); exits 3
//!   if the bind fails.
//! - `main-exits`: a worker thread prints `ready`, reads its input until
//!   end of file and exits 0; the main thread ends at once, with the
//!   `exit` system call that ends `pthread_exit` (one thread, not the
//!   process; Linux), so the main thread is a zombie while the process
//!   lives on.
//! - `reuse`: the pid-reuse scenario, as pid 1 of a new pid namespace (see
//!   `reuse.rs`; Linux): prints `ok pidfd`, `ok fallback` or `fail WHY`.
//!
//! Any other argument list is a usage error: exit 64.

use std::io::{self, Read, Write};
use std::mem::MaybeUninit;
use std::process::exit;
use std::ptr;
use std::sync::atomic::{AtomicI32, Ordering};

use sigsend::Signal;

mod handles;
#[cfg(target_os = "linux")]
mod reuse;
mod state;
mod tree;

pub fn main() {
    reset_process_state();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["idle"] => idle(),
        ["catch", signals @ ..] if !signals.is_empty() => {
            catch(&signals.iter().map(|s| parse_signal(s)).collect::<Vec<_>>())
        }
        ["call", "kill", pid, sig] => report(sigsend::os::kill(parse_int(pid), parse_signal(sig))),
        ["call", "killpg", pgid, sig] => {
            report(sigsend::os::killpg(parse_int(pgid), parse_signal(sig)))
        }
        ["call", "exists", pid] => match sigsend::pid_exists(parse_int(pid).unsigned_abs()) {
            Ok(exists) => {
                say(&format!("exists {exists}"));
                exit(0)
            }
            Err(err) => report(Err(err)),
        },
        ["exit", code] => exit(parse_int(code)),
        ["ignore", signals @ ..] if !signals.is_empty() => {
            handles::ignore(&signals.iter().map(|s| parse_signal(s)).collect::<Vec<_>>())
        }
        ["parent", args @ ..] if !args.is_empty() => crate::parent::parent(args, say),
        ["state"] => state::state(),
        ["tree", depth, fanout] => tree::tree(parse_int(depth) as u32, parse_int(fanout) as u32),
        ["forker", budget] => tree::forker(parse_int(budget) as u32, None),
        ["forker", budget, "ignoring", sig] => tree::forker(parse_int(budget) as u32, Some(sig)),
        ["orphans", count] => tree::orphans(parse_int(count) as u32),
        ["abandon", count] => tree::abandon(parse_int(count) as u32),
        ["thread-forker", count, mappings] => {
            tree::thread_forker(parse_int(count) as u32, parse_int(mappings) as u32)
        }
        ["call", "stop", pid] => handles::stop(parse_int(pid) as u32),
        ["listen", protocol, addr] => crate::listen::run(protocol, addr, say, read_to_eof),
        #[cfg(target_os = "linux")]
        ["main-exits"] => main_exits(),
        #[cfg(target_os = "linux")]
        ["reuse"] => reuse::reuse(),
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: sigsend-helper idle | catch SIG... | call kill PID SIG | call killpg PGID SIG \
         | call exists PID | call stop PID | exit CODE | ignore SIG... | parent ARGS... | state \
         | tree DEPTH FANOUT | forker BUDGET [ignoring SIG] | orphans COUNT \
         | thread-forker COUNT MAPPINGS | listen tcp|udp ADDR | main-exits | reuse"
    );
    exit(64)
}

fn parse_int(text: &str) -> i32 {
    text.parse().unwrap_or_else(|_| usage())
}

/// A signal number as given (any integer, so that tests can pass numbers
/// the kernel rejects), or a signal name.
fn parse_signal(text: &str) -> i32 {
    text.parse::<i32>()
        .ok()
        .or_else(|| text.parse::<Signal>().ok().map(Signal::as_raw))
        .unwrap_or_else(|| usage())
}

fn say(line: &str) {
    let mut out = io::stdout().lock();
    // The test reads these lines; if it is gone there is no one to tell.
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// Default dispositions for every signal, an empty signal mask, and no core
/// dumps.
fn reset_process_state() {
    let named = Signal::names().map(|(_, sig)| sig);
    let realtime = Signal::all().filter(|sig| sig.is_realtime());
    for sig in named.chain(realtime) {
        if sig == Signal::KILL || sig == Signal::STOP {
            continue;
        }
        // SAFETY: SIG_DFL is a valid disposition for every catchable signal;
        // no handler of ours is being replaced while it could run.
        let previous = unsafe { libc::signal(sig.as_raw(), libc::SIG_DFL) };
        assert_ne!(previous, libc::SIG_ERR, "cannot reset {sig}");
    }
    let mut empty = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigemptyset initialises the set it is given; the set is then
    // passed by pointer to sigprocmask, which only reads it.
    let masked = unsafe {
        libc::sigemptyset(empty.as_mut_ptr());
        libc::sigprocmask(libc::SIG_SETMASK, empty.as_ptr(), ptr::null_mut())
    };
    assert_eq!(masked, 0, "sigprocmask: {}", io::Error::last_os_error());

    let no_core = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit reads the struct it is given.
    let limited = unsafe { libc::setrlimit(libc::RLIMIT_CORE, &no_core) };
    assert_eq!(limited, 0, "setrlimit: {}", io::Error::last_os_error());
    // RLIMIT_CORE is not enforced when core_pattern pipes to a program; a
    // process that is not dumpable is never dumped.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // SAFETY: PR_SET_DUMPABLE takes one integer argument.
        let set = unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) };
        assert_eq!(set, 0, "prctl: {}", io::Error::last_os_error());
    }
}

/// Reads standard input until end of file (or an error).
fn read_to_eof() {
    let mut sink = [0u8; 256];
    let mut stdin = io::stdin().lock();
    while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
}

fn idle() -> ! {
    say("ready");
    read_to_eof();
    exit(0)
}

/// The `main-exits` mode: the main thread ends, a worker runs on.
#[cfg(target_os = "linux")]
fn main_exits() -> ! {
    std::thread::spawn(|| {
        say("ready");
        read_to_eof();
        exit(0)
    });
    // SAFETY: exit(2), not exit_group: it ends the calling thread only,
    // as pthread_exit does once its cleanup is done, and never returns;
    // nothing of this thread is used after it (the worker owns what it
    // uses).
    unsafe { libc::syscall(libc::SYS_exit, 0) };
    unreachable!("exit(2) returned")
}

fn report(result: Result<(), sigsend::Error>) -> ! {
    match result {
        Ok(()) => say("ok"),
        Err(err) => match err.raw_os_error() {
            Some(code) => say(&format!("err {:?} {code}", err.kind())),
            None => say(&format!("err {:?} none", err.kind())),
        },
    }
    exit(0)
}

/// What the handler saw; `CAUGHT_SIGNO` is written last, so a nonzero value
/// means the others are set.
static CAUGHT_SIGNO: AtomicI32 = AtomicI32::new(0);
static CAUGHT_CODE: AtomicI32 = AtomicI32::new(0);
static CAUGHT_VALUE: AtomicI32 = AtomicI32::new(0);
static CAUGHT_PID: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(signo: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
    // SAFETY: for an SA_SIGINFO handler the kernel passes a valid siginfo;
    // si_pid and si_value are read as the kernel filled them for a signal
    // sent by kill, sigqueue or pidfd_send_signal (rt_sigqueueinfo layout).
    let (code, pid, value) = unsafe { ((*info).si_code, (*info).si_pid(), (*info).si_value()) };
    // SAFETY: sigval is a C union of an int and a pointer; every member of a
    // union starts at its first byte, and its alignment (the pointer's) is at
    // least an int's, so its first bytes read as an int are `sival_int` on
    // either byte order.
    let sival_int = unsafe { ptr::addr_of!(value).cast::<libc::c_int>().read() };
    CAUGHT_CODE.store(code, Ordering::Relaxed);
    CAUGHT_PID.store(pid, Ordering::Relaxed);
    CAUGHT_VALUE.store(sival_int, Ordering::Relaxed);
    CAUGHT_SIGNO.store(signo, Ordering::Release);
}

/// Installs [`on_signal`] as the `SA_SIGINFO` handler of `sig`.
fn install_handler(sig: i32) {
    // SAFETY: an all-zero sigaction is valid (empty mask, no flags); the
    // handler has the three-argument type that SA_SIGINFO calls for and
    // touches nothing but atomics.
    let installed = unsafe {
        let handler: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
            on_signal;
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = handler as libc::sighandler_t;
        action.sa_flags = libc::SA_SIGINFO;
        libc::sigaction(sig, &action, ptr::null_mut())
    };
    assert_eq!(
        installed,
        0,
        "sigaction({sig}): {}",
        io::Error::last_os_error()
    );
}

fn catch(signals: &[i32]) -> ! {
    let mut set = MaybeUninit::<libc::sigset_t>::uninit();
    let mut unblocked = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigemptyset initialises `set` before sigaddset and
    // sigprocmask use it; sigprocmask initialises `unblocked` (the mask
    // before, which reset_process_state made empty).
    unsafe {
        libc::sigemptyset(set.as_mut_ptr());
        for &sig in signals {
            assert_eq!(
                libc::sigaddset(set.as_mut_ptr(), sig),
                0,
                "bad signal {sig}"
            );
        }
        // Blocked until sigsuspend, so none is lost or handled early; the
        // stdin thread below inherits the mask and never takes them.
        let blocked = libc::sigprocmask(libc::SIG_BLOCK, set.as_ptr(), unblocked.as_mut_ptr());
        assert_eq!(blocked, 0, "sigprocmask: {}", io::Error::last_os_error());
    }
    for &sig in signals {
        install_handler(sig);
    }
    std::thread::spawn(|| {
        read_to_eof();
        eprintln!("sigsend-helper: input closed before a signal was caught");
        exit(2)
    });
    say("ready");
    while CAUGHT_SIGNO.load(Ordering::Acquire) == 0 {
        // SAFETY: `unblocked` was initialised by sigprocmask above.
        // sigsuspend always returns -1 (EINTR) after a handler ran.
        unsafe { libc::sigsuspend(unblocked.as_ptr()) };
    }
    say(&format!(
        "caught signo={} code={} value={} pid={}",
        CAUGHT_SIGNO.load(Ordering::Acquire),
        CAUGHT_CODE.load(Ordering::Relaxed),
        CAUGHT_VALUE.load(Ordering::Relaxed),
        CAUGHT_PID.load(Ordering::Relaxed),
    ));
    exit(0)
}
