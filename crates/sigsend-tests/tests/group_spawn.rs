//! `sigsend::Group`: a command started in a process group of its own,
//! whose signal reaches its grandchildren, and which leaves nothing behind
//! when dropped. Trees are the helper's capped `tree` mode. Linux: "gone"
//! is read from `/proc`.

#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::trees::{alive_in_group, all_gone};
use common::{poll_until, HELPER, TIMEOUT};
use sigsend::{Exit, Group, Process, Signal, Stop, StopOutcome};

/// A `tree 1 3` helper (4 processes) as a `Group`, once all are up.
fn group_of_four() -> Group {
    let mut command = Command::new(HELPER);
    command
        .args(["tree", "1", "3"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    let mut group = Group::spawn(&mut command).expect("spawn the group");
    let out = group.child().stdout.take().expect("piped output");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line).expect("read");
    assert_eq!(line.trim(), "ready 4");
    group
}

#[test]
fn a_group_signal_reaches_the_grandchildren() {
    let group = group_of_four();
    let pgid = group.leader().pid() as i32;
    assert_eq!(alive_in_group(pgid).len(), 4);
    group.signal(Signal::TERM).expect("signal the group");
    assert_eq!(
        group.leader().wait().expect("wait"),
        Exit::Signaled(Signal::TERM)
    );
    all_gone(pgid);
}

#[test]
fn stop_ends_the_whole_tree_by_plan() {
    let group = group_of_four();
    let pgid = group.leader().pid() as i32;
    let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    let reports = group.stop(&plan).expect("stop");
    assert_eq!(reports.len(), 4, "{reports:?}");
    assert_eq!(reports[0].pid, group.leader().pid());
    for report in &reports {
        assert!(
            matches!(report.outcome, StopOutcome::Ended { step: 0, .. }),
            "{report:?}"
        );
    }
    all_gone(pgid);
}

#[test]
fn dropping_a_group_leaves_nothing() {
    let group = group_of_four();
    let pgid = group.leader().pid() as i32;
    drop(group);
    all_gone(pgid);
}

#[test]
fn a_reaped_leader_refuses_the_group_signal() {
    let mut group = Group::spawn(Command::new(HELPER).args(["exit", "0"])).expect("spawn");
    assert!(group.child().wait().expect("wait").success());
    // The probe: the refusal does not depend on the signal, and nothing
    // real goes to the group of a reaped leader.
    let err = group.signal(Signal::NULL).unwrap_err();
    assert_eq!(err.kind(), sigsend::ErrorKind::NoSuchProcess);
}

#[test]
fn a_command_that_cannot_start_is_an_error() {
    let err = Group::spawn(&mut Command::new("/nonexistent/sigsend-no-such")).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
}

/// A process this test started, killed through its handle when dropped
/// (also when an assertion fails).
struct Ends(Process);

impl Drop for Ends {
    fn drop(&mut self) {
        let _ = self.0.signal(Signal::KILL);
    }
}

/// Whether `pid` is in a cgroup that `Group::spawn` made.
fn in_own_cgroup(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/cgroup")).is_ok_and(|text| {
        text.lines()
            .filter_map(|line| line.strip_prefix("0::"))
            .any(|path| {
                path.rsplit('/')
                    .next()
                    .is_some_and(|leaf| leaf.starts_with("sigsend-"))
            })
    })
}

/// A group whose leader is a shell running `script`, which starts a
/// sleep and says its pid, and that sleep.
fn group_and_sleep(script: &str) -> (Group, Ends) {
    let mut command = Command::new("sh");
    command
        .args(["-c", script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    let mut group = Group::spawn(&mut command).expect("spawn the group");
    let out = group.child().stdout.take().expect("piped output");
    let mut line = String::new();
    BufReader::new(out).read_line(&mut line).expect("read");
    let pid: u32 = line.trim().parse().expect("the sleep's pid");
    (group, Ends(Process::open(pid).expect("open the sleep")))
}

/// A group whose shell starts a sleep in a session (and process group)
/// of its own, and that sleep, once it leads its session.
fn group_with_a_member_that_left() -> (Group, Ends) {
    let (group, escaped) = group_and_sleep("setsid sleep 30 & echo $!; wait");
    let pid = escaped.0.pid();
    poll_until("the sleep to lead a session of its own", || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // After the name: state, ppid, pgrp, session.
        let rest = &stat[stat.rfind(')')? + 2..];
        (rest.split_whitespace().nth(3) == Some(pid.to_string().as_str())).then_some(())
    });
    (group, escaped)
}

#[test]
fn a_member_that_left_the_group_ends_with_it_by_the_cgroup() {
    let (group, escaped) = group_with_a_member_that_left();
    if !in_own_cgroup(group.leader().pid()) {
        eprintln!(
            "SKIPPED a_member_that_left_the_group_ends_with_it_by_the_cgroup: \
             no cgroup v2 to make one in (not root, or not delegated)"
        );
        return;
    }
    group.signal(Signal::KILL).expect("KILL the group");
    assert!(
        escaped.0.wait_timeout(TIMEOUT).expect("wait").is_some(),
        "the sleep that left the group was ended too"
    );
    assert_eq!(group.leader().wait(), Ok(Exit::Signaled(Signal::KILL)));
}

/// The cgroup2 mounts of this process: root and mount point (paths with
/// no escaped characters only).
fn cgroup2_mounts() -> Vec<(String, PathBuf)> {
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    info.lines()
        .filter_map(|line| {
            let (fields, rest) = line.split_once(" - ")?;
            (rest.split_whitespace().next() == Some("cgroup2")).then_some(())?;
            let mut fields = fields.split_whitespace().skip(3);
            let root = fields.next()?;
            let mount = fields.next()?;
            (!root.contains('\\') && !mount.contains('\\'))
                .then(|| (root.to_owned(), PathBuf::from(mount)))
        })
        .collect()
}

/// The wrapper that runs a test again in a mount namespace of its own
/// where `script` ran first (with the test binary's command line as `$@`).
fn in_mount_namespace(script: &str) -> Vec<String> {
    ["unshare", "-m", "sh", "-c", script, "sh"]
        .map(String::from)
        .to_vec()
}

/// `Ok` where `unshare -m` works here; else why not.
fn mount_namespaces_work() -> Result<(), String> {
    common::try_tool("unshare", &["-m", "true"])
}

/// A directory made for a test below this process's cgroup, with one
/// cgroup `inner` below it; on drop, whatever is in it is killed and it
/// is removed.
struct TestCgroup {
    dir: PathBuf,
}

impl TestCgroup {
    /// `Err` (the reason) where no cgroup can be made here.
    fn create(tag: &str) -> Result<TestCgroup, String> {
        let cgroups =
            std::fs::read_to_string("/proc/self/cgroup").map_err(|err| err.to_string())?;
        let own = cgroups
            .lines()
            .find_map(|line| line.strip_prefix("0::"))
            .ok_or("no cgroup v2")?;
        let mount = cgroup2_mounts()
            .into_iter()
            .find_map(|(root, mount)| (root == "/").then_some(mount))
            .ok_or("no cgroup2 mount of the whole hierarchy")?;
        let dir = mount
            .join(own.trim_start_matches('/'))
            .join(format!("sigsend-{tag}-{}", std::process::id()));
        std::fs::create_dir(&dir)
            .and_then(|()| std::fs::create_dir(dir.join("inner")))
            .map_err(|err| format!("cannot make a cgroup at {}: {err}", dir.display()))?;
        Ok(TestCgroup { dir })
    }

    /// The cgroups a `Group` made in `inner`.
    fn made(&self) -> Vec<String> {
        std::fs::read_dir(self.dir.join("inner"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for TestCgroup {
    fn drop(&mut self) {
        let _ = std::fs::write(self.dir.join("cgroup.kill"), "1");
        let _ = poll_until_or_not(|| {
            std::fs::read_to_string(self.dir.join("cgroup.events"))
                .is_ok_and(|events| events.lines().any(|line| line == "populated 0"))
        });
        for leaf in self.made() {
            let _ = std::fs::remove_dir(self.dir.join("inner").join(leaf));
        }
        let _ = std::fs::remove_dir(self.dir.join("inner"));
        let _ = std::fs::remove_dir(&self.dir);
    }
}

/// An empty directory made for a test, removed however the test ends.
struct EmptyDir(PathBuf);

impl Drop for EmptyDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// Whether `done` holds within [`TIMEOUT`].
fn poll_until_or_not(mut done: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + TIMEOUT;
    while !done() {
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    true
}

#[test]
fn a_group_on_a_bind_mounted_cgroup_subtree_has_its_cgroup() {
    let name = "a_group_on_a_bind_mounted_cgroup_subtree_has_its_cgroup";
    if common::rerun::is_rerun(name) {
        // Here the only cgroup2 mount shows a subtree, and /proc/PID/cgroup
        // the full paths.
        if cgroup2_mounts().iter().all(|(root, _)| root == "/") {
            eprintln!("SKIPPED {name}: no bind-mounted cgroup2 subtree here");
            return;
        }
        let (group, escaped) = group_with_a_member_that_left();
        assert!(in_own_cgroup(group.leader().pid()), "the leader joined");
        group.signal(Signal::KILL).expect("KILL the group");
        assert!(
            escaped.0.wait_timeout(TIMEOUT).expect("wait").is_some(),
            "the sleep that left the group was ended by cgroup.kill"
        );
        return;
    }
    let prepared = mount_namespaces_work().and_then(|()| TestCgroup::create("bind"));
    let cgroup = match prepared {
        Ok(cgroup) => cgroup,
        Err(why) => {
            eprintln!("SKIPPED {name}: {why}");
            return;
        }
    };
    let bind = EmptyDir(std::env::temp_dir().join(format!("sigsend-bind-{}", std::process::id())));
    std::fs::create_dir_all(&bind.0).expect("a mount point");
    // The child joins `inner`, sees the subtree bind-mounted, and no other
    // cgroup2 mount.
    let script = "echo $$ > \"$SIGSEND_CG_DIR/inner/cgroup.procs\" \
                  && mount --bind \"$SIGSEND_CG_DIR\" \"$SIGSEND_CG_BIND\" \
                  && printf '%s\\n' \"$SIGSEND_CG_MOUNTS\" | while IFS= read -r m; do \
                       [ -z \"$m\" ] || umount -l \"$m\" || exit 1; done \
                  && exec \"$@\"";
    let mounts: Vec<String> = cgroup2_mounts()
        .into_iter()
        .map(|(_, mount)| mount.display().to_string())
        .collect();
    let env = [
        ("SIGSEND_CG_DIR", cgroup.dir.display().to_string()),
        ("SIGSEND_CG_BIND", bind.0.display().to_string()),
        ("SIGSEND_CG_MOUNTS", mounts.join("\n")),
    ];
    common::rerun::run(name, &in_mount_namespace(script), &env).expect("run in a mount namespace");
    // The group's cgroup was removed, not left behind.
    assert!(
        poll_until_or_not(|| cgroup.made().is_empty()),
        "left behind: {:?}",
        cgroup.made()
    );
}

/// A group whose leader (a shell) exits at once, leaving a sleep in the
/// group, and that sleep; the leader is reaped.
fn group_with_a_reaped_leader() -> (Group, Ends) {
    let (mut group, member) = group_and_sleep("sleep 30 & echo $!");
    assert!(group.child().wait().expect("reap the leader").success());
    (group, member)
}

/// The reaped-leader checks: the group signal, `stop` and dropping the
/// group all reach the member left in the group.
fn a_reaped_leader_leaves_the_group_reachable() {
    let (group, member) = group_with_a_reaped_leader();
    group.signal(Signal::NULL).expect("the member is left");
    group.signal(Signal::STOP).expect("STOP the member");
    poll_until("the member to stop", || {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", member.0.pid())).ok()?;
        // `t` under a tracer (the CI's strace step): a group stop too.
        (stat[stat.rfind(')')? + 2..].starts_with(['T', 't'])).then_some(())
    });
    group.signal(Signal::CONT).expect("CONT the member");
    drop(group);
    assert!(
        member.0.wait_timeout(TIMEOUT).expect("wait").is_some(),
        "dropping the group ended the member"
    );

    let (group, member) = group_with_a_reaped_leader();
    let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    group.stop(&plan).expect("stop");
    assert!(
        member.0.wait_timeout(TIMEOUT).expect("wait").is_some(),
        "stop ended the member"
    );
}

#[test]
fn a_reaped_leader_leaves_its_members_reachable() {
    a_reaped_leader_leaves_the_group_reachable();
}

#[test]
fn a_reaped_leader_leaves_its_members_reachable_without_a_cgroup() {
    let name = "a_reaped_leader_leaves_its_members_reachable_without_a_cgroup";
    if common::rerun::is_rerun(name) {
        if !cgroup2_mounts().is_empty() {
            eprintln!("SKIPPED {name}: a cgroup2 mount is left");
            return;
        }
        a_reaped_leader_leaves_the_group_reachable();
        return;
    }
    if let Err(why) = mount_namespaces_work() {
        eprintln!("SKIPPED {name}: {why}");
        return;
    }
    // No cgroup2 mount in the child's namespace: the group is its process
    // group alone.
    let script = "printf '%s\\n' \"$SIGSEND_CG_MOUNTS\" | while IFS= read -r m; do \
                    [ -z \"$m\" ] || umount -l \"$m\" || exit 1; done \
                  && exec \"$@\"";
    let mounts: Vec<String> = cgroup2_mounts()
        .into_iter()
        .map(|(_, mount)| mount.display().to_string())
        .collect();
    let env = [("SIGSEND_CG_MOUNTS", mounts.join("\n"))];
    common::rerun::run(name, &in_mount_namespace(script), &env).expect("run");
}

#[test]
fn a_command_spawned_as_a_group_spawns_plainly_afterwards() {
    let mut command = Command::new("sleep");
    command.arg("30").stdin(Stdio::null());
    let groups: Vec<Group> = (0..3)
        .map(|_| Group::spawn(&mut command).expect("spawn a group"))
        .collect();
    for group in &groups {
        let pid = group.leader().pid() as i32;
        // SAFETY: getpgid(2) takes an integer.
        assert_eq!(unsafe { libc::getpgid(pid) }, pid, "leads a group");
    }
    let mut plain = command.spawn().expect("a plain spawn");
    let plain_pid = plain.id();
    let ends = Ends(Process::from_child(&plain).expect("open"));
    // SAFETY: getpgid(2) and getpgrp(2) take integers or nothing.
    let (pgid, own) = unsafe { (libc::getpgid(plain_pid as i32), libc::getpgrp()) };
    assert_eq!(pgid, own, "the plain child is in this process's group");
    assert!(!in_own_cgroup(plain_pid), "nor in a group's cgroup");
    drop(groups);
    assert_eq!(
        plain.try_wait().expect("try_wait"),
        None,
        "it outlives the groups"
    );
    drop(ends);
    let _ = plain.wait();
}
