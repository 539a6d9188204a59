//! `Process::wait_async` (the `tokio` feature): many processes, a child and
//! a grandchild, awaited together on a single-threaded runtime, so no wait
//! can block a thread of its own.

#![cfg(unix)]

mod common;

use std::time::Duration;

use common::{Helper, TIMEOUT};
use sigsend::{Exit, Process, Signal};

#[tokio::test(flavor = "current_thread")]
async fn many_waits_run_together_on_one_thread() {
    let children: Vec<Helper> = (0..10).map(|_| Helper::idle()).collect();
    let processes: Vec<Process> = children
        .iter()
        .map(|child| Process::from_child(child.child()).expect("open"))
        .collect();
    let waits = async {
        let mut exits = Vec::new();
        for process in &processes {
            exits.push(process.wait_async().await.expect("wait"));
        }
        exits
    };
    let signal_later = async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        for process in processes.iter().rev() {
            process.signal(Signal::USR2).expect("signal");
        }
    };
    let (exits, ()) = tokio::time::timeout(TIMEOUT, async { tokio::join!(waits, signal_later) })
        .await
        .expect("the waits ended");
    assert_eq!(exits, vec![Exit::Signaled(Signal::USR2); 10]);
}

#[tokio::test(flavor = "current_thread")]
async fn a_grandchild_exit_is_awaited() {
    let mut parent = Helper::start(&["parent", "idle"]);
    let pid = parent.child_once_ready();
    let grandchild = Process::open(pid).expect("open the grandchild");
    let still = tokio::time::timeout(Duration::from_millis(20), grandchild.wait_async()).await;
    assert!(still.is_err(), "the grandchild ended early: {still:?}");
    parent.close_stdin();
    let exit = tokio::time::timeout(TIMEOUT, grandchild.wait_async())
        .await
        .expect("the grandchild ended")
        .expect("wait");
    assert_eq!(exit, Exit::Unknown);
    assert_eq!(parent.wait().code(), Some(0));
}
