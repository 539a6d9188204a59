//! Whole-process start-up of `sigsend -0 PID` against the system's
//! `kill -0 PID` (procps `/bin/kill` on Debian): wall time from spawn to
//! reaped exit, and peak memory (`ru_maxrss` from `wait4`), printed as
//! ratios sigsend / kill. The goal: no slower and no larger.
//!
//! Run with `cargo bench -p sigsend-cli --bench startup [-- RUNS]` (the
//! release profile builds `sigsend`); default 300 runs of each, alternated
//! run for run, so that drift of the machine hits both alike. The target
//! is a `sleep 300` this benchmark starts and kills at the end. Linux only.
//! `SIGSEND_BENCH_BIN=PATH` measures another build of `sigsend` instead.

#[cfg(target_os = "linux")]
mod linux {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    /// The system's kill.
    const KILL: &str = "/bin/kill";

    /// One run: spawn `program -0 pid`, reap it with `wait4`; its wall time
    /// and peak resident memory in KiB.
    fn run_once(program: &str, pid: &str) -> (Duration, i64) {
        let started = Instant::now();
        #[expect(
            clippy::zombie_processes,
            reason = "reaped by wait4 below, which gives the rusage too"
        )]
        let child = Command::new(program)
            .args(["-0", pid])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("{program}: {err}"));
        let mut status = 0;
        // SAFETY: an all-zero `rusage` is a valid value of that plain C
        // struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let child_pid = child.id() as libc::pid_t;
        // SAFETY: `status` and `usage` are valid for writes; the pid is our
        // unreaped child, which `Child` never waits for (it is dropped
        // without `wait`).
        let reaped = unsafe { libc::wait4(child_pid, &mut status, 0, &mut usage) };
        let took = started.elapsed();
        assert_eq!(
            reaped,
            child_pid,
            "wait4: {}",
            std::io::Error::last_os_error()
        );
        assert!(
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "{program} -0 {pid} failed: status {status}"
        );
        (took, usage.ru_maxrss)
    }

    /// The median of `values`, which is not empty.
    fn median<T: Copy + Ord>(values: &mut [T]) -> T {
        values.sort_unstable();
        values[values.len() / 2]
    }

    /// Runs both commands alternately and prints the medians and ratios.
    pub fn main() {
        let runs: usize = std::env::args()
            .skip(1)
            .find_map(|arg| arg.parse().ok())
            .unwrap_or(300);
        let sigsend_bin = std::env::var("SIGSEND_BENCH_BIN");
        let sigsend = sigsend_bin
            .as_deref()
            .unwrap_or(env!("CARGO_BIN_EXE_sigsend"));
        let mut target = Command::new("sleep")
            .arg("300")
            .spawn()
            .expect("spawn sleep");
        let pid = target.id().to_string();
        let contenders = [("sigsend", sigsend), ("kill", KILL)];
        let mut times = [Vec::new(), Vec::new()];
        let mut rss = [Vec::new(), Vec::new()];
        // One unmeasured run each: the page cache holds both binaries.
        for (_, program) in contenders {
            run_once(program, &pid);
        }
        for _ in 0..runs {
            for (i, (_, program)) in contenders.iter().enumerate() {
                let (took, maxrss) = run_once(program, &pid);
                times[i].push(took);
                rss[i].push(maxrss);
            }
        }
        target.kill().expect("kill sleep");
        target.wait().expect("reap sleep");

        let size = std::fs::metadata(sigsend).map(|m| m.len()).unwrap_or(0);
        println!("start-up of `PROGRAM -0 PID`, {runs} runs each, alternated");
        println!("sigsend binary: {sigsend}, {size} bytes");
        let mut medians = Vec::new();
        for (i, (name, program)) in contenders.iter().enumerate() {
            let time = median(&mut times[i]);
            let mean = times[i].iter().sum::<Duration>() / runs as u32;
            let maxrss = median(&mut rss[i]);
            println!(
                "{name:8} {program}: median {time:?}, mean {mean:?}, max RSS median {maxrss} KiB"
            );
            medians.push((time, maxrss));
        }
        let (sigsend_time, sigsend_rss) = medians[0];
        let (kill_time, kill_rss) = medians[1];
        println!(
            "ratio sigsend/kill: start-up {:.3}x, max RSS {:.3}x",
            sigsend_time.as_secs_f64() / kill_time.as_secs_f64(),
            sigsend_rss as f64 / kill_rss as f64
        );
    }
}

fn main() {
    #[cfg(target_os = "linux")]
    linux::main();
    #[cfg(not(target_os = "linux"))]
    println!("the start-up benchmark runs on Linux only");
}
