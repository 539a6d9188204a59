//! The only place that calls the OS: one file per OS family, each a thin,
//! safe wrapper over the system calls, with every `unsafe` block of the
//! crate and a `// SAFETY:` comment on each.
//!
//! Everything above this module is one code path for every OS.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub(crate) use unix::*;

#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) use linux::*;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub(crate) use windows::*;
