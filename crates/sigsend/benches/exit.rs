//! Exit-detection latency: from sending SIGKILL to a child until the wait
//! for it returns. `sigsend::Process::wait` (a pidfd in `poll`, then
//! `waitid(WNOWAIT)` for the status) against blocking `waitpid` (the
//! floor: the kernel wakes the parent directly) and against the usual
//! loop of `kill(pid, 0)` every 10 ms.
//!
//! Run with `cargo bench -p sigsend --bench exit`. After criterion's own
//! report, each contender's mean and median are printed as ratios to
//! blocking `waitpid`; then sigsend and `waitpid` run interleaved, round
//! for round, so that drift of the machine hits both alike, and their
//! medians are compared. The goal for sigsend is a ratio within 1.10.
//! Last, a process that is not our child (a `sleep` started by a shell we
//! start): `Process::open(pid)` and `wait` against raw `pidfd_open` and
//! `poll` on it, interleaved the same way; the goal is within 1.10 too.
//!
//! The polling loop needs a process that disappears when it exits: while
//! it runs, SIGCHLD is ignored, so the kernel reaps children at once (as
//! init reaps a process that is not one's own child).

#[cfg(target_os = "linux")]
mod linux {
    use std::io::{BufRead, BufReader};
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::thread;
    use std::time::{Duration, Instant};

    use criterion::{Criterion, SamplingMode};
    use sigsend::Process;

    const GROUP: &str = "exit_latency";
    /// Blocking waitpid runs first and again last; their mean is the
    /// baseline, their spread shows how much the order alone moves it.
    const CONTENDERS: [&str; 4] = [
        "waitpid_blocking",
        "sigsend_wait",
        "kill0_poll_10ms",
        "waitpid_blocking_again",
    ];

    fn spawn() -> Child {
        Command::new("sleep")
            .arg("600")
            .spawn()
            .expect("spawn `sleep 600`")
    }

    fn kill(pid: i32) {
        // SAFETY: kill(2) takes two integers; `pid` is a process we
        // started (our child, or the sleep of a shell we started), not
        // reaped yet.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    }

    fn pid(child: &Child) -> i32 {
        i32::try_from(child.id()).expect("pid fits in i32")
    }

    /// Runs `iters` rounds of spawn (not timed), then kill and `wait`
    /// (timed).
    fn rounds(iters: u64, mut wait: impl FnMut(&mut Child)) -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let mut child = spawn();
            let pid = pid(&child);
            let started = Instant::now();
            kill(pid);
            wait(&mut child);
            total += started.elapsed();
        }
        total
    }

    fn waitpid(child: &mut Child) {
        let mut status = 0;
        // SAFETY: waitpid writes the status into our int; the child is ours
        // and not yet reaped.
        let ret = unsafe { libc::waitpid(pid(child), &mut status, 0) };
        assert_eq!(ret, pid(child));
    }

    fn bench(c: &mut Criterion) {
        let mut group = c.benchmark_group(GROUP);
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(30)
            .measurement_time(Duration::from_secs(4));
        let blocking = |b: &mut criterion::Bencher| b.iter_custom(|iters| rounds(iters, waitpid));
        group.bench_function(CONTENDERS[0], blocking);
        group.bench_function(CONTENDERS[1], |b| {
            b.iter_custom(|iters| (0..iters).map(|_| sigsend_round()).sum())
        });
        group.bench_function(CONTENDERS[2], |b| {
            // SAFETY: SIG_IGN for SIGCHLD makes the kernel reap children as
            // they exit; restored below, and no other thread waits here.
            let previous = unsafe { libc::signal(libc::SIGCHLD, libc::SIG_IGN) };
            b.iter_custom(|iters| {
                rounds(iters, |child| loop {
                    // SAFETY: as in `kill`; signal 0 sends nothing.
                    if unsafe { libc::kill(pid(child), 0) } != 0 {
                        break;
                    }
                    thread::sleep(Duration::from_millis(10));
                })
            });
            // SAFETY: puts back the disposition saved above.
            unsafe { libc::signal(libc::SIGCHLD, previous) };
        });
        group.bench_function(CONTENDERS[3], blocking);
        group.finish();
    }

    /// The `statistic` ("mean", "median") of one benchmark, in
    /// nanoseconds, from criterion's estimates.
    fn estimate_ns(dir: &Path, name: &str, statistic: &str) -> Option<f64> {
        let text = std::fs::read_to_string(dir.join(name).join("new/estimates.json")).ok()?;
        let key = format!("\"{statistic}\"");
        let stat = &text[text.find(&key)?..];
        let value = &stat[stat.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
        let end = value.find([',', '}'])?;
        value[..end].trim().parse().ok()
    }

    /// One round of sigsend: open (not timed), kill, wait, reap (not timed).
    fn sigsend_round() -> Duration {
        let mut child = spawn();
        let process = Process::from_child(&child).expect("open the child");
        let started = Instant::now();
        kill(pid(&child));
        process.wait().expect("wait");
        let took = started.elapsed();
        child.wait().expect("reap");
        took
    }

    fn median(times: &mut [Duration]) -> Duration {
        times.sort();
        times[times.len() / 2]
    }

    /// sigsend and blocking waitpid, alternating round by round.
    fn interleaved(count: usize) {
        let mut ours = Vec::with_capacity(count);
        let mut theirs = Vec::with_capacity(count);
        for _ in 0..count {
            theirs.push(rounds(1, waitpid));
            ours.push(sigsend_round());
        }
        let (ours, theirs) = (median(&mut ours), median(&mut theirs));
        println!(
            "\ninterleaved, {count} rounds each: median sigsend_wait {:.1} us, waitpid_blocking \
             {:.1} us: {:.3}x",
            ours.as_secs_f64() * 1e6,
            theirs.as_secs_f64() * 1e6,
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
    }

    /// A `sleep 600` that is not our child: the child of a shell we
    /// start, which prints its pid and waits for it (reaping it, then
    /// exiting, once it is killed). The shell, and the sleep's pid.
    fn spawn_grandchild() -> (Child, i32) {
        let mut shell = Command::new("sh")
            .args(["-c", "sleep 600 & echo $!; wait"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn sh");
        let mut line = String::new();
        BufReader::new(shell.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("read the pid of sleep");
        (shell, line.trim().parse().expect("a pid"))
    }

    /// One round of sigsend on a process that is not our child: open (not
    /// timed), kill, wait.
    fn sigsend_non_child_round() -> Duration {
        let (mut shell, pid) = spawn_grandchild();
        let process = Process::open(pid.unsigned_abs()).expect("open the sleep");
        let started = Instant::now();
        kill(pid);
        process.wait().expect("wait");
        let took = started.elapsed();
        shell.wait().expect("reap the shell");
        took
    }

    /// The same round with the raw calls: `pidfd_open` (not timed), kill,
    /// `poll` until the pidfd is readable.
    fn pidfd_non_child_round() -> Duration {
        let (mut shell, pid) = spawn_grandchild();
        // SAFETY: pidfd_open(2) takes two integers.
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
        assert!(fd >= 0, "pidfd_open: {}", std::io::Error::last_os_error());
        let fd = fd as libc::c_int;
        let started = Instant::now();
        kill(pid);
        let mut polled = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: poll writes `revents` of the one pollfd we own.
        let ready = unsafe { libc::poll(&mut polled, 1, -1) };
        let took = started.elapsed();
        assert_eq!(ready, 1, "poll: {}", std::io::Error::last_os_error());
        // SAFETY: `fd` is the pidfd opened above, closed once.
        unsafe { libc::close(fd) };
        shell.wait().expect("reap the shell");
        took
    }

    /// sigsend's `Process::open(pid)?.wait()` and raw `pidfd_open` +
    /// `poll` on a process that is not our child, alternating round by
    /// round.
    fn interleaved_non_child(count: usize) {
        let mut ours = Vec::with_capacity(count);
        let mut theirs = Vec::with_capacity(count);
        for _ in 0..count {
            theirs.push(pidfd_non_child_round());
            ours.push(sigsend_non_child_round());
        }
        let (ours, theirs) = (median(&mut ours), median(&mut theirs));
        println!(
            "\nnot our child, interleaved, {count} rounds each: median sigsend_wait {:.1} us, \
             pidfd_open + poll {:.1} us: {:.3}x",
            ours.as_secs_f64() * 1e6,
            theirs.as_secs_f64() * 1e6,
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
    }

    fn print_ratios() {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
        let dir = target.join("criterion").join(GROUP);
        for statistic in ["mean", "median"] {
            let (Some(first), Some(last)) = (
                estimate_ns(&dir, CONTENDERS[0], statistic),
                estimate_ns(&dir, CONTENDERS[3], statistic),
            ) else {
                eprintln!("no estimates in {} to compare", dir.display());
                return;
            };
            let base = (first + last) / 2.0;
            println!(
                "\nexit detection (SIGKILL sent -> wait returns), {statistic} time as a ratio to \
                 blocking waitpid ({:.1} us, the mean of its two runs):",
                base / 1000.0
            );
            for name in CONTENDERS {
                if let Some(ns) = estimate_ns(&dir, name, statistic) {
                    println!("  {name:<24} {:>10.1} us  {:.3}x", ns / 1000.0, ns / base);
                }
            }
        }
    }

    pub fn main() {
        let mut criterion = Criterion::default().configure_from_args();
        bench(&mut criterion);
        criterion.final_summary();
        print_ratios();
        interleaved(2000);
        interleaved_non_child(1000);
    }
}

#[cfg(target_os = "linux")]
use linux::main;

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("the exit-latency benchmark runs on Linux only");
}
