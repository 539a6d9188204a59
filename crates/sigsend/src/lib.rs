//! Send signals to processes, correctly.
//!
//! sigsend starts from Python's `os.kill(pid, sig)` and gives Rust that
//! function exactly, in [`os`], with its neighbours (`killpg`,
//! `pthread_kill`, `sigqueue`, the Linux pidfd calls), and adds the types
//! that make signalling safe to get right: [`Signal`], a signal number that
//! is valid on this OS, parsed from every form `kill` accepts, and
//! [`Error`], whose [`ErrorKind`] a caller can match on.
//!
//! ```
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
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The system calls live in one private module per OS family; everything
//! else is one code path. Nothing in sigsend panics on its input: a bad
//! signal name or number is an [`Error`] that echoes it.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod child;
mod error;
mod exit;
pub mod os;
mod process;
mod signal;
mod stop;
mod sys;
mod wait;

pub use child::ChildExt;
pub use error::{Error, ErrorKind};
pub use exit::Exit;
pub use process::Process;
pub use signal::Signal;
pub use stop::{Step, Stop, StopOutcome, StopReport};
pub use wait::wait_all;

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
