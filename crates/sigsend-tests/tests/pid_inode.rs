//! `PID:INODE` targets: `Process::inode` and `Process::open_with_inode`
//! (pidfs, Linux 6.9+).

#![cfg(target_os = "linux")]

mod common;

use std::io::{self, Write};

use common::{Helper, SI_USER};
use sigsend::{ErrorKind, Process, Signal};

/// The helper's pidfs inode, or `None` after saying why there is none.
fn inode_of(helper: &Helper, test: &str) -> Option<u64> {
    let process = Process::from_child(helper.child()).expect("open the helper");
    match process.inode() {
        Ok(inode) => Some(inode),
        Err(err) if err.kind() == ErrorKind::Unsupported => {
            let _ = writeln!(io::stderr(), "SKIPPED {test}: {err}");
            None
        }
        Err(err) => panic!("inode of the helper: {err}"),
    }
}

#[test]
fn the_right_inode_reaches_the_process() {
    let helper = Helper::ready(&["catch", "USR1"]);
    let Some(inode) = inode_of(&helper, "the_right_inode_reaches_the_process") else {
        return;
    };
    let process = Process::open_with_inode(helper.pid() as u32, inode).expect("same process");
    assert_eq!(process.inode().expect("inode"), inode);
    process.signal(Signal::USR1).expect("send USR1");
    let caught = helper.caught();
    assert_eq!((caught.signo, caught.code), (libc::SIGUSR1, SI_USER));
}

#[test]
fn a_wrong_inode_is_no_such_process_and_sends_nothing() {
    let helper = Helper::idle();
    let Some(inode) = inode_of(
        &helper,
        "a_wrong_inode_is_no_such_process_and_sends_nothing",
    ) else {
        return;
    };
    let err = Process::open_with_inode(helper.pid() as u32, inode + 1).expect_err("another inode");
    assert_eq!(err.kind(), ErrorKind::NoSuchProcess, "{err}");
    assert!(err.to_string().contains("another process"), "{err}");
    common::assert_unharmed(helper);
}

#[test]
fn two_processes_have_two_inodes() {
    let (first, second) = (Helper::idle(), Helper::idle());
    let test = "two_processes_have_two_inodes";
    let (Some(a), Some(b)) = (inode_of(&first, test), inode_of(&second, test)) else {
        return;
    };
    assert_ne!(a, b);
}
