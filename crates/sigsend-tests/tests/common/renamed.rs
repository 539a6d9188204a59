//! The helper under a file name of the test's choosing, in a directory of
//! its own that every user may enter: its command name (`comm`, taken
//! from the file name) is then one that no stranger's process has.

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{own_pid, HELPER};

/// A name for a copy of the helper that no other process has: this test
/// process's pid and a tag, at most 15 bytes (`comm`'s limit).
pub fn unique_name(tag: &str) -> String {
    let name = format!("sgt{}{tag}", own_pid());
    assert!(name.len() <= 15, "{name} is longer than a command name");
    name
}

/// A copy of the helper; dropping it removes the copy and its directory.
#[derive(Debug)]
pub struct Renamed {
    dir: PathBuf,
    path: PathBuf,
}

impl Renamed {
    /// The helper as `NAME` (any bytes but `/` and NUL, at most 15, so that Linux keeps it whole
    /// as the command name), mode 0755 in a fresh 0755 directory: a hard
    /// link where the file systems allow it, since a copy being written
    /// while another test thread forks can make its exec fail with
    /// ETXTBSY; else a copy.
    ///
    /// The directory is unique to the call (a counter of this process),
    /// so two tests that use one name never share it: a second link would
    /// fail with EEXIST, and the copy after it would write through the
    /// first link into the helper binary itself. One left behind by an
    /// earlier process with this pid is removed first, for that reason.
    pub fn new(name: impl AsRef<OsStr>) -> Renamed {
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, Ordering::Relaxed);
        let name = name.as_ref();
        let shown = name.to_string_lossy();
        let dir = std::env::temp_dir().join(format!("sigsend-tests-{}-{call}-{shown}", own_pid()));
        let path = dir.join(name);
        let world = std::fs::Permissions::from_mode(0o755);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).expect("create a directory for the helper");
        std::fs::set_permissions(&dir, world.clone()).expect("chmod the helper's directory");
        if std::fs::hard_link(HELPER, &path).is_err() {
            std::fs::copy(HELPER, &path).expect("copy the helper");
        }
        std::fs::set_permissions(&path, world).expect("chmod the helper");
        Renamed { dir, path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Renamed {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
