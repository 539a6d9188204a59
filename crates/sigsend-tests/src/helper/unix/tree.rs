//! The helper's modes for the tests of `sigsend::kill_tree`: a bounded
//! tree of idle processes, a tree whose members keep starting children
//! until a budget is used up, a process whose grandchildren are orphans,
//! and a process whose children are forked by a thread other than its
//! main one. The caps are enforced here, so a broken test
//! can never start more than [`MAX_PROCESSES`] processes, and every member
//! exits by itself after [`LIFETIME`] (a test that was killed leaves
//! nothing for long).

use std::io::{BufRead, BufReader};
use std::process::{exit, Command, Stdio};
use std::thread;
use std::time::Duration;

use super::{say, usage};

/// The most processes one `tree` or `forker` may count, itself included.
const MAX_PROCESSES: u32 = 400;

/// How long a member lives when nobody ends it.
const LIFETIME: Duration = Duration::from_secs(60);

/// `tree DEPTH FANOUT`: starts FANOUT children `tree DEPTH-1 FANOUT`
/// (none at depth 0), waits until each says `ready N`, prints `ready M`
/// (M: the processes of its subtree, itself included), then idles. Refused
/// (exit 64) when the whole tree would exceed [`MAX_PROCESSES`].
pub fn tree(depth: u32, fanout: u32) -> ! {
    let size = (0..=depth).try_fold(0u32, |sum, level| {
        fanout.checked_pow(level).and_then(|n| sum.checked_add(n))
    });
    if depth > 8 || size.is_none_or(|size| size > MAX_PROCESSES) {
        usage()
    }
    let exe = std::env::current_exe().expect("the helper's own path");
    let mut children = Vec::new();
    for _ in 0..if depth == 0 { 0 } else { fanout } {
        let child = Command::new(&exe)
            .args(["tree", &(depth - 1).to_string(), &fanout.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start a tree member");
        children.push(child);
    }
    let mut total = 1;
    for child in &mut children {
        let mut line = String::new();
        let out = child.stdout.take().expect("piped output");
        BufReader::new(out)
            .read_line(&mut line)
            .expect("read a member's line");
        let count: u32 = line
            .trim()
            .strip_prefix("ready ")
            .and_then(|n| n.parse().ok())
            .expect("a member says ready N");
        total += count;
    }
    say(&format!("ready {total}"));
    thread::sleep(LIFETIME);
    exit(0)
}

/// `forker BUDGET [ignoring SIG]`: this process counts as one of BUDGET;
/// it starts a child `forker HALF` with half of the rest, waits 1 ms, and
/// so on until the rest is used up, then idles. The whole tree never
/// exceeds BUDGET processes (refused above [`MAX_PROCESSES`]); it keeps
/// growing for a few milliseconds after it starts. With `ignoring SIG`,
/// every member ignores that signal.
pub fn forker(budget: u32, ignoring: Option<&str>) -> ! {
    if budget == 0 || budget > MAX_PROCESSES {
        usage()
    }
    let ignored: &[&str] = match ignoring {
        Some(sig) => {
            // SAFETY: SIG_IGN is a valid disposition for every catchable
            // signal; no handler of ours is replaced.
            let previous = unsafe { libc::signal(super::parse_signal(sig), libc::SIG_IGN) };
            assert_ne!(previous, libc::SIG_ERR, "cannot ignore {sig}");
            &["ignoring", sig]
        }
        None => &[],
    };
    let exe = std::env::current_exe().expect("the helper's own path");
    let mut rest = budget - 1;
    while rest > 0 {
        let give = rest.div_ceil(2);
        // A member that is being ended may fail to start one: fine.
        let _ = Command::new(&exe)
            .args(["forker", &give.to_string()])
            .args(ignored)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn();
        rest -= give;
        thread::sleep(Duration::from_millis(1));
    }
    thread::sleep(LIFETIME);
    exit(0)
}

/// `orphans COUNT`: starts `abandon COUNT`, waits for it to exit, prints
/// `ready` and idles: the COUNT processes it left are orphans now (their
/// parent is init or a subreaper), still in this process's group.
pub fn orphans(count: u32) -> ! {
    if count > MAX_PROCESSES {
        usage()
    }
    let exe = std::env::current_exe().expect("the helper's own path");
    let status = Command::new(exe)
        .args(["abandon", &count.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("run abandon");
    assert!(status.success(), "abandon failed: {status}");
    say("ready");
    thread::sleep(LIFETIME);
    exit(0)
}

/// `abandon COUNT`: starts COUNT idle `tree 0 0` members and exits at once.
// Never waited for on purpose: they are to become orphans.
#[allow(clippy::zombie_processes)]
pub fn abandon(count: u32) -> ! {
    if count > MAX_PROCESSES {
        usage()
    }
    let exe = std::env::current_exe().expect("the helper's own path");
    for _ in 0..count {
        Command::new(&exe)
            .args(["tree", "0", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("start an orphan-to-be");
    }
    exit(0)
}

/// The most anonymous mappings a `thread-forker` makes (the kernel's
/// default limit, `vm.max_map_count`, is 65530).
const MAX_MAPPINGS: u32 = 30_000;

/// `thread-forker COUNT MAPPINGS`: a process whose children are forked by
/// a thread that is not its main one. It first makes MAPPINGS one-page
/// anonymous mappings (never touched, so they take no memory: each fork
/// copies them, and takes milliseconds, as a large program's fork does),
/// then starts a thread that forks COUNT children one after the other
/// (`fork(2)`, no exec), prints `ready` and idles on its main thread.
///
/// Each child leaves this process's group for a new one of its own
/// (`setpgid(0, 0)`, so that no rule about the root's group finds it),
/// prints `child PID`, and waits until its input (this process's, which
/// it shares) reaches end of file, or SIGALRM ends it after
/// [`LIFETIME`]: a child nobody ended goes away by itself. COUNT is at
/// most [`MAX_PROCESSES`] - 1, MAPPINGS at most [`MAX_MAPPINGS`].
pub fn thread_forker(count: u32, mappings: u32) -> ! {
    if count >= MAX_PROCESSES || mappings > MAX_MAPPINGS {
        usage()
    }
    for index in 0..mappings {
        // Every other mapping writable, so that neighbours never merge
        // into one.
        let prot = if index % 2 == 0 {
            libc::PROT_READ
        } else {
            libc::PROT_READ | libc::PROT_WRITE
        };
        // SAFETY: a new private anonymous mapping at an address the kernel
        // chooses; nothing else is mapped or unmapped. It is never freed:
        // the process ends with it.
        let map = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                4096,
                prot,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(
            map,
            libc::MAP_FAILED,
            "mmap: {}",
            std::io::Error::last_os_error()
        );
    }
    thread::spawn(move || {
        for _ in 0..count {
            // SAFETY: the child runs only `forked_child`, which makes
            // async-signal-safe calls alone (no allocation, no lock), as a
            // child forked from a multithreaded process must. A fork that
            // fails (the process is being ended) is no matter.
            if unsafe { libc::fork() } == 0 {
                forked_child();
            }
        }
    });
    say("ready");
    thread::sleep(LIFETIME);
    exit(0)
}

/// A child of [`thread_forker`]: leaves the group, prints `child PID`,
/// and waits for end of file on its input (or SIGALRM after
/// [`LIFETIME`]). Async-signal-safe calls only.
fn forked_child() -> ! {
    // SAFETY: getpid, setpgid, alarm, write, read and _exit are
    // async-signal-safe; the buffers are on this stack and the lengths
    // given are theirs.
    unsafe {
        let pid = libc::getpid();
        libc::setpgid(0, 0);
        libc::alarm(LIFETIME.as_secs() as libc::c_uint);
        let mut line = [0u8; 32];
        let text = b"child ";
        line[..text.len()].copy_from_slice(text);
        let mut digits = [0u8; 12];
        let mut n = pid.unsigned_abs();
        let mut len = 0;
        loop {
            digits[len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let mut at = text.len();
        for digit in digits[..len].iter().rev() {
            line[at] = *digit;
            at += 1;
        }
        line[at] = b'\n';
        at += 1;
        libc::write(1, line.as_ptr().cast(), at);
        let mut sink = [0u8; 64];
        while libc::read(0, sink.as_mut_ptr().cast(), sink.len()) > 0 {}
        libc::_exit(0)
    }
}
