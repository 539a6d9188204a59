//! Listing the system's processes: [`processes`], [`processes_with`] and
//! [`processes_where`] (reading only the [`Fields`] asked for), and
//! [`processes_named`], util-linux `kill NAME`'s rule.

use std::ffi::OsStr;

use crate::error::Error;
use crate::process_info::owner;
use crate::{sys, Fields, ProcessInfo, Selector};

/// Every process the caller can see, in no particular order, with every
/// detail ([`Fields::ALL`]; [`processes_with`] reads fewer).
///
/// A process that exits while the list is being made is left out (or
/// listed as it was); a process whose details the OS refuses to show (on
/// Linux, `/proc` mounted with `hidepid`) is left out; on macOS, one of
/// another effective uid (whose full `proc_pidinfo` is refused unless
/// root) is listed from its short info, without a start time. On Linux the
/// files of one process are read through its `/proc/PID` held open, and on
/// Windows a pid that a process created after the snapshot took is left
/// out, so an entry never mixes two processes that had the same pid one
/// after the other. How: `/proc` on Linux,
/// `proc_listallpids` and `proc_pidinfo` on macOS, `sysctl(KERN_PROC_PROC)`
/// on FreeBSD, a Toolhelp32 snapshot on Windows.
///
/// ```
/// let all = sigsend::processes()?;
/// let me = all.iter().find(|p| p.pid() == std::process::id()).expect("listed");
/// assert!(me.is_own());
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Errors
/// When the list itself cannot be read (`/proc` is not mounted, the
/// snapshot fails).
pub fn processes() -> Result<Vec<ProcessInfo>, Error> {
    processes_with(Fields::ALL)
}

/// Every process the caller can see, as [`processes`] lists them, with
/// only the details `fields` asks for besides the pid, parent and name:
/// the others are `None` (see [`Fields`]).
///
/// ```
/// use sigsend::Fields;
///
/// let list = sigsend::processes_with(Fields::NONE)?;
/// let me = list.iter().find(|p| p.pid() == std::process::id()).expect("listed");
/// assert!(!me.name().is_empty());
/// assert_eq!((me.user(), me.cmdline(), me.start_time()), (None, None, None));
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Errors
/// As [`processes`].
pub fn processes_with(fields: Fields) -> Result<Vec<ProcessInfo>, Error> {
    processes_where(fields, |_| true)
}

/// The processes for which `keep` is true, with the details `fields` asks
/// for. `keep` may look at the pid, parent and name only (the details of
/// `fields` may not be read yet when it is called, and are read only for
/// the processes it keeps: on Linux a name lookup that asks for the owner
/// reads it of the processes of that name alone, unless one in five or
/// more has it: then one `fstatat` of each costs less).
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use sigsend::Fields;
///
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// # while sigsend::ProcessInfo::of(child.id(), sigsend::Fields::CMDLINE)?.cmdline() != Some(&["sleep".to_owned(), "60".to_owned()][..]) { std::thread::yield_now(); } // until its exec
/// let me = std::process::id();
/// let mine = sigsend::processes_where(Fields::CMDLINE, |p| p.ppid() == me)?;
/// let sleep = mine.iter().find(|p| p.pid() == child.id()).expect("listed");
/// assert_eq!(sleep.cmdline(), Some(&["sleep".to_owned(), "60".to_owned()][..]));
/// assert!(mine.iter().all(|p| p.ppid() == me));
/// # child.kill()?; child.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`processes`].
pub fn processes_where(
    fields: Fields,
    mut keep: impl FnMut(&ProcessInfo) -> bool,
) -> Result<Vec<ProcessInfo>, Error> {
    let mut list = sys::processes(fields, &mut keep)?;
    let me = owner(fields);
    for info in &mut list {
        info.complete(fields, me.as_ref());
    }
    Ok(list)
}

/// The processes that util-linux `kill NAME` signals: those whose command
/// name equals `name` exactly (byte for byte, [`ProcessInfo::name_os`];
/// case and all; no pattern, no path, not the command line), only the caller's own
/// ([`ProcessInfo::is_own`]) unless `all_users`, never the caller itself.
/// Each comes with its pid, parent, name and, unless `all_users`, owner
/// (what the rule needs: no command line, no start time; see [`Fields`]).
///
/// On Linux the name is `comm`, which the kernel cuts to 15 bytes: a
/// longer `name` matches nothing, as with util-linux. On Windows the name
/// has its `.exe`.
///
/// The owner is util-linux's too: on Linux the owner of the directory
/// `/proc/PID`, which the kernel makes the effective uid of the process
/// (also of one that is not dumpable, whose files in it are root's). One
/// difference, on purpose: util-linux 2.42 leaves itself out, and `kill
/// kill` here can signal the `kill` running it.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
///
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// # while sigsend::ProcessInfo::of(child.id(), sigsend::Fields::CMDLINE)?.cmdline() != Some(&["sleep".to_owned(), "60".to_owned()][..]) { std::thread::yield_now(); } // until its exec
/// let found = sigsend::processes_named("sleep", false)?;
/// assert!(found.iter().any(|p| p.pid() == child.id()));
/// # child.kill()?; child.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`processes`].
pub fn processes_named(
    name: impl AsRef<OsStr>,
    all_users: bool,
) -> Result<Vec<ProcessInfo>, Error> {
    let selector = Selector::new().name(name.as_ref()).reading(Fields::NONE);
    match all_users {
        true => selector.select(),
        false => selector.own().select(),
    }
}
