//! `--tree` and many targets when something goes wrong: few file
//! descriptors, a signal to sigsend in the middle of a walk, no readable
//! `/proc`, a fault injected mid-walk, sigsend inside the tree it
//! signals, two walks at once, members stopped beforehand, stop signals,
//! overlapping trees, `-r`. The walk holds a tree still with SIGSTOP
//! before it signals it: whatever happens, it must not leave a process
//! stopped that was not stopped before.
//!
//! Safety: every target is a process this test started (a `sleep`, a
//! shell, a Perl script) in a process group this test created
//! (`process_group(0)`), killed as a whole group when the test ends, also
//! when it fails (see `common/trees.rs`, which caps every tree at 5000
//! processes); sigsend itself runs in a group of its own. No test names
//! pid 0 or -1, and a signal this test sends itself goes to a child of its
//! own by pid, or through a handle (`sigsend::Process`).

#![cfg(target_os = "linux")]

mod common;

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::trees::{
    alive_in_group, assert_none_stopped, child_state, member, stopped_and_alive_in,
    stopped_in_group, wait_child_end, wait_group_gone, ChildState, ShellTree, SleepGroup,
    SLEEP_SECS,
};
use common::*;

/// The soft limit on open files the descriptor tests run sigsend with.
const FILES: u32 = 256;

/// The wait after TERM before a plan sends KILL (ms): TERM ends a `sleep`
/// at once, so a target that ends by KILL shows TERM was not delivered,
/// not that the machine was slow.
const TERM_WAIT: &str = "10000";

/// How long a sigsend run may take before the test takes it for a hang.
const HANG: Duration = Duration::from_secs(10);

/// `sigsend ARGS` with at most `limit` open files, in a process group of
/// its own. The hard limit too (`ulimit -n` sets both): sigsend raises its
/// soft limit to the hard one at start, and must cope where it cannot.
fn sigsend_with_files<S: AsRef<str>>(limit: u32, args: &[S]) -> Output {
    Command::new("sh")
        .args(["-c", &format!("ulimit -n {limit} && exec \"$@\""), "sh"])
        .arg(SIGSEND)
        .args(args.iter().map(AsRef::as_ref))
        .stdin(Stdio::null())
        .process_group(0)
        .output()
        .expect("run sigsend under sh")
}

/// How a run went, for a failure message: its status and the first lines
/// of its stderr.
fn summary(output: &Output) -> String {
    let err = stderr(output);
    let lines: Vec<&str> = err.lines().take(3).collect();
    format!(
        "{}, stderr ({} lines): {}",
        output.status,
        err.lines().count(),
        lines.join(" | ")
    )
}

/// A directory of its own for this test process, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("sigsend-faults-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the scratch directory");
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// The lines of file `name` (none while it does not exist).
    fn lines(&self, name: &str) -> Vec<String> {
        std::fs::read_to_string(self.path(name))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A sigsend run that this test started and did not wait for: killed if
/// it still runs, and reaped, on drop.
struct Run(Child);

impl Run {
    /// Waits up to [`HANG`] for the run to end and reaps it; `None` if it
    /// did not (it is then killed and reaped).
    fn wait_bounded(&mut self) -> Option<ExitStatus> {
        let deadline = Instant::now() + HANG;
        loop {
            if let Some(status) = self.0.try_wait().expect("try_wait on our child") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                let _ = self.0.kill();
                let _ = self.0.wait();
                return None;
            }
            thread::sleep(Duration::from_millis(2));
        }
    }

    /// The pid: a child of this test, unreaped until `wait_bounded`.
    fn pid(&self) -> i32 {
        self.0.id() as i32
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        // Child::kill does nothing once the child was reaped.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Sends SIGSTOP to this test's child `pid` and waits until `waitid`
/// shows it stopped.
fn stop_child(pid: i32) {
    sigsend::os::kill(pid, libc::SIGSTOP).expect("stop our child");
    poll_until(&format!("child {pid} to stop"), || {
        child_state(pid) == ChildState::Stopped(libc::SIGSTOP)
    });
}

/// A tree of 3000 killed by one `--tree -s KILL` while sigsend may hold
/// no more than 256 files open: it exits 0, the root dies of KILL, the
/// whole group is gone and nothing was left stopped. A walk that holds a
/// descriptor for every member it stops runs out of them after about 250
/// ("Too many open files") and leaves those it had stopped stopped.
#[test]
fn a_tree_of_3000_dies_of_kill_with_256_open_files() {
    let tree = ShellTree::sleeps(3000);
    let pgid = tree.pid();
    let output = sigsend_with_files(FILES, &["--tree", "-s", "KILL", &tree.arg()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}; {} of the tree stopped",
        summary(&output),
        stopped_in_group(pgid).len()
    );
    assert_eq!(wait_child_end(pgid), ChildState::Signaled(libc::SIGKILL));
    wait_group_gone(pgid);
}

/// `--timeout 10000 KILL -s TERM` on 5000 pids (`sleep` children of this
/// test) while sigsend may hold no more than 256 files open: it exits 0
/// and every one of them ended by TERM (as `waitid` tells), none by KILL
/// and none left.
#[test]
fn five_thousand_pids_end_by_term_with_256_open_files() {
    let group = SleepGroup::spawn(5000);
    let pids = group.pids();
    let mut args: Vec<String> = ["--timeout", TERM_WAIT, "KILL", "-s", "TERM"]
        .map(str::to_owned)
        .to_vec();
    args.extend(pids.iter().map(i32::to_string));
    let output = sigsend_with_files(FILES, &args);
    assert_eq!(output.status.code(), Some(0), "{}", summary(&output));
    let not_term: Vec<(i32, ChildState)> = pids
        .iter()
        .map(|&pid| (pid, wait_child_end(pid)))
        .filter(|(_, end)| *end != ChildState::Signaled(libc::SIGTERM))
        .collect();
    assert!(
        not_term.is_empty(),
        "{} of 5000 did not end by TERM, such as {:?}",
        not_term.len(),
        &not_term[..not_term.len().min(5)]
    );
    assert_eq!(alive_in_group(group.pgid()), 0);
}

/// `--tree --timeout 10000 KILL -s TERM` on 100 trees of 31 (a shell and 30
/// sleeps, each tree in a group of its own) while sigsend may hold no
/// more than 256 files open: it exits 0, every root ends by TERM, every
/// group is gone, and nothing was left stopped on the way.
#[test]
fn a_hundred_trees_end_by_term_with_256_open_files() {
    let trees = ShellTree::many_sleeps(100, 30);
    let mut args: Vec<String> = ["--tree", "--timeout", TERM_WAIT, "KILL", "-s", "TERM"]
        .map(str::to_owned)
        .to_vec();
    args.extend(trees.iter().map(ShellTree::arg));
    let output = sigsend_with_files(FILES, &args);
    let pgids: Vec<i32> = trees.iter().map(ShellTree::pid).collect();
    let (stopped, _) = stopped_and_alive_in(&pgids);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}; {stopped} stopped",
        summary(&output)
    );
    for pgid in &pgids {
        assert_eq!(wait_child_end(*pgid), ChildState::Signaled(libc::SIGTERM));
    }
    poll_until("every tree to be gone", || {
        stopped_and_alive_in(&pgids) == (0, 0)
    });
}

/// A small pseudo-random generator (xorshift64*): the delays of the
/// interruption test, reproducible from the seed it prints.
struct Rng(u64);

impl Rng {
    /// Seeded from `SIGSEND_TEST_SEED` if set (to replay a failure), else
    /// from the clock.
    fn new() -> (Rng, u64) {
        let seed = std::env::var("SIGSEND_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
                now.as_nanos() as u64
            });
        (Rng(seed | 1), seed)
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound
    }
}

/// `sigsend --tree -s WINCH ROOT` started, not waited for: stdout closed,
/// stderr to the file `err` of `scratch` (a pipe could fill up and block
/// it), no core file (RLIMIT_CORE 0), run in `scratch`.
fn start_winch_walk(root: &str, scratch: &Scratch, err: &str) -> Run {
    let log = std::fs::File::create(scratch.path(err)).expect("create the stderr file");
    let mut cmd = sigsend_command(&["--tree", "-s", "WINCH", root]);
    cmd.stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .current_dir(&scratch.0);
    // SAFETY: the closure runs in the child between fork and exec, and
    // calls only setrlimit, which is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            let none = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            // SAFETY: setrlimit reads the struct it is given.
            if libc::setrlimit(libc::RLIMIT_CORE, &none) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    Run(cmd.spawn().expect("start sigsend"))
}

/// `--tree -s WINCH` on a tree of 1001 (harmless: WINCH is ignored by
/// default), interrupted after a random 0 to 60 ms by INT, TERM, HUP, QUIT
/// or KILL sent to sigsend, 20 runs for each (the seed is printed; set
/// `SIGSEND_TEST_SEED` to replay it). After every run no member of the
/// tree is stopped (waiting up to 5 s, for a process that resumes the tree
/// after sigsend was killed) and all 1001 still run. sigsend never hangs:
/// it ends within 10 s, by the signal (deferred while the tree is held,
/// then taking effect) or by exiting 0 (it finished first).
#[test]
fn a_tree_walk_interrupted_by_a_signal_leaves_nothing_stopped() {
    let tree = ShellTree::sleeps(1000);
    let pgid = tree.pid();
    let scratch = Scratch::new("interrupt");
    let (mut rng, seed) = Rng::new();
    eprintln!("interruption delays: seed {seed}");
    let signals = [
        libc::SIGINT,
        libc::SIGTERM,
        libc::SIGHUP,
        libc::SIGQUIT,
        libc::SIGKILL,
    ];
    let mut ended_by_signal = 0;
    for run in 0..100 {
        let sig = signals[run % signals.len()];
        let delay = rng.below(61);
        let what = format!("run {run}: signal {sig} after {delay} ms (seed {seed})");
        let mut walk = start_winch_walk(&tree.arg(), &scratch, "stderr");
        thread::sleep(Duration::from_millis(delay));
        // Our child, not reaped yet: its pid is its own.
        sigsend::os::kill(walk.pid(), sig).expect("signal sigsend");
        let Some(status) = walk.wait_bounded() else {
            panic!("{what}: sigsend hung (killed after {HANG:?})");
        };
        let err = scratch.lines("stderr").join(" | ");
        assert!(
            status.code() == Some(0) || status.signal() == Some(sig),
            "{what}: sigsend ended {status}, stderr {err:?}"
        );
        if status.signal() == Some(sig) {
            ended_by_signal += 1;
        }
        assert_none_stopped(pgid, &[], &what);
        assert_eq!(alive_in_group(pgid), 1001, "{what}: WINCH ends nothing");
    }
    eprintln!("{ended_by_signal} of 100 runs ended by the signal, the others finished first");
}

/// The tree of the stopped-beforehand tests: a shell that stops one of its
/// three sleeps itself (`kill -STOP`), then stopped by this test (SIGSTOP
/// to its own child); the two stopped pids, sorted.
fn tree_with_two_stopped() -> (ShellTree, Vec<i32>) {
    let tree = ShellTree::start(
        &format!(
            "sleep {SLEEP_SECS} & kill -STOP $!; sleep {SLEEP_SECS} & sleep {SLEEP_SECS} & wait"
        ),
        4,
    );
    let pgid = tree.pid();
    poll_until("the shell to stop its sleep", || {
        stopped_in_group(pgid).len() == 1
    });
    stop_child(pgid);
    let mut stopped = stopped_in_group(pgid);
    stopped.sort_unstable();
    assert_eq!(stopped.len(), 2, "{stopped:?}");
    (tree, stopped)
}

/// A member stopped before the walk (the root, stopped by this test, and
/// a sleep its shell stopped) is still stopped after `--tree -s WINCH`;
/// nothing else is. Holding the tree still with SIGSTOP and resuming it
/// with SIGCONT afterwards must not resume what was stopped already.
#[test]
fn members_stopped_beforehand_stay_stopped_after_a_tree_signal() {
    let (tree, stopped) = tree_with_two_stopped();
    let pgid = tree.pid();
    let output = sigsend(&["--tree", "-s", "WINCH", &tree.arg()]);
    assert_eq!(output.status.code(), Some(0), "{}", summary(&output));
    assert_none_stopped(pgid, &stopped, "after WINCH");
    let mut after = stopped_in_group(pgid);
    after.sort_unstable();
    assert_eq!(after, stopped, "the ones stopped before are still stopped");
    assert_eq!(
        child_state(pgid),
        ChildState::Stopped(libc::SIGSTOP),
        "the root is still stopped"
    );
    assert_eq!(alive_in_group(pgid), 4);
}

/// `--tree -s CONT` resumes the members that were stopped beforehand: it
/// is the signal asked for.
#[test]
fn cont_over_a_tree_resumes_members_stopped_beforehand() {
    let (tree, _) = tree_with_two_stopped();
    let pgid = tree.pid();
    let output = sigsend(&["--tree", "-s", "CONT", &tree.arg()]);
    assert_eq!(output.status.code(), Some(0), "{}", summary(&output));
    assert_none_stopped(pgid, &[], "after CONT");
    assert_eq!(alive_in_group(pgid), 4);
}

/// `--tree -s KILL` ends the members that were stopped beforehand too:
/// the root dies of KILL, and the whole group is gone.
#[test]
fn kill_over_a_tree_ends_members_stopped_beforehand() {
    let (tree, _) = tree_with_two_stopped();
    let pgid = tree.pid();
    let output = sigsend(&["--tree", "-s", "KILL", &tree.arg()]);
    assert_eq!(output.status.code(), Some(0), "{}", summary(&output));
    assert_eq!(wait_child_end(pgid), ChildState::Signaled(libc::SIGKILL));
    wait_group_gone(pgid);
}

/// Runs `sh -c 'mount -t tmpfs none /proc && exec "$@"' sh ARGS` in a
/// new mount namespace (`unshare -m`, its mounts private: nothing it
/// mounts is seen outside it): ARGS see an empty `/proc`, the rest of the
/// machine its own. In a process group of its own.
fn with_empty_proc(args: &[&str]) -> Output {
    Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c"])
        .args(["mount -t tmpfs none /proc && exec \"$@\"", "sh"])
        .args(args)
        .stdin(Stdio::null())
        .process_group(0)
        .output()
        .expect("run unshare")
}

/// Whether an empty `/proc` can be had here; `Err` says why not.
fn empty_proc_works() -> Result<(), String> {
    match Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c"])
        .arg("mount -t tmpfs none /proc && ls -A /proc")
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) if out.status.success() && out.stdout.is_empty() => Ok(()),
        Ok(out) => Err(format!(
            "unshare -m with a tmpfs on /proc failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(err) => Err(format!("cannot run unshare: {err}")),
    }
}

/// Whether stderr says that the process list (`/proc`) could not be read.
fn says_list_unreadable(err: &str) -> bool {
    let err = err.to_lowercase();
    [
        "/proc",
        "process list",
        "list processes",
        "list the processes",
    ]
    .iter()
    .any(|words| err.contains(words))
}

/// With `/proc` empty (a tmpfs over it, in a mount namespace of its own),
/// `--tree -s KILL ROOT` cannot see the tree: it must fail (non-zero,
/// saying the process list could not be read) and leave the root and its
/// children running, none stopped, rather than kill the root alone and
/// orphan the rest.
#[test]
fn without_proc_a_tree_kill_fails_and_ends_nothing() {
    if let Err(why) = empty_proc_works() {
        eprintln!("skipped: {why}");
        return;
    }
    let tree = ShellTree::sleeps(2);
    let pgid = tree.pid();
    let output = with_empty_proc(&[SIGSEND, "--tree", "-s", "KILL", &tree.arg()]);
    assert_ne!(output.status.code(), Some(0), "{}", summary(&output));
    assert!(
        says_list_unreadable(stderr(&output)),
        "{}",
        summary(&output)
    );
    assert_eq!(child_state(pgid), ChildState::Running, "the root runs");
    assert_eq!(alive_in_group(pgid), 3, "the root and its two children");
    assert_none_stopped(pgid, &[], "without /proc");
}

/// With `/proc` empty, a selection by name, `--pattern`, `--user` or
/// `--port` must fail saying that the process list could not be read,
/// not that no process matches (which would pass for a fact).
#[test]
fn without_proc_selections_fail_saying_so() {
    if let Err(why) = empty_proc_works() {
        eprintln!("skipped: {why}");
        return;
    }
    for args in [
        &["-p", "sleep"][..],
        &["--pattern", "x", "-0"][..],
        &["--user", "root", "-0"][..],
        &["--port", "22", "-0"][..],
        // -p sends nothing; the tree of pid 1 cannot be listed.
        &["-p", "--tree", "1"][..],
    ] {
        let mut all = vec![SIGSEND];
        all.extend_from_slice(args);
        let output = with_empty_proc(&all);
        assert_ne!(output.status.code(), Some(0), "{args:?}");
        assert!(
            says_list_unreadable(stderr(&output)),
            "{args:?}: {}",
            summary(&output)
        );
    }
}

/// sigsend run by a shell on the shell's own tree
/// (`sh -c 'sleep 30 & sigsend --tree -s HUP $$; echo after'`, in a group
/// this test made): the command returns (within 10 s, else the group is
/// killed and the test fails), nothing is left stopped and the group is
/// gone. A walk that stops every member stops sigsend itself, and waits
/// for ever.
#[test]
fn sigsend_inside_the_tree_it_signals_returns() {
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "sleep 30 & \"$0\" --tree -s HUP $$; echo after",
        SIGSEND,
    ]);
    let shell = ShellTree::spawn(cmd);
    let pgid = shell.pid();
    let deadline = Instant::now() + HANG;
    while matches!(
        child_state(pgid),
        ChildState::Running | ChildState::Stopped(_)
    ) {
        assert!(
            Instant::now() < deadline,
            "the shell did not end within {HANG:?}; stopped in its group: {:?}",
            stopped_in_group(pgid)
        );
        thread::sleep(Duration::from_millis(5));
    }
    assert_none_stopped(pgid, &[], "after the shell ended");
    wait_group_gone(pgid);
}

/// `--tree -s TSTP` (and TTIN, TTOU) leaves every member of the tree
/// stopped, and `waitid` shows the root, this test's child, stopped by
/// exactly that signal. Resuming the tree after signalling it (SIGCONT)
/// would undo the stop, and discard a stop signal still pending.
#[test]
fn stop_signals_over_a_tree_leave_it_stopped_by_that_signal() {
    for (name, sig) in [
        ("TSTP", libc::SIGTSTP),
        ("TTIN", libc::SIGTTIN),
        ("TTOU", libc::SIGTTOU),
    ] {
        let tree = ShellTree::sleeps(3);
        let pgid = tree.pid();
        let output = sigsend(&["--tree", "-s", name, &tree.arg()]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            summary(&output)
        );
        poll_until(&format!("all four stopped by {name}"), || {
            stopped_in_group(pgid).len() == 4
        });
        assert_eq!(child_state(pgid), ChildState::Stopped(sig), "{name}");
    }
}

/// Every call that sends a signal, for strace's `-e trace=`.
const SENDERS: &str = "kill,tkill,tgkill,rt_sigqueueinfo,rt_tgsigqueueinfo,pidfd_send_signal";

/// `--tree -0` only probes: traced with strace, it sends no SIGSTOP and
/// no SIGCONT (only signal 0), and exits 0; the tree is untouched.
#[test]
fn a_tree_probe_sends_no_stop() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("skipped: strace is not installed");
        return;
    }
    let tree = ShellTree::sleeps(3);
    let pgid = tree.pid();
    let scratch = Scratch::new("probe");
    let log = scratch.path("strace.log");
    let output = Command::new("strace")
        .args(["-f", "-qq", "-e", &format!("trace={SENDERS}"), "-o"])
        .arg(&log)
        .arg("--")
        .args([SIGSEND, "--tree", "-0", &tree.arg()])
        .stdin(Stdio::null())
        .process_group(0)
        .output()
        .expect("run strace");
    assert_eq!(output.status.code(), Some(0), "{}", summary(&output));
    let trace = std::fs::read_to_string(&log).expect("read the strace log");
    assert!(!trace.is_empty(), "the probe itself is traced");
    let stops: Vec<&str> = trace
        .lines()
        .filter(|line| line.contains("SIGSTOP") || line.contains("SIGCONT"))
        .collect();
    assert!(stops.is_empty(), "a probe sent {stops:?}");
    assert_none_stopped(pgid, &[], "after the probe");
    assert_eq!(alive_in_group(pgid), 4);
}

/// Perl that appends `usr1` (`usr2`) to the file named by its argument
/// each time its handler of USR1 (USR2) runs, and otherwise sleeps.
const COUNTER: &str = r#"my $f = shift;
sub note { open my $h, ">>", $f or die; print $h "$_[0]\n"; close $h }
$SIG{USR1} = sub { note("usr1") };
$SIG{USR2} = sub { note("usr2") };
sleep 1 while 1;"#;

/// Whether process `pid` catches every signal of `mask`
/// (`SigCgt` in its status).
fn catches(pid: i32, mask: u64) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let caught = status.lines().find_map(|l| l.strip_prefix("SigCgt:"));
    caught.is_some_and(|hex| u64::from_str_radix(hex.trim(), 16).is_ok_and(|m| m & mask == mask))
}

/// A signal's bit in a `/proc/PID/status` mask.
fn bit(sig: i32) -> u64 {
    1 << (sig - 1)
}

/// Trees that overlap: a shell P (ignoring USR1) whose child CHILD is
/// Perl running [`COUNTER`] with its notes in `scratch`; P's pid, CHILD's
/// pid, and a handle on CHILD, once CHILD catches USR1 and USR2.
fn overlapping(scratch: &Scratch) -> (ShellTree, i32, sigsend::Process) {
    let script = "trap '' USR1; perl -e \"$0\" \"$1\" & wait";
    let mut cmd = Command::new("sh");
    cmd.args(["-c", script, COUNTER]).arg(scratch.path("notes"));
    let tree = ShellTree::start_command(cmd, 2);
    let child = tree.children()[0];
    // The child of our unreaped child, alive: the pid is its own.
    let handle = sigsend::Process::open(child.unsigned_abs()).expect("open the child");
    poll_until("perl to catch USR1 and USR2", || {
        catches(child, bit(libc::SIGUSR1) | bit(libc::SIGUSR2))
    });
    (tree, child, handle)
}

/// `-p --tree P CHILD`, CHILD a child of P: each process is listed once,
/// CHILD too, though both operands' trees hold it.
#[test]
fn overlapping_trees_list_a_shared_member_once() {
    let scratch = Scratch::new("overlap-list");
    let (tree, child, _handle) = overlapping(&scratch);
    let parent = tree.pid();
    let output = sigsend(&["-p", "--tree", &tree.arg(), &child.to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", summary(&output));
    assert_eq!(printed_pids(&output), [parent, child], "each listed once");
    assert_none_stopped(parent, &[], "after -p");
}

/// `--tree -s USR1 P CHILD`, CHILD a child of P: CHILD is one process and
/// gets USR1 once, its handler runs once per run, over 5 runs (P ignores
/// USR1, so both live on). Its handler of USR2, sent after each run
/// through a handle on it, marks the end of the run: a USR1 still
/// pending is handled before it (the lower number first). Two USR1 sent
/// close together may merge into one, so a run can hide a double send;
/// five in a row do not.
#[test]
fn overlapping_trees_signal_a_shared_member_once() {
    let scratch = Scratch::new("overlap-signal");
    let (tree, child, handle) = overlapping(&scratch);
    let (p, c) = (tree.arg(), child.to_string());
    let count = |note: &str| scratch.lines("notes").iter().filter(|l| *l == note).count();
    for run in 1..=5 {
        let output = sigsend(&["--tree", "-s", "USR1", &p, &c]);
        assert_eq!(output.status.code(), Some(0), "{}", summary(&output));
        handle.signal(sigsend::Signal::USR2).expect("mark the end");
        poll_until("the end mark", || count("usr2") == run);
        let usr1 = count("usr1");
        assert_eq!(usr1, run, "USR1 handled {usr1} times in {run} runs");
    }
    assert_none_stopped(tree.pid(), &[], "after the runs");
}

/// `-r --tree -s USR1 ROOT`, the root catching USR1 and its child not:
/// the root gets it (its handler runs), the child is not signalled at
/// all: it still runs and has no USR1 pending (USR1 would end it). The
/// child is never reaped by the root, so its pid stays its own.
#[test]
fn require_handler_over_a_tree_skips_members_that_do_not_catch() {
    let scratch = Scratch::new("handler");
    let file = scratch.path("notes");
    let script = r#"my $f = shift;
$SIG{USR1} = sub { open my $h, ">>", $f or die; print $h "usr1\n"; close $h };
my $pid = fork // die;
if ($pid == 0) { exec "sleep", "120" or exit 1 }
sleep 1 while 1;"#;
    let mut cmd = Command::new("perl");
    cmd.args(["-e", script]).arg(&file);
    let tree = ShellTree::start_command(cmd, 2);
    let root = tree.pid();
    let child = tree.children()[0];
    poll_until("the root to catch USR1 and its child to be sleep", || {
        catches(root, bit(libc::SIGUSR1))
            && std::fs::read_to_string(format!("/proc/{child}/comm"))
                .is_ok_and(|comm| comm.trim() == "sleep")
    });
    let output = sigsend(&["-r", "--tree", "-s", "USR1", &tree.arg()]);
    assert_eq!(output.status.code(), Some(0), "{}", summary(&output));
    poll_until("the root's handler", || scratch.lines("notes") == ["usr1"]);
    let state = member(child).expect("the child is unreaped");
    assert!(state.is_alive(), "the child ended: {state:?}");
    let status = std::fs::read_to_string(format!("/proc/{child}/status")).unwrap();
    for field in ["SigPnd:", "ShdPnd:"] {
        let pending = status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
            .expect("a pending mask");
        assert_eq!(pending & bit(libc::SIGUSR1), 0, "USR1 pending ({field})");
    }
    assert_none_stopped(root, &[], "after -r");
}

/// Runs two `--tree -s WINCH ROOT` at once, 20 rounds, over a tree of 501;
/// after each round both exited 0 and the stopped members of the tree are
/// exactly `stopped` (those this test stopped itself).
fn two_walks_at_once(tree: &ShellTree, stopped: &[i32]) {
    let pgid = tree.pid();
    let scratch = Scratch::new(&format!("twice-{pgid}"));
    for round in 0..20 {
        let mut walks = [
            start_winch_walk(&tree.arg(), &scratch, "stderr-0"),
            start_winch_walk(&tree.arg(), &scratch, "stderr-1"),
        ];
        for (walk, err) in walks.iter_mut().zip(["stderr-0", "stderr-1"]) {
            let Some(status) = walk.wait_bounded() else {
                panic!("round {round}: sigsend hung (killed after {HANG:?})");
            };
            let err = scratch.lines(err).join(" | ");
            assert_eq!(status.code(), Some(0), "round {round}: {err}");
        }
        assert_none_stopped(pgid, stopped, &format!("round {round}"));
        for pid in stopped {
            let state = member(*pid).map(|m| m.state);
            assert_eq!(state, Some('T'), "round {round}: pid {pid} resumed");
        }
    }
    assert_eq!(alive_in_group(pgid), 501);
}

/// Two walks over the same tree at once leave nothing stopped: each
/// resumes what it stopped, whatever the other did meanwhile.
#[test]
fn two_tree_walks_at_once_leave_nothing_stopped() {
    let tree = ShellTree::sleeps(500);
    two_walks_at_once(&tree, &[]);
}

/// Two walks at once over a tree whose root this test stopped: the root
/// stays stopped through all 20 rounds (neither walk takes it for one of
/// its own stops, nor the other's stops for stops from before).
#[test]
fn two_tree_walks_at_once_keep_a_member_stopped_beforehand_stopped() {
    let tree = ShellTree::sleeps(500);
    stop_child(tree.pid());
    two_walks_at_once(&tree, &[tree.pid()]);
}

/// From a strace log (`-f`, each line led by the pid): the `openat` calls
/// of the first process (sigsend; strace counts the calls of each process
/// apart) before the first SIGSTOP of any (`None` if none was sent), and
/// whether a SIGSTOP came before the first injected fault.
fn openats_before_stop(trace: &str) -> (Option<usize>, bool) {
    let pid_of = |line: &str| line.split_whitespace().next().map(str::to_owned);
    let main = trace.lines().next().and_then(pid_of);
    let mut openats = 0;
    let mut first_stop = None;
    for line in trace.lines() {
        if line.contains("SIGSTOP") && first_stop.is_none() {
            first_stop = Some(openats);
        }
        if line.contains("openat(") {
            if line.contains("(INJECTED)") {
                return (first_stop, first_stop.is_some());
            }
            if pid_of(line) == main {
                openats += 1;
            }
        }
    }
    (first_stop, false)
}

/// `--tree -s WINCH` with every `openat` failing (EMFILE, injected by
/// strace) from the Kth call on, K just after the root was stopped, then
/// further and further into the walk (9 runs): whenever the fault hits
/// after a SIGSTOP was sent (as the run's trace shows), sigsend exits
/// non-zero with a message; whatever happens, nothing in the tree is left
/// stopped (waiting up to 5 s). Each K comes from a traced run without
/// faults just before: the `openat` calls before its first SIGSTOP.
#[test]
fn a_fault_in_the_middle_of_a_walk_resumes_what_was_stopped() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("skipped: strace is not installed");
        return;
    }
    let tree = ShellTree::sleeps(20);
    let pgid = tree.pid();
    let scratch = Scratch::new("inject");
    let log = scratch.path("strace.log");
    let traced = |inject: Option<usize>| -> (Output, String) {
        let mut cmd = Command::new("strace");
        cmd.args(["-f", "-qq", "-o"])
            .arg(&log)
            .args(["-e", &format!("trace=openat,{SENDERS}")]);
        if let Some(k) = inject {
            cmd.args(["-e", &format!("inject=openat:error=EMFILE:when={k}+")]);
        }
        let output = cmd
            .arg("--")
            .args([SIGSEND, "--tree", "-s", "WINCH", &tree.arg()])
            .stdin(Stdio::null())
            .process_group(0)
            .output()
            .expect("run strace");
        (output, std::fs::read_to_string(&log).unwrap_or_default())
    };
    let mut mid_walk = 0;
    for n in [1, 2, 3, 5, 8, 13, 21, 55, 144] {
        // Counted again each time: other processes come and go, and a
        // walk may read them all before it stops the root.
        let (output, trace) = traced(None);
        assert_eq!(output.status.code(), Some(0), "{}", summary(&output));
        assert_none_stopped(pgid, &[], "a run without faults");
        let k = openats_before_stop(&trace).0.unwrap_or(0) + n;
        let (output, trace) = traced(Some(k));
        let (_, stopped_first) = openats_before_stop(&trace);
        let what = format!("openat failing from call {k} on");
        if stopped_first {
            mid_walk += 1;
            assert_ne!(
                output.status.code(),
                Some(0),
                "{what}: {}",
                summary(&output)
            );
            assert!(!stderr(&output).is_empty(), "{what}: no message");
        }
        assert_none_stopped(pgid, &[], &format!("{what} ({})", summary(&output)));
        assert_eq!(alive_in_group(pgid), 21, "{what}: WINCH ends nothing");
    }
    assert!(mid_walk > 0, "no fault hit after the first SIGSTOP");
}
