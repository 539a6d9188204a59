//! Process discovery by name: `sigsend -p NAME` among about a thousand
//! processes against util-linux `kill -p NAME` and procps `pgrep -x NAME`
//! (each prints the pids it finds and sends nothing), whole process from
//! spawn to exit, alternated run for run, printed as ratios of medians.
//! Two cases: one process of that name, and all the thousand.
//!
//! Run with `cargo bench -p sigsend-cli --bench discovery [-- RUNS]`
//! (default 60 runs of each command in each case). util-linux's `kill` is
//! not packaged on Debian: build it (meson, `-Dauto_features=disabled
//! -Dbuild-kill=enabled`) and give its path in
//! `SIGSEND_BENCH_UTIL_LINUX_KILL`; without it, or without `pgrep`, that
//! row says it was skipped and why. `SIGSEND_BENCH_BIN=PATH` measures
//! another build of `sigsend` instead. Linux only.
//!
//! The processes are copies of `sleep` under a name of their own, started
//! here in a process group of their own (at most `SLEEPERS` and one more),
//! killed by that group and reaped at the end, also when the benchmark
//! fails. Nothing else is signalled.

#[cfg(target_os = "linux")]
mod linux {
    use std::os::unix::process::CommandExt;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    /// How many processes share the name of the "all match" case.
    const SLEEPERS: usize = 1000;
    /// The name of the thousand, and of the one.
    const MANY: &str = "sgsdisc";
    const ONE: &str = "sgsdisc1";

    /// The sleepers, in one process group (the first one's), killed by it
    /// and reaped when dropped.
    struct Sleepers {
        children: Vec<Child>,
        dir: PathBuf,
    }

    impl Sleepers {
        /// `many` copies of `sleep` named [`MANY`] and one named [`ONE`].
        fn start(many: usize) -> Sleepers {
            let dir =
                std::env::temp_dir().join(format!("sigsend-discovery-{}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("a temporary directory");
            let sleep = which("sleep").expect("sleep on PATH");
            for name in [MANY, ONE] {
                std::fs::copy(&sleep, dir.join(name)).expect("copy sleep");
            }
            let mut sleepers = Sleepers {
                children: Vec::with_capacity(many + 1),
                dir,
            };
            let mut group = 0;
            for i in 0..=many {
                let name = if i == many { ONE } else { MANY };
                let child = Command::new(sleepers.dir.join(name))
                    .arg("600")
                    .process_group(group)
                    .stdin(Stdio::null())
                    .spawn()
                    .expect("start a sleeper");
                if group == 0 {
                    group = child.id() as i32;
                }
                sleepers.children.push(child);
            }
            sleepers
        }
    }

    impl Drop for Sleepers {
        fn drop(&mut self) {
            if let Some(leader) = self.children.first() {
                // SAFETY: killpg(2) takes two integers; the group is the
                // one these children were started in, and its leader is
                // not reaped yet, so the id names that group.
                unsafe { libc::killpg(leader.id() as libc::pid_t, libc::SIGKILL) };
            }
            for child in &mut self.children {
                let _ = child.wait();
            }
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    /// `program` found on `PATH`.
    fn which(program: &str) -> Option<PathBuf> {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join(program))
            .find(|candidate| candidate.is_file())
    }

    /// One run of `program args... name`: its wall time, and how many pids
    /// it printed.
    fn run_once(program: &Path, args: &[&str], name: &str) -> (Duration, usize) {
        let started = Instant::now();
        let output = Command::new(program)
            .args(args)
            .arg(name)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .unwrap_or_else(|err| panic!("{}: {err}", program.display()));
        let took = started.elapsed();
        let lines = output
            .stdout
            .split(|&b| b == b'\n')
            .filter(|line| !line.is_empty());
        (took, lines.count())
    }

    /// The median of `values`, which is not empty.
    fn median(values: &mut [Duration]) -> Duration {
        values.sort_unstable();
        values[values.len() / 2]
    }

    /// A command compared, or why it was left out.
    struct Contender {
        name: &'static str,
        program: Result<PathBuf, String>,
        args: &'static [&'static str],
    }

    /// The commands: sigsend first (the others are its references).
    fn contenders() -> Vec<Contender> {
        let sigsend = std::env::var_os("SIGSEND_BENCH_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_sigsend")));
        let util_linux = match std::env::var_os("SIGSEND_BENCH_UTIL_LINUX_KILL") {
            None => Err("SIGSEND_BENCH_UTIL_LINUX_KILL is not set".to_owned()),
            Some(path) if !Path::new(&path).is_file() => Err(format!(
                "SIGSEND_BENCH_UTIL_LINUX_KILL={} does not exist",
                Path::new(&path).display()
            )),
            Some(path) => Ok(PathBuf::from(path)),
        };
        let pgrep = which("pgrep").ok_or_else(|| "no pgrep on PATH".to_owned());
        vec![
            Contender {
                name: "sigsend -p",
                program: Ok(sigsend),
                args: &["-p"],
            },
            Contender {
                name: "util-linux kill -p",
                program: util_linux,
                args: &["-p"],
            },
            Contender {
                name: "pgrep -x",
                program: pgrep,
                args: &["-x"],
            },
        ]
    }

    /// Runs every contender that can run `runs` times on `name`, which
    /// `expected` processes have, alternated; prints the medians and the
    /// ratios of sigsend's to the others'.
    fn case(contenders: &[Contender], name: &str, expected: usize, runs: usize) {
        let running: Vec<(&Contender, &Path)> = contenders
            .iter()
            .filter_map(|c| c.program.as_deref().ok().map(|program| (c, program)))
            .collect();
        let mut times = vec![Vec::with_capacity(runs); running.len()];
        // One unmeasured run each: the page cache holds every binary.
        for (contender, program) in &running {
            let (_, found) = run_once(program, contender.args, name);
            assert_eq!(found, expected, "{} {name}: pids found", contender.name);
        }
        for _ in 0..runs {
            for (i, (contender, program)) in running.iter().enumerate() {
                let (took, found) = run_once(program, contender.args, name);
                assert_eq!(found, expected, "{} {name}: pids found", contender.name);
                times[i].push(took);
            }
        }
        println!("{name}: {expected} process(es) of that name, {runs} runs each, alternated");
        let medians: Vec<Duration> = times.iter_mut().map(|t| median(t)).collect();
        for ((contender, program), time) in running.iter().zip(&medians) {
            println!(
                "  {:20} median {time:?} ({})",
                contender.name,
                program.display()
            );
        }
        for contender in contenders {
            if let Err(why) = &contender.program {
                println!("  {:20} skipped: {why}", contender.name);
            }
        }
        for ((contender, _), time) in running.iter().zip(&medians).skip(1) {
            println!(
                "  ratio sigsend / {}: {:.3}x",
                contender.name,
                medians[0].as_secs_f64() / time.as_secs_f64()
            );
        }
    }

    pub fn main() {
        let runs: usize = std::env::args()
            .skip(1)
            .find_map(|arg| arg.parse().ok())
            .unwrap_or(60);
        let contenders = contenders();
        let sleepers = Sleepers::start(SLEEPERS);
        let processes = std::fs::read_dir("/proc")
            .map(|dir| {
                dir.filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok())
                })
                .count()
            })
            .unwrap_or(0);
        println!("`COMMAND NAME` among {processes} processes (whole process, spawn to exit)");
        case(&contenders, ONE, 1, runs);
        case(&contenders, MANY, SLEEPERS, runs);
        drop(sleepers);
    }
}

fn main() {
    #[cfg(target_os = "linux")]
    linux::main();
    #[cfg(not(target_os = "linux"))]
    println!("the discovery benchmark runs on Linux only");
}
