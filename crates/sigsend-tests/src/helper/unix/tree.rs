//! The helper's modes for the tests of `sigsend::kill_tree`: a bounded
//! tree of idle processes, a tree whose members keep starting children
//! until a budget is used up, and a process whose grandchildren are
//! orphans. Both caps are enforced here, so a broken test
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
