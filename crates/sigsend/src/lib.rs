//! Send signals to processes, correctly.
//!
//! sigsend starts from Python's `os.kill(pid, sig)` and gives Rust that
//! function exactly, in [`os`], on POSIX and on Windows, with its neighbours
//! (`killpg`, `pthread_kill`, `sigqueue`, the Linux pidfd calls, and on
//! Windows the kill of a process handle), and adds the types that make
//! signalling safe to get right: [`Signal`], a signal number that is valid
//! on this OS, parsed from every form `kill` accepts; [`Target`], which says
//! a process or a group without magic numbers; [`pid_exists`], an existence
//! probe that is never Ctrl+C on Windows; and [`Error`], whose [`ErrorKind`]
//! a caller can match on.
//!
//! ```
//! # #[cfg(unix)] {
//! use std::os::unix::process::ExitStatusExt;
//! use std::process::Command;
//! use sigsend::{os, ErrorKind, Signal};
//!
//! let mut child = Command::new("sleep").arg("10").spawn()?;
//! let pid = child.id() as i32;
//!
//! let sig: Signal = "SIGTERM".parse()?;
//! os::kill(pid, sig.as_raw())?;
//! let status = child.wait()?;
//! assert_eq!(status.signal(), Some(Signal::TERM.as_raw()));
//!
//! // Reaped: the pid names no process any more.
//! assert_eq!(os::kill(pid, 0).unwrap_err().kind(), ErrorKind::NoSuchProcess);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Process handles, waiting and stopping
//!
//! A pid is a name the kernel reuses, so `kill(pid, sig)` can hit a
//! stranger that got the pid after the intended process died. A
//! [`Process`] is bound to the process itself (a pidfd on Linux, a kqueue
//! and the start time on macOS and FreeBSD, the start time where Linux has
//! no pidfds) and never signals another one. Waiting is event-driven:
//! [`Process::wait`], [`Process::wait_timeout`], and [`wait_all`] for many
//! processes at once with one deadline. The exit status ([`Exit`]) is known
//! for our own children, which are never reaped behind the owner's back.
//!
//! [`Stop`] is a graceful stop plan (TERM, wait, KILL, wait) that runs on
//! one process or on many at once and reports, per process, which step
//! ended it ([`StopReport`]), and can tell an observer of each signal as it
//! is sent ([`Stop::run_all_observed`], [`StopEvent`]); with an
//! [`Interrupts`] guard, a SIGINT or SIGTERM to the caller ends the plan's
//! wait early, and the plan still reports what it did. [`ChildExt`] gives
//! a [`std::process::Child`] both.
//!
//! ```
//! # #[cfg(unix)] {
//! use std::process::Command;
//! use std::time::Duration;
//! use sigsend::{Exit, Process, Signal, Stop, StopOutcome};
//!
//! let mut children = Vec::new();
//! for _ in 0..3 {
//!     children.push(Command::new("sleep").arg("10").spawn()?);
//! }
//! let processes = children
//!     .iter()
//!     .map(Process::from_child)
//!     .collect::<Result<Vec<_>, _>>()?;
//!
//! // TERM, up to 5 s for all three together, then KILL, up to 1 s.
//! let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
//! for report in plan.run_all(&processes)? {
//!     assert_eq!(report.exit(), Some(Exit::Signaled(Signal::TERM)));
//!     assert!(matches!(report.outcome, StopOutcome::Ended { step: 0, .. }));
//! }
//! for mut child in children {
//!     child.wait()?; // the owner reaps, as always
//! }
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Finding processes
//!
//! [`processes`] lists the system's processes as [`ProcessInfo`]s (pid,
//! parent, command name, command line, owner, start time, and whether the
//! process is the caller's user's); [`processes_named`] applies util-linux
//! `kill NAME`'s rule. [`signal_state`] (and [`Process::signal_state`])
//! tells what a process does with each signal, as `kill -d` shows it, and
//! [`Process::open_with_inode`] opens util-linux's `PID:INODE` (a pidfs
//! identity on Linux 6.9+).
//!
//! ```
//! # #[cfg(unix)] {
//! use std::process::Command;
//! use sigsend::{Process, Signal};
//!
//! let mut child = Command::new("sleep").arg("10").spawn()?;
//! let found = sigsend::processes_named("sleep", false)?;
//! let info = found.iter().find(|p| p.pid() == child.id()).expect("found");
//! assert_eq!(info.ppid(), std::process::id());
//! assert_eq!(info.cmdline(), Some(&["sleep".to_owned(), "10".to_owned()][..]));
//!
//! let process = Process::from_child(&child)?;
//! # #[cfg(target_os = "linux")]
//! assert!(process.signal_state()?.caught.is_empty());
//! process.signal(Signal::TERM)?;
//! child.wait()?;
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Selecting processes, trees and groups
//!
//! [`Selector`] picks processes by name, parent, user and tests of the
//! caller's own (a regular expression, say: the library has no pattern
//! language); [`descendants`] lists a process's tree from one list;
//! [`kill_tree`] signals a whole tree with none escaping by forking (on
//! POSIX the tree is held still with SIGSTOP first), every process through
//! a handle; [`Group`] starts a command in a process group (a Job object on
//! Windows) that can be signalled and stopped as a whole.
//!
//! ```
//! # #[cfg(unix)] {
//! use std::process::Command;
//! use sigsend::{Group, Selector, Signal};
//!
//! let group = Group::spawn(Command::new("sh").args(["-c", "sleep 10 & wait"]))?;
//! # while sigsend::descendants(group.leader().pid())?.is_empty() { std::thread::yield_now(); }
//! let sleeps = Selector::new().name("sleep").parent(group.leader().pid()).select()?;
//! assert_eq!(sleeps.len(), 1);
//! let reports = group.kill_tree(Signal::KILL)?;
//! assert_eq!(reports.len(), 2);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Processes on a port
//!
//! [`processes_on_port`] finds the processes holding a TCP or UDP port
//! (IPv4 and IPv6) as [`PortHolder`]s, as `fuser -n tcp PORT` does (Linux,
//! macOS, FreeBSD and Windows).
//!
//! ```
//! # #[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))] {
//! use sigsend::Protocol;
//!
//! let socket = std::net::TcpListener::bind("127.0.0.1:0")?;
//! let port = socket.local_addr()?.port();
//! let holders = sigsend::processes_on_port(port, Some(Protocol::Tcp))?;
//! assert_eq!(holders[0].pid(), std::process::id());
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With the `tokio` feature, `Process::wait_async` awaits an exit through
//! Tokio's reactor (the pidfd or kqueue is registered with it; no thread
//! blocks).
//!
//! The system calls live in one private module per OS family; everything
//! else is one code path. Nothing in sigsend panics on its input: a bad
//! signal name or number is an [`Error`] that echoes it.

#![cfg_attr(docsrs, feature(doc_cfg))]
// Every public item is documented: keep it so.
#![warn(missing_docs)]

mod child;
mod descendants;
mod error;
mod exit;
mod fd_limit;
mod group;
mod interrupts;
mod members;
pub mod os;
mod ports;
mod process;
mod process_fd;
mod process_info;
mod processes;
mod selector;
mod signal;
mod signal_state;
mod stop;
mod sys;
mod target;
mod tree;
mod wait;
mod wait_refs;

pub use child::ChildExt;
pub use descendants::{descendants, Descendants};
pub use error::{Error, ErrorKind};
pub use exit::Exit;
pub use fd_limit::raise_fd_limit;
pub use group::Group;
pub use interrupts::Interrupts;
pub use ports::{processes_on_port, PortHolder, Protocol};
pub use process::Process;
pub use process_info::{ProcessInfo, StartTime, UserId};
pub use processes::{processes, processes_named};
pub use selector::Selector;
pub use signal::Signal;
pub use signal_state::{signal_state, SignalSet, SignalState};
pub use stop::{Step, Stop, StopEvent, StopOutcome, StopReport};
pub use target::{pid_exists, Target};
pub use tree::{kill_tree, kill_trees, kill_trees_where, TreeOutcome, TreeReport};
pub use wait::wait_all;
pub use wait_refs::wait_all_of;

/// The README's examples, run as doctests (they are POSIX examples).
#[cfg(all(doctest, unix))]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
