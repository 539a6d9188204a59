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
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use super::procfs;
use crate::error::Error;
use crate::sys::Call;

/// The longest pause between two attempts of the thread that removes a
/// cgroup whose processes are still exiting.
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// How long the exit handler waits for the cgroups still in use.
const AT_EXIT_WITHIN: Duration = Duration::from_secs(1);

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
        let cgroups = fs::read_to_string("/proc/self/cgroup").ok()?;
        let mountinfo = fs::read_to_string("/proc/self/mountinfo").ok()?;
        let (dir, name) = own_cgroup(&cgroups, &mountinfo)?;
        let leaf = format!(
            "sigsend-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let dir = dir.join(&leaf);
        fs::create_dir(&dir).ok()?;
        let name = format!("{}/{leaf}", name.trim_end_matches('/'));
        Some(Cgroup { dir, name })
    }

    /// The path of the cgroup's `cgroup.procs`, for [`join`] in a child
    /// between fork and exec; `None` if it cannot be a C string.
    pub(crate) fn procs(&self) -> Option<CString> {
        CString::new(self.dir.join("cgroup.procs").as_os_str().as_bytes()).ok()
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
}

impl Drop for Cgroup {
    /// Removes the directory (and any cgroup a member made below it), and
    /// never waits: the kernel refuses (`EBUSY`) while a process is still
    /// in it, as for a moment after `cgroup.kill` (its owner ended what
    /// was left), or for as long as a member sleeps uninterruptibly (`D`)
    /// before it can die. Then a detached thread of its own tries again,
    /// pausing 1 ms doubling up to 1 s, until the directory is gone; and
    /// should the process exit first (a short program, whose last members
    /// are still dying), an exit handler gives what is left a last second.
    /// The directory stays only if the process is killed meanwhile, or a
    /// member is still there after that second.
    fn drop(&mut self) {
        if busy(remove_tree(&self.dir)) {
            remove_later(std::mem::take(&mut self.dir));
        }
    }
}

/// The directories of dropped cgroups that were still in use, for the
/// exit handler; each thread takes its own out once it is removed.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The pending directories (a panic while the lock was held leaves a
/// list that is still sound).
fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Whether a removal failed because the cgroup is still in use.
fn busy(removed: std::io::Result<()>) -> bool {
    removed.is_err_and(|err| err.kind() == IoKind::ResourceBusy)
}

/// Removes `dir` from a thread of its own once it is no longer in use.
fn remove_later(dir: PathBuf) {
    static AT_EXIT: Once = Once::new();
    AT_EXIT.call_once(|| {
        // SAFETY: atexit(3) keeps a pointer to a function of the right
        // type that lives as long as the program (glibc ties it to this
        // object's lifetime, running it at dlclose too); it fails only
        // when out of memory, and then nothing is removed at exit.
        let _ = unsafe { libc::atexit(remove_pending_at_exit) };
    });
    pending().push(dir.clone());
    // A thread that cannot be started leaves the directory to the exit
    // handler.
    let _ = thread::Builder::new()
        .name("sigsend-cgroup-rmdir".into())
        .stack_size(64 * 1024)
        .spawn(move || {
            let mut pause = Duration::from_millis(1);
            loop {
                thread::sleep(pause);
                if !busy(remove_tree(&dir)) {
                    pending().retain(|pending| *pending != dir);
                    return;
                }
                pause = (pause * 2).min(MAX_PAUSE);
            }
        });
}

/// At exit: the directories still pending get up to [`AT_EXIT_WITHIN`]
/// to be removed. Never panics (it runs inside `exit`).
extern "C" fn remove_pending_at_exit() {
    let mut left = std::mem::take(&mut *pending());
    let by = Instant::now() + AT_EXIT_WITHIN;
    let mut pause = Duration::from_millis(1);
    loop {
        left.retain(|dir| busy(remove_tree(dir)));
        if left.is_empty() || Instant::now() >= by {
            return;
        }
        thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// Removes the cgroup directory `dir` and the cgroups below it, deepest
/// first (a cgroup's files go with it; `rmdir` refuses a cgroup with
/// processes or cgroups in it). Gone already is success.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                remove_tree(&entry.path())?;
            }
        }
    }
    match fs::remove_dir(dir) {
        Err(err) if err.kind() == IoKind::NotFound => Ok(()),
        result => result,
    }
}

/// Writes `0` (the writer itself) to the `cgroup.procs` at `procs`,
/// with calls that are async-signal-safe (for a child between fork and
/// exec); a failure is left to be seen from outside.
pub(crate) fn join(procs: &CStr) {
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

/// Where the caller's cgroup is, from `/proc/self/cgroup` (`0::PATH`) and
/// `/proc/self/mountinfo`: its directory, through a cgroup2 mount that
/// shows it, and its path as `/proc/PID/cgroup` gives it. A mount shows
/// the subtree below its root (the fourth field: `/` for a whole
/// hierarchy, a cgroup's path for a bind mount of it), so the directory
/// is the mount point joined with the path below that root; the root must
/// be the path or one of its ancestors (`/a` holds `/a/b`, not `/ab`).
/// `None` without a cgroup v2 mount that shows the caller's cgroup.
fn own_cgroup(cgroups: &str, mountinfo: &str) -> Option<(PathBuf, String)> {
    let own = cgroups.lines().find_map(|line| line.strip_prefix("0::"))?;
    cgroup2_mounts(mountinfo).find_map(|(root, mount)| {
        let below = below(own, &root)?;
        Some((mount.join(below), own.to_owned()))
    })
}

/// The part of the cgroup path `path` below `root`, without a leading
/// `/`, if `root` is `path` or one of its ancestors.
fn below<'a>(path: &'a str, root: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(root.trim_end_matches('/'))?;
    if rest.is_empty() {
        Some(rest)
    } else {
        rest.strip_prefix('/')
    }
}

/// The root and mount point of each cgroup2 mount in `mountinfo`
/// (`ID PARENT MAJ:MIN ROOT MOUNT OPTIONS [OPTIONAL...] - FSTYPE ...`).
fn cgroup2_mounts(mountinfo: &str) -> impl Iterator<Item = (String, PathBuf)> + '_ {
    mountinfo.lines().filter_map(|line| {
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
            cgroup2_mounts(info).collect::<Vec<_>>(),
            [("/".to_owned(), PathBuf::from("/sys/fs/cgroup/unified"))]
        );
        let spaced = "35 24 0:30 /a\\040b /mnt/c\\134g rw - cgroup2 cgroup2 rw\n";
        assert_eq!(
            cgroup2_mounts(spaced).collect::<Vec<_>>(),
            [("/a b".to_owned(), PathBuf::from("/mnt/c\\g"))]
        );
        assert_eq!(
            cgroup2_mounts("1 2 3:4 / / rw - ext4 /dev/x rw\n").count(),
            0
        );
    }

    #[test]
    fn a_bind_mounted_subtree_keeps_the_full_cgroup_path() {
        // The subtree /ci/job is bind-mounted on /sys/fs/cgroup; the caller
        // is in /ci/job/runner, which /proc/PID/cgroup shows in full.
        let info = "40 30 0:30 /ci/job /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        assert_eq!(
            own_cgroup("0::/ci/job/runner\n", info),
            Some((
                PathBuf::from("/sys/fs/cgroup/runner"),
                "/ci/job/runner".to_owned()
            ))
        );
        // The whole hierarchy, and the caller in its root cgroup.
        let whole = "40 30 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        assert_eq!(
            own_cgroup("0::/user.slice/a\n", whole),
            Some((
                PathBuf::from("/sys/fs/cgroup/user.slice/a"),
                "/user.slice/a".to_owned()
            ))
        );
        assert_eq!(
            own_cgroup("0::/\n", whole),
            Some((PathBuf::from("/sys/fs/cgroup/"), "/".to_owned()))
        );
        assert_eq!(
            own_cgroup("0::/ci/job\n", info),
            Some((PathBuf::from("/sys/fs/cgroup/"), "/ci/job".to_owned()))
        );
    }

    #[test]
    fn a_mount_root_matches_on_path_boundaries_only() {
        // /a is no ancestor of /ab/c: that mount does not show the caller,
        // the next one does.
        let info = "40 30 0:30 /a /mnt/a rw - cgroup2 cgroup2 rw\n\
                    41 30 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        assert_eq!(
            own_cgroup("0::/ab/c\n", info),
            Some((PathBuf::from("/sys/fs/cgroup/ab/c"), "/ab/c".to_owned()))
        );
        assert_eq!(
            own_cgroup(
                "0::/ab/c\n",
                "40 30 0:30 /a /mnt/a rw - cgroup2 cgroup2 rw\n"
            ),
            None
        );
        assert_eq!(below("/a/b", "/a"), Some("b"));
        assert_eq!(below("/a/b", "/a/"), Some("b"));
        assert_eq!(below("/ab", "/a"), None);
        assert_eq!(below("/a", "/"), Some("a"));
    }

    /// A sleep in `cgroup`'s directory, as a spawned group's leader joins.
    fn sleep_in(cgroup: &Cgroup) -> std::process::Child {
        let child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("spawn sleep");
        fs::write(cgroup.dir.join("cgroup.procs"), child.id().to_string()).expect("join");
        child
    }

    #[test]
    fn a_made_cgroup_holds_a_joined_child_and_is_removed_on_drop() {
        let Some(cgroup) = Cgroup::create() else {
            eprintln!("SKIPPED a_made_cgroup_holds_a_joined_child: no cgroup v2 to make one in");
            return;
        };
        let dir = cgroup.dir.clone();
        let mut child = sleep_in(&cgroup);
        assert!(cgroup.holds(child.id()), "the child joined {}", cgroup.name);
        // A cgroup a member made below it goes too.
        fs::create_dir(dir.join("sub")).expect("a cgroup below");
        assert!(cgroup.kill().expect("cgroup.kill"), "Linux 5.14+");
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&child.wait().expect("wait")),
            Some(libc::SIGKILL)
        );
        drop(cgroup);
        let gone = std::time::Instant::now() + Duration::from_secs(10);
        while dir.exists() && std::time::Instant::now() < gone {
            thread::sleep(Duration::from_millis(2));
        }
        assert!(!dir.exists(), "{} removed", dir.display());
    }

    #[test]
    fn dropping_a_cgroup_still_in_use_does_not_wait() {
        let Some(cgroup) = Cgroup::create() else {
            eprintln!("SKIPPED dropping_a_cgroup_still_in_use: no cgroup v2 to make one in");
            return;
        };
        let dir = cgroup.dir.clone();
        // A member that does not exit (as one in D state after cgroup.kill).
        let mut child = sleep_in(&cgroup);
        let started = std::time::Instant::now();
        drop(cgroup);
        let took = started.elapsed();
        assert!(dir.exists(), "a cgroup with a process in it stays");
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            took < Duration::from_millis(200),
            "drop returned after {took:?}"
        );
        // Once the member is gone, the directory goes too.
        let gone = std::time::Instant::now() + Duration::from_secs(10);
        while dir.exists() && std::time::Instant::now() < gone {
            thread::sleep(Duration::from_millis(2));
        }
        assert!(!dir.exists(), "{} removed once empty", dir.display());
    }

    const EXIT_ROLE: &str = "SIGSEND_CGROUP_TEST_EXIT";

    /// The short program of the test below, in a copy of the test binary
    /// that runs only this test, with the variable set (else it does
    /// nothing): it drops a cgroup that a sleep is still in, kills the
    /// sleep and exits at once, before any thread could remove the
    /// directory.
    #[test]
    fn short_program_role() {
        if std::env::var_os(EXIT_ROLE).is_none() {
            return;
        }
        let cgroup = Cgroup::create().expect("a cgroup");
        let mut child = sleep_in(&cgroup);
        println!("\ndir {}", cgroup.dir.display());
        drop(cgroup);
        child.kill().expect("kill the sleep");
        std::process::exit(0);
    }

    #[test]
    fn a_short_program_leaves_no_cgroup_behind() {
        let Some(probe) = Cgroup::create() else {
            eprintln!("SKIPPED a_short_program_leaves_no_cgroup_behind: no cgroup v2 here");
            return;
        };
        drop(probe);
        let (_, path) = module_path!().split_once("::").expect("crate::path");
        let out = std::process::Command::new(std::env::current_exe().expect("the test binary"))
            .args([
                "--exact",
                &format!("{path}::short_program_role"),
                "--nocapture",
            ])
            .args(["--test-threads", "1"])
            .env(EXIT_ROLE, "1")
            .output()
            .expect("run the short program");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        let dir = text
            .lines()
            .find_map(|line| line.strip_prefix("dir "))
            .unwrap_or_else(|| panic!("no dir in {text}"));
        let left = Path::new(dir).exists();
        // Not left behind by this test either.
        let _ = fs::remove_dir(dir);
        assert!(!left, "{dir} left behind by a program that exited");
    }
}
