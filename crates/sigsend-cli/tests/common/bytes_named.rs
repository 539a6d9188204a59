//! `sleep` under a command name of any bytes (not valid UTF-8 included):
//! Linux takes `comm` from the path given to exec, so a symbolic link named
//! with those bytes gives them to the process, unique to this test process.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{poll_until, Sleeper};

/// A directory of links to `sleep`, removed on drop.
pub struct BytesNamed {
    dir: PathBuf,
}

impl BytesNamed {
    /// A fresh directory, unique to the call.
    pub fn new() -> BytesNamed {
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("sigsend-cli-bytes-{}-{call}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).expect("create the directory");
        BytesNamed { dir }
    }

    /// The name `zq<this pid><tag>` followed by `tail`: at most 15 bytes
    /// (`comm`'s length), no other process's.
    pub fn name(tag: &str, tail: &[u8]) -> OsString {
        let mut name = format!("zq{}{tag}", std::process::id()).into_bytes();
        name.extend_from_slice(tail);
        assert!(name.len() <= 15, "{name:?} is longer than a command name");
        OsString::from_vec(name)
    }

    /// `sleep 30` started as `name`, its `comm` checked.
    pub fn spawn(&self, name: &OsStr) -> Sleeper {
        let sleep = Command::new("sh")
            .args(["-c", "command -v sleep"])
            .output()
            .expect("find sleep")
            .stdout;
        let link = self.dir.join(name);
        std::os::unix::fs::symlink(OsStr::from_bytes(sleep.trim_ascii()), &link)
            .expect("link sleep");
        let mut cmd = Command::new(&link);
        cmd.arg("30");
        let sleeper = Sleeper::run(cmd);
        // Spawning may return (vfork's parent resumes) a moment before the
        // kernel sets the new name.
        let comm = format!("/proc/{}/comm", sleeper.pid());
        poll_until("the child to bear its name", || {
            std::fs::read(&comm).is_ok_and(|comm| comm.strip_suffix(b"\n") == Some(name.as_bytes()))
        });
        sleeper
    }
}

impl Drop for BytesNamed {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
