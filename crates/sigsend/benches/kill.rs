//! `kill(pid, 0)` on one live child: sigsend against the raw system call and
//! the crates a user would pick instead (nix, rustix).
//!
//! Run with `cargo bench -p sigsend --bench kill`. After criterion's own
//! report, each alternative's mean time is printed as a ratio to the raw
//! `libc::kill` call. The goal for sigsend is a ratio within 1.05.

#[cfg(target_os = "linux")]
mod linux {
    use std::hint::black_box;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command};

    use criterion::Criterion;

    const GROUP: &str = "kill_pid_0";
    /// The raw call runs first and again last: the spread between the two
    /// shows how much the order alone moves the numbers, and their mean is
    /// the baseline.
    const CONTENDERS: [&str; 5] = ["libc_raw", "sigsend", "nix", "rustix", "libc_raw_again"];

    /// The child all contenders probe; killed and reaped on drop.
    struct Target(Child);

    impl Drop for Target {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    fn bench(c: &mut Criterion, pid: i32) {
        let nix_pid = nix::unistd::Pid::from_raw(pid);
        let rustix_pid = rustix::process::Pid::from_raw(pid).expect("a child's pid is positive");

        let mut group = c.benchmark_group(GROUP);
        let raw = |b: &mut criterion::Bencher| {
            // SAFETY: kill(2) takes two integers and touches no memory of ours.
            b.iter(|| assert_eq!(unsafe { libc::kill(black_box(pid), 0) }, 0))
        };
        group.bench_function(CONTENDERS[0], raw);
        group.bench_function(CONTENDERS[1], |b| {
            b.iter(|| sigsend::os::kill(black_box(pid), 0).unwrap())
        });
        group.bench_function(CONTENDERS[2], |b| {
            b.iter(|| nix::sys::signal::kill(black_box(nix_pid), None).unwrap())
        });
        group.bench_function(CONTENDERS[3], |b| {
            b.iter(|| rustix::process::test_kill_process(black_box(rustix_pid)).unwrap())
        });
        group.bench_function(CONTENDERS[4], raw);
        group.finish();
    }

    /// The mean of one benchmark, in nanoseconds, from criterion's estimates.
    fn mean_ns(dir: &Path, name: &str) -> Option<f64> {
        let text = std::fs::read_to_string(dir.join(name).join("new/estimates.json")).ok()?;
        let mean = &text[text.find("\"mean\"")?..];
        let value = &mean[mean.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
        let end = value.find([',', '}'])?;
        value[..end].trim().parse().ok()
    }

    fn print_ratios() {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
        let dir = target.join("criterion").join(GROUP);
        let (Some(first), Some(last)) =
            (mean_ns(&dir, CONTENDERS[0]), mean_ns(&dir, CONTENDERS[4]))
        else {
            eprintln!("no estimates in {} to compare", dir.display());
            return;
        };
        let raw = (first + last) / 2.0;
        println!("\nkill(pid, 0), mean time as a ratio to raw libc::kill ({raw:.1} ns, the mean of its two runs):");
        for name in CONTENDERS {
            if let Some(ns) = mean_ns(&dir, name) {
                println!("  {name:<14} {ns:>8.1} ns  {:.3}x", ns / raw);
            }
        }
    }

    pub fn main() {
        let child = Command::new("sleep")
            .arg("600")
            .spawn()
            .expect("spawn the target child `sleep 600`");
        let target = Target(child);
        let pid = i32::try_from(target.0.id()).expect("pid fits in i32");

        let mut criterion = Criterion::default().configure_from_args();
        bench(&mut criterion, pid);
        criterion.final_summary();
        drop(target);
        print_ratios();
    }
}

#[cfg(target_os = "linux")]
use linux::main;

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("the kill benchmark runs on Linux only");
}
