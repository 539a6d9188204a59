//! Listing processes: `sigsend::processes` and `processes_named` against
//! helpers this test started (and, for the name rule, copies of the helper
//! under names no other process has).

#![cfg(unix)]

mod common;

use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::Instant;

use common::renamed::{unique_name, Renamed};
use common::{unprivileged, Helper, HELPER};
use sigsend::{processes, processes_named, ProcessInfo, UserId};

/// The entry of `pid`, if listed.
fn find(pid: i32) -> Option<ProcessInfo> {
    processes()
        .expect("list the processes")
        .into_iter()
        .find(|info| info.pid() == pid as u32)
}

/// An idle helper run from `program`, once it is ready.
fn idle_from(mut command: Command) -> Helper {
    command.arg("idle");
    let helper = Helper::spawn(command);
    helper.expect_line("ready");
    helper
}

#[test]
fn a_started_helper_is_listed_with_its_details() {
    let me = find(common::own_pid()).expect("this test process is listed");
    let helper = Helper::idle();
    let info = find(helper.pid()).expect("the helper is listed");
    assert_eq!(info.ppid(), std::process::id(), "its parent is this test");
    assert_eq!(info.name(), "sigsend-helper");
    assert_eq!(
        info.cmdline(),
        Some(&[HELPER.to_owned(), "idle".to_owned()][..])
    );
    // SAFETY: geteuid has no preconditions and cannot fail.
    let euid = unsafe { libc::geteuid() };
    assert_eq!(info.user(), Some(&UserId::Uid(euid)));
    assert!(info.is_own());
    let (mine, its) = (me.start_time().unwrap(), info.start_time().unwrap());
    assert!(
        its >= mine,
        "the helper started after this test: {its:?} < {mine:?}"
    );
}

#[test]
fn a_reaped_helper_is_not_listed() {
    let mut helper = Helper::idle();
    let pid = helper.pid();
    let start = find(pid).expect("listed while it runs").start_time();
    helper.close_stdin();
    assert_eq!(helper.wait().code(), Some(0));
    // The pid may have been given to a new process since: that one has
    // another start time.
    let again = find(pid);
    assert!(
        again.as_ref().is_none_or(|info| info.start_time() != start),
        "the reaped helper is still listed: {again:?}"
    );
}

#[test]
fn names_match_exactly_the_helpers_started_under_that_name() {
    let name = unique_name("n");
    let copy = Renamed::new(&name);
    let helpers: Vec<Helper> = (0..2)
        .map(|_| {
            let mut command = Command::new(copy.path());
            command.process_group(0);
            idle_from(command)
        })
        .collect();
    let _other = Helper::idle();
    let mut found: Vec<u32> = processes_named(&name, false)
        .expect("match the name")
        .iter()
        .map(ProcessInfo::pid)
        .collect();
    found.sort_unstable();
    let mut expected: Vec<u32> = helpers.iter().map(|h| h.pid() as u32).collect();
    expected.sort_unstable();
    assert_eq!(found, expected);

    // Exact: no prefix, no suffix, no other case.
    for near in [
        &name[..name.len() - 1],
        &format!("{name}x"),
        &name.to_uppercase(),
    ] {
        let near_found = processes_named(near, true).expect("match the name");
        assert!(
            near_found
                .iter()
                .all(|info| !expected.contains(&info.pid())),
            "{near:?} matched a helper named {name:?}"
        );
    }
}

/// A name that is not UTF-8 (Linux's `comm` takes any bytes) is listed
/// as it is, and matches only itself: not another that shows alike.
#[cfg(target_os = "linux")]
#[test]
fn a_name_that_is_not_utf8_is_matched_byte_for_byte() {
    use std::ffi::OsString;
    use std::os::unix::ffi::{OsStrExt, OsStringExt};

    let base = unique_name("b");
    let named = |tail: &[u8]| OsString::from_vec([base.as_bytes(), tail].concat());
    let (exact, alike) = (named(b"\xfe"), named(b"\xff"));
    let copies = [Renamed::new(&exact), Renamed::new(&alike)];
    let helpers: Vec<Helper> = copies
        .iter()
        .map(|copy| {
            // The name comes from the path; the helper reads its argv[0]
            // as UTF-8.
            let mut command = Command::new(copy.path());
            command.arg0("sigsend-helper");
            idle_from(command)
        })
        .collect();
    let info = find(helpers[0].pid()).expect("listed");
    assert_eq!(info.name_os(), exact.as_os_str());
    assert_eq!(info.name(), format!("{base}\u{fffd}"));
    let pids = |name: &OsString| -> Vec<i32> {
        processes_named(name, true)
            .expect("match the name")
            .iter()
            .map(|info| info.pid() as i32)
            .collect()
    };
    assert_eq!(pids(&exact), [helpers[0].pid()]);
    assert_eq!(pids(&alike), [helpers[1].pid()]);
    // What both show as matches neither.
    assert_eq!(pids(&OsString::from(info.name())), Vec::<i32>::new());
    assert_eq!(exact.as_bytes().len(), base.len() + 1);
}

#[test]
fn the_caller_never_matches_its_own_name() {
    let me = find(common::own_pid()).expect("listed");
    let found = processes_named(me.name(), true).expect("match the name");
    assert!(found.iter().all(|info| info.pid() != std::process::id()));
}

#[test]
fn another_users_process_is_not_own_and_matches_only_with_all_users() {
    if unprivileged::helper().is_none() {
        return; // it said why
    }
    let name = unique_name("u");
    let copy = Renamed::new(&name);
    let helper = idle_from(unprivileged::command(copy.path()));
    let info = find(helper.pid()).expect("the other user's helper is listed");
    assert_eq!(info.user(), Some(&UserId::Uid(65534)));
    assert!(!info.is_own());
    assert!(processes_named(&name, false).expect("match").is_empty());
    let all = processes_named(&name, true).expect("match");
    assert_eq!(
        all.iter().map(ProcessInfo::pid).collect::<Vec<_>>(),
        [helper.pid() as u32]
    );
}

#[test]
fn listing_every_process_is_quick() {
    let started = Instant::now();
    let list = processes().expect("list the processes");
    let took = started.elapsed();
    eprintln!("listed {} processes in {took:?}", list.len());
    assert!(list.len() > 1);
}
