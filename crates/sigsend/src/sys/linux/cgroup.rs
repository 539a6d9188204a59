//! A cgroup (v2) of its own for the command of a [`crate::Group`], where
//! the caller may make one below its own cgroup (root, or a delegated
//! subtree): `cgroup.kill` then ends everything the command started, also
//! a process that left the process group (`setsid`, as daemons do), in
//! one write that no fork escapes (Linux 5.14+). Where none can be made,
//! the group is its process group alone.

use std::ffi::{CStr, CString};
use std::fs;
use std::io::ErrorKind as IoKind;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::procfs;
use crate::error::{Call, Error};

/// How long dropping a cgroup waits for its last processes to go before
/// it removes the directory.
const EMPTY_WITHIN: Duration = Duration::from_secs(1);

/// A cgroup made for one group: its directory, removed on drop.
#[derive(Debug)]
pub(crate) struct Cgroup {
    dir: PathBuf,
    /// The cgroup's path as `/proc/PID/cgroup` gives it.
    name: String,
}

impl Cgroup {
    /// A new, empty cgroup below the caller's own; `None` where none can
    /// be made (no cgroup v2, a cgroup not delegated to the caller).
    pub(crate) fn create() -> Option<Cgroup> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let (mount, own) = own_cgroup()?;
        let leaf = format!(
            "sigsend-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let dir = mount.join(own.trim_start_matches('/')).join(&leaf);
        fs::create_dir(&dir).ok()?;
        let name = format!("{}/{leaf}", own.trim_end_matches('/'));
        Some(Cgroup { dir, name })
    }

    /// Makes the process `command` starts join the cgroup before it runs
    /// the program. A process that could not join is found out by
    /// [`holds`](Cgroup::holds).
    pub(crate) fn enter_on_spawn(&self, command: &mut Command) {
        let procs = self.dir.join("cgroup.procs");
        let Ok(procs) = CString::new(procs.as_os_str().as_bytes()) else {
            return;
        };
        let enter = move || {
            join(&procs);
            Ok(())
        };
        // SAFETY: the closure runs in the child between fork and exec, and
        // only makes the async-signal-safe calls of `join` on memory made
        // before the fork.
        unsafe { command.pre_exec(enter) };
    }

    /// Whether process `pid` is in the cgroup.
    pub(crate) fn holds(&self, pid: u32) -> bool {
        let Ok(Some(text)) = i32::try_from(pid).map_or(Ok(None), |pid| procfs::read(pid, "cgroup"))
        else {
            return false;
        };
        String::from_utf8_lossy(&text)
            .lines()
            .any(|line| line.strip_prefix("0::") == Some(self.name.as_str()))
    }

    /// Ends every process in the cgroup at once (`cgroup.kill`); `false`
    /// where the kernel has no `cgroup.kill` (before 5.14).
    pub(crate) fn kill(&self) -> Result<bool, Error> {
        match fs::write(self.dir.join("cgroup.kill"), "1") {
            Ok(()) => Ok(true),
            Err(err) if err.kind() == IoKind::NotFound => Ok(false),
            Err(err) => Err(Error::from_io(
                &err,
                Call::Cgroup {
                    file: "cgroup.kill",
                },
            )),
        }
    }

    /// Whether no process is left in the cgroup (`cgroup.events`).
    fn is_empty(&self) -> bool {
        fs::read_to_string(self.dir.join("cgroup.events"))
            .is_ok_and(|events| events.lines().any(|line| line == "populated 0"))
    }
}

impl Drop for Cgroup {
    /// Waits for what is left to go (its owner ended it: `kill`), and
    /// removes the directory (which the kernel refuses while a process is
    /// in it: then it stays).
    fn drop(&mut self) {
        let by = Instant::now() + EMPTY_WITHIN;
        while !self.is_empty() && Instant::now() < by {
            thread::sleep(Duration::from_millis(1));
        }
        let _ = fs::remove_dir(&self.dir);
    }
}

/// Writes `0` (the writer itself) to the `cgroup.procs` at `procs`,
/// with calls that are async-signal-safe; a failure is left to be seen
/// from outside.
fn join(procs: &CStr) {
    // SAFETY: `procs` is a NUL-terminated path that lives through the call.
    let fd = unsafe { libc::open(procs.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return;
    }
    // SAFETY: one byte is read from a static buffer; `fd` is open.
    let _ = unsafe { libc::write(fd, b"0".as_ptr().cast(), 1) };
    // SAFETY: `fd` was opened above and is closed once.
    let _ = unsafe { libc::close(fd) };
}

/// The cgroup v2 mount point, and the caller's cgroup path below it (from
/// `/proc/self/cgroup`, `0::PATH`); `None` without a cgroup v2 mount.
fn own_cgroup() -> Option<(PathBuf, String)> {
    let cgroups = fs::read_to_string("/proc/self/cgroup").ok()?;
    let own = cgroups.lines().find_map(|line| line.strip_prefix("0::"))?;
    let mountinfo = fs::read_to_string("/proc/self/mountinfo").ok()?;
    let (root, mount) = cgroup2_mount(&mountinfo)?;
    // The mount shows the subtree below `root` (a cgroup namespace or a
    // bind mount): the caller's cgroup must be in it.
    let below = own.strip_prefix(root.trim_end_matches('/'))?;
    Some((mount, format!("/{}", below.trim_start_matches('/'))))
}

/// The root and mount point of the first cgroup2 mount in `mountinfo`
/// (`ID PARENT MAJ:MIN ROOT MOUNT OPTIONS [OPTIONAL...] - FSTYPE ...`).
fn cgroup2_mount(mountinfo: &str) -> Option<(String, PathBuf)> {
    mountinfo.lines().find_map(|line| {
        let (fields, rest) = line.split_once(" - ")?;
        if rest.split_whitespace().next() != Some("cgroup2") {
            return None;
        }
        let mut fields = fields.split_whitespace().skip(3);
        let root = unescape(fields.next()?);
        let mount = unescape(fields.next()?);
        Some((root, PathBuf::from(mount)))
    })
}

/// A path of `mountinfo`, where space, tab, newline and backslash are
/// written as octal escapes (`\040`).
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes.get(i + 1..i + 4).and_then(|digits| {
            let text = std::str::from_utf8(digits).ok()?;
            u8::from_str_radix(text, 8).ok()
        });
        match (bytes[i], octal) {
            (b'\\', Some(byte)) => {
                out.push(byte);
                i += 4;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cgroup2_mount_and_unescapes_its_path() {
        let info = "24 30 0:22 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw\n\
                    35 24 0:30 / /sys/fs/cgroup/unified rw shared:9 - cgroup2 cgroup2 rw\n";
        assert_eq!(
            cgroup2_mount(info),
            Some(("/".to_owned(), PathBuf::from("/sys/fs/cgroup/unified")))
        );
        let spaced = "35 24 0:30 /a\\040b /mnt/c\\134g rw - cgroup2 cgroup2 rw\n";
        assert_eq!(
            cgroup2_mount(spaced),
            Some(("/a b".to_owned(), PathBuf::from("/mnt/c\\g")))
        );
        assert_eq!(cgroup2_mount("1 2 3:4 / / rw - ext4 /dev/x rw\n"), None);
    }

    #[test]
    fn a_made_cgroup_holds_a_spawned_child_and_is_removed_on_drop() {
        let Some(cgroup) = Cgroup::create() else {
            eprintln!("SKIPPED a_made_cgroup_holds_a_spawned_child: no cgroup v2 to make one in");
            return;
        };
        let dir = cgroup.dir.clone();
        let mut command = Command::new("sleep");
        command.arg("10");
        cgroup.enter_on_spawn(&mut command);
        let mut child = command.spawn().expect("spawn sleep");
        assert!(cgroup.holds(child.id()), "the child joined {}", cgroup.name);
        assert!(cgroup.kill().expect("cgroup.kill"), "Linux 5.14+");
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&child.wait().expect("wait")),
            Some(libc::SIGKILL)
        );
        drop(cgroup);
        assert!(!dir.exists(), "{} removed", dir.display());
    }
}
