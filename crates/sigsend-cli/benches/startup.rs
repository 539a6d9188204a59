//! Whole-process start-up of `sigsend -0 PID` against the system's
//! `kill -0 PID` (procps `/bin/kill` on Debian) and, when given, util-linux
//! `kill -0 PID`: wall time from spawn to reaped exit, and peak memory,
//! printed as ratios sigsend / each reference. The goal: no slower and no
//! larger.
//!
//! Run with `cargo bench -p sigsend-cli --bench startup [-- RUNS]` (the
//! release profile builds `sigsend`); default 300 runs of each, alternated
//! run for run, so that drift of the machine hits all alike. The target
//! is a `sleep 300` this benchmark starts and kills at the end. Linux only.
//! `SIGSEND_BENCH_BIN=PATH` measures another build of `sigsend` instead;
//! `SIGSEND_BENCH_UTIL_LINUX_KILL=PATH` adds util-linux `kill` (not
//! packaged on Debian 12: built from its source with meson).
//!
//! Peak memory is read in a pass of its own, through `/usr/bin/time -f %M`
//! (skipped, with the reason, without it): a program this benchmark starts
//! itself is spawned with `vfork`, and `ru_maxrss` then counts the
//! benchmark's own pages, which it has until `exec`.

#[cfg(target_os = "linux")]
mod linux {
    use std::path::Path;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    /// The system's kill.
    const KILL: &str = "/bin/kill";
    /// GNU time, which reads a child's peak memory after a `fork`.
    const TIME: &str = "/usr/bin/time";
    /// Runs of each program in the memory pass.
    const RSS_RUNS: usize = 21;

    /// One run: spawn `program -0 pid` and reap it; its wall time.
    fn run_once(program: &str, pid: &str) -> Duration {
        let started = Instant::now();
        let status = Command::new(program)
            .args(["-0", pid])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap_or_else(|err| panic!("{program}: {err}"));
        let took = started.elapsed();
        assert!(status.success(), "{program} -0 {pid} failed: {status}");
        took
    }

    /// The peak resident memory of one run of `program -0 pid`, in KiB, as
    /// GNU time reads it.
    fn peak_kib(program: &str, pid: &str) -> u64 {
        let out = Command::new(TIME)
            .args(["-f", "%M", program, "-0", pid])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .output()
            .unwrap_or_else(|err| panic!("{TIME}: {err}"));
        assert!(out.status.success(), "{TIME} {program}: {}", out.status);
        let text = String::from_utf8_lossy(&out.stderr);
        text.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{TIME} printed {text:?}"))
    }

    /// The median of `values`, which is not empty.
    fn median<T: Copy + Ord>(values: &mut [T]) -> T {
        values.sort_unstable();
        values[values.len() / 2]
    }

    /// Runs the commands alternately and prints the medians and ratios.
    pub fn main() {
        let runs: usize = std::env::args()
            .skip(1)
            .find_map(|arg| arg.parse().ok())
            .unwrap_or(300);
        let sigsend_bin = std::env::var("SIGSEND_BENCH_BIN");
        let sigsend = sigsend_bin
            .as_deref()
            .unwrap_or(env!("CARGO_BIN_EXE_sigsend"));
        let mut contenders = vec![("sigsend", sigsend.to_owned()), ("procps", KILL.to_owned())];
        match std::env::var("SIGSEND_BENCH_UTIL_LINUX_KILL") {
            Ok(path) if Path::new(&path).is_file() => contenders.push(("util-linux", path)),
            Ok(path) => println!("util-linux kill skipped: {path} is not a file"),
            Err(_) => println!(
                "util-linux kill skipped: SIGSEND_BENCH_UTIL_LINUX_KILL is not set \
                 (build it with meson: -Dauto_features=disabled -Dbuild-kill=enabled)"
            ),
        }
        let mut target = Command::new("sleep")
            .arg("300")
            .spawn()
            .expect("spawn sleep");
        let pid = target.id().to_string();
        let mut times = vec![Vec::new(); contenders.len()];
        // One unmeasured run each: the page cache holds every binary.
        for (_, program) in &contenders {
            run_once(program, &pid);
        }
        for _ in 0..runs {
            for (i, (_, program)) in contenders.iter().enumerate() {
                times[i].push(run_once(program, &pid));
            }
        }
        let mut peaks = vec![Vec::new(); contenders.len()];
        let measure_rss = Path::new(TIME).is_file();
        if measure_rss {
            for _ in 0..RSS_RUNS {
                for (i, (_, program)) in contenders.iter().enumerate() {
                    peaks[i].push(peak_kib(program, &pid));
                }
            }
        }
        target.kill().expect("kill sleep");
        target.wait().expect("reap sleep");

        let size = std::fs::metadata(sigsend).map(|m| m.len()).unwrap_or(0);
        println!("start-up of `PROGRAM -0 PID`, {runs} runs each, alternated");
        println!("sigsend binary: {sigsend}, {size} bytes");
        if !measure_rss {
            println!("peak memory skipped: {TIME} (GNU time) is missing");
        }
        let mut medians = Vec::new();
        for (i, (name, program)) in contenders.iter().enumerate() {
            let time = median(&mut times[i]);
            let mean = times[i].iter().sum::<Duration>() / runs as u32;
            let peak = measure_rss.then(|| median(&mut peaks[i]));
            let shown = peak.map_or_else(String::new, |kib| {
                format!(", max RSS median {kib} KiB ({RSS_RUNS} runs)")
            });
            println!("{name:10} {program}: median {time:?}, mean {mean:?}{shown}");
            medians.push((time, peak));
        }
        let (sigsend_time, sigsend_peak) = medians[0];
        for ((name, _), (time, peak)) in contenders.iter().zip(&medians).skip(1) {
            let rss = match (sigsend_peak, peak) {
                (Some(ours), Some(theirs)) => {
                    format!(", max RSS {:.3}x", ours as f64 / *theirs as f64)
                }
                _ => String::new(),
            };
            println!(
                "ratio sigsend/{name}: start-up {:.3}x{rss}",
                sigsend_time.as_secs_f64() / time.as_secs_f64(),
            );
        }
    }
}

fn main() {
    #[cfg(target_os = "linux")]
    linux::main();
    #[cfg(not(target_os = "linux"))]
    println!("the start-up benchmark runs on Linux only");
}
