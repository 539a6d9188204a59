//! Tree-kill time: from the call until every process of a tree of 57
//! idle processes (depth 2, 7 children each; `SIGSEND_BENCH_FANOUT=22`
//! makes it 507) is gone (exited: a zombie or
//! reaped). `sigsend::kill_tree` against the `kill_tree` crate (0.2, one
//! `/proc` walk, then a signal per pid) and against a `pgrep -P` walk
//! (pgrep run once per member, then `kill(2)` on every pid found).
//!
//! Run with `cargo bench -p sigsend --bench tree`. The contenders take
//! turns, round for round, on fresh trees; each round's tree is in a
//! process group of its own, which is killed after the round (also when a
//! contender missed a member). The medians are printed as ratios to
//! sigsend's.
//!
//! The bench runs itself as the tree's members: with `SIGSEND_BENCH_TREE`
//! set to a depth, it starts 7 children one level shallower, says `ready`
//! once they have, and sleeps (60 s at most).

#[cfg(target_os = "linux")]
mod linux {
    use std::io::{BufRead, BufReader, Write};
    use std::os::unix::process::CommandExt;
    use std::process::{Child, Command, Stdio};
    use std::thread;
    use std::time::{Duration, Instant};

    use sigsend::{Process, Signal};

    const ENV: &str = "SIGSEND_BENCH_TREE";
    /// The children of each member above the leaves, from the
    /// environment (inherited by the members), 7 by default.
    const FANOUT_ENV: &str = "SIGSEND_BENCH_FANOUT";
    const DEPTH: u32 = 2;
    const ROUNDS: usize = 15;
    const CONTENDERS: [&str; 3] = ["sigsend::kill_tree", "kill_tree crate", "pgrep -P walk"];

    /// A tree member: starts its children, says `ready`, sleeps.
    fn fanout() -> u32 {
        let fanout = std::env::var(FANOUT_ENV).ok().and_then(|n| n.parse().ok());
        // At most 1 + 30 + 900 processes.
        fanout.unwrap_or(7).min(30)
    }

    /// How many processes a tree has.
    fn size() -> usize {
        (0..=DEPTH).map(|level| fanout().pow(level) as usize).sum()
    }

    pub fn member(depth: u32) {
        let exe = std::env::current_exe().expect("own path");
        let children: Vec<Child> = (0..if depth == 0 { 0 } else { fanout() })
            .map(|_| {
                Command::new(&exe)
                    .env(ENV, (depth - 1).to_string())
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .spawn()
                    .expect("start a member")
            })
            .collect();
        for mut child in children {
            let mut line = String::new();
            let out = child.stdout.take().expect("piped");
            BufReader::new(out).read_line(&mut line).expect("read");
        }
        let mut out = std::io::stdout();
        let _ = writeln!(out, "ready").and_then(|()| out.flush());
        thread::sleep(Duration::from_secs(60));
    }

    /// A new tree in a group of its own: the root, and every member's pid.
    fn tree() -> (Child, Vec<u32>) {
        let mut root = Command::new(std::env::current_exe().expect("own path"))
            .env(ENV, DEPTH.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("start the tree");
        let mut line = String::new();
        let out = root.stdout.take().expect("piped");
        BufReader::new(out).read_line(&mut line).expect("read");
        let mut pids: Vec<u32> = sigsend::descendants(root.id())
            .expect("descendants")
            .iter()
            .map(|p| p.pid())
            .collect();
        pids.push(root.id());
        assert_eq!(pids.len(), size());
        (root, pids)
    }

    /// Whether `pid` has exited (a zombie, or no longer listed).
    fn gone(pid: u32) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Ok(stat) => stat[stat.rfind(')').unwrap_or(0)..]
                .split_whitespace()
                .nth(1)
                .is_some_and(|state| state == "Z" || state == "X"),
            Err(_) => true,
        }
    }

    fn kill(pid: u32) {
        // SAFETY: kill(2) takes two integers; every pid here belongs to a
        // tree this bench started and holds (its root is unreaped).
        unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    }

    fn pgrep_walk(root: u32) {
        let mut all = vec![root];
        let mut next = 0;
        while next < all.len() {
            let out = Command::new("pgrep")
                .args(["-P", &all[next].to_string()])
                .output()
                .expect("run pgrep");
            let text = String::from_utf8_lossy(&out.stdout);
            all.extend(
                text.lines()
                    .filter_map(|line| line.trim().parse::<u32>().ok()),
            );
            next += 1;
        }
        for pid in all {
            kill(pid);
        }
    }

    /// One round of `contender`: the time until the whole tree is gone.
    fn round(contender: usize) -> Duration {
        let (mut root, pids) = tree();
        let handle = Process::from_child(&root).expect("open the root");
        let start = Instant::now();
        match contender {
            0 => drop(sigsend::kill_tree(&handle, Signal::KILL).expect("sigsend")),
            1 => {
                let config = kill_tree::Config {
                    signal: "SIGKILL".to_owned(),
                    include_target: true,
                };
                drop(kill_tree::blocking::kill_tree_with_config(
                    root.id(),
                    &config,
                ));
            }
            _ => pgrep_walk(root.id()),
        }
        let deadline = start + Duration::from_secs(10);
        while !pids.iter().all(|&pid| gone(pid)) && Instant::now() < deadline {
            thread::yield_now();
        }
        let took = start.elapsed();
        let missed = pids.iter().filter(|&&pid| !gone(pid)).count();
        // The group is this bench's own while its root is unreaped.
        let pgid = i32::try_from(root.id()).expect("a pid fits i32");
        let _ = sigsend::os::killpg(pgid, Signal::KILL.as_raw());
        root.wait().expect("reap the root");
        assert_eq!(missed, 0, "{} left {missed} members", CONTENDERS[contender]);
        took
    }

    fn median(mut times: Vec<Duration>) -> Duration {
        times.sort();
        times[times.len() / 2]
    }

    pub fn main() {
        // The pgrep walk, a process per member, is left out of large
        // trees: it takes seconds there, and leaves members its pgreps
        // missed.
        let contenders = if size() > 100 { 2 } else { CONTENDERS.len() };
        let mut times = vec![Vec::new(); contenders];
        for _ in 0..ROUNDS {
            for (contender, list) in times.iter_mut().enumerate() {
                list.push(round(contender));
            }
        }
        let medians: Vec<Duration> = times.into_iter().map(median).collect();
        let size = size();
        println!("tree of {size}, median of {ROUNDS} rounds, until every member is gone:");
        for (name, time) in CONTENDERS.iter().zip(&medians) {
            let ratio = time.as_secs_f64() / medians[0].as_secs_f64();
            println!("  {name:<20} {time:>10.2?}  ratio {ratio:.2}");
        }
    }
}

fn main() {
    #[cfg(target_os = "linux")]
    match std::env::var("SIGSEND_BENCH_TREE")
        .ok()
        .and_then(|d| d.parse().ok())
    {
        Some(depth) => linux::member(depth),
        None => linux::main(),
    }
}
