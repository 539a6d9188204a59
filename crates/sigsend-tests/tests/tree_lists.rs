//! How a tree walk finds the members on Linux: from the kernel's children
//! lists, so that a walk of a small tree reads no other process's files
//! (its `openat` calls counted with strace), and from the list of every
//! process where the children lists are missing (strace makes opening
//! them fail), where the fork race leaves no survivor either. Each test
//! runs its body again under strace (see `common/rerun.rs`); the trees
//! are in process groups this test created, killed on the way out.

#![cfg(target_os = "linux")]

mod common;

use std::collections::HashSet;

use common::rerun::{is_rerun, run, traced};
use common::trees::{fork_race_leaves_no_survivor, ready_count, GroupGuard};
use common::{try_tool, Helper};
use sigsend::{kill_tree, Process, Signal, TreeOutcome};

/// The file where the rerun writes the pids of the tree it walked.
const MEMBERS: &str = "SIGSEND_TEST_MEMBERS";

/// Why test `name` cannot rerun under strace here, if it cannot.
fn no_strace(name: &str) -> Option<String> {
    if traced() {
        return Some(format!(
            "SKIPPED {name}: traced already, and a nested strace cannot trace"
        ));
    }
    try_tool("strace", &["-V"])
        .err()
        .map(|why| format!("SKIPPED {name}: {why}"))
}

#[test]
fn without_children_lists_a_forking_tree_leaves_no_survivor_20_times() {
    let name = "without_children_lists_a_forking_tree_leaves_no_survivor_20_times";
    if !is_rerun(name) {
        if let Some(skip) = no_strace(name) {
            eprintln!("{skip}");
            return;
        }
        // A kernel without CONFIG_PROC_CHILDREN: the walk's probe of its
        // own thread's list fails as there.
        let wrapper = [
            "strace",
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-P",
            "/proc/thread-self/children",
            "-e",
            "trace=openat",
            "-e",
            "inject=openat:error=ENOENT",
        ]
        .map(String::from);
        run(name, &wrapper, &[]).unwrap_or_else(|why| panic!("{name}: {why}"));
        return;
    }
    let hidden = std::fs::File::open("/proc/thread-self/children").map(|_| ());
    assert_eq!(
        hidden.map_err(|err| err.kind()),
        Err(std::io::ErrorKind::NotFound),
        "the children lists are hidden"
    );
    fork_race_leaves_no_survivor();
}

#[test]
fn a_walk_of_a_small_tree_reads_no_other_processs_files() {
    let name = "a_walk_of_a_small_tree_reads_no_other_processs_files";
    if is_rerun(name) {
        // The tree's root leads no group (it is in the idle helper's):
        // there are no strays to look for among the other processes.
        let leader = Helper::idle();
        let _guard = GroupGuard(leader.pid());
        let helper = Helper::start_in_group(&["tree", "2", "3"], leader.pid());
        assert_eq!(ready_count(&helper), 13);
        let root = Process::from_child(helper.child()).expect("open the root");
        let reports = kill_tree(&root, Signal::KILL).expect("kill the tree");
        assert_eq!(reports.len(), 13, "{reports:?}");
        assert!(reports.iter().all(|r| r.outcome == TreeOutcome::Signaled));
        let pids: Vec<String> = reports.iter().map(|r| r.pid.to_string()).collect();
        let file = std::env::var(MEMBERS).expect("the members' file");
        std::fs::write(file, pids.join(" ")).expect("write the members");
        return;
    }
    if let Some(skip) = no_strace(name) {
        eprintln!("{skip}");
        return;
    }
    if std::fs::File::open("/proc/thread-self/children").is_err() {
        eprintln!("SKIPPED {name}: this kernel keeps no children lists");
        return;
    }
    let dir = std::env::temp_dir();
    let trace = dir.join(format!("sigsend-tree-lists-{}.strace", std::process::id()));
    let members = dir.join(format!("sigsend-tree-lists-{}.pids", std::process::id()));
    let wrapper = [
        "strace",
        "-f",
        "-qq",
        "-o",
        &trace.to_string_lossy(),
        "-e",
        "trace=openat,open",
    ]
    .map(String::from);
    let env = [(MEMBERS, members.to_string_lossy().into_owned())];
    let result = run(name, &wrapper, &env);
    let opened = std::fs::read_to_string(&trace);
    let walked = std::fs::read_to_string(&members);
    let _ = std::fs::remove_file(&trace);
    let _ = std::fs::remove_file(&members);
    result.unwrap_or_else(|why| panic!("{name}: {why}"));
    let opened = opened.expect("strace's output");
    let walked: HashSet<u32> = walked
        .expect("the members")
        .split_whitespace()
        .map(|pid| pid.parse().expect("a pid"))
        .collect();
    assert_eq!(walked.len(), 13);
    // The processes strace followed (the test, its helpers, the walk's
    // guardian) may read their own files; `/proc/self` has no number.
    let traced: HashSet<u32> = opened
        .lines()
        .filter_map(|line| line.split_whitespace().next()?.parse().ok())
        .collect();
    let mut read = HashSet::new();
    for line in opened.lines() {
        assert!(!line.contains("\"/proc\","), "lists every process: {line}");
        for path in line.split("\"/proc/").skip(1) {
            let digits: String = path.chars().take_while(char::is_ascii_digit).collect();
            read.extend(digits.parse::<u32>().ok());
        }
    }
    let others: Vec<&u32> = read
        .iter()
        .filter(|pid| !walked.contains(pid) && !traced.contains(pid))
        .collect();
    assert!(others.is_empty(), "read the files of {others:?}");
    assert!(
        walked.iter().all(|pid| read.contains(pid)),
        "the members' files were read: {read:?}"
    );
}
