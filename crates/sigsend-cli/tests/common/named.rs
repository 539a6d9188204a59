//! [`Named`]: `sleep` under a command name of the test's own.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Command;

use super::{poll_until, Sleeper};

/// `sleep` linked as `<tmp>/sigsend-cli-<name>/<name>`, so that the
/// processes it starts have a command name no other process has (the
/// kernel takes it from the path given to exec). A symbolic link, not a
/// copy: a copy being written while another test thread forks can make
/// its exec fail with ETXTBSY. The directory is removed on drop.
pub struct Named {
    /// The directory of the link.
    pub dir: PathBuf,
    exe: PathBuf,
    /// The command name of the processes it starts.
    pub name: String,
}

impl Named {
    /// `tag` tells apart the copies of one test process (at most 15 bytes
    /// in all, the length of a command name).
    pub fn new(tag: &str) -> Named {
        let name = format!("ss{}{tag}", std::process::id());
        assert!(name.len() <= 15, "{name} is longer than a command name");
        let dir = std::env::temp_dir().join(format!("sigsend-cli-{name}"));
        std::fs::create_dir_all(&dir).expect("create the directory");
        let exe = dir.join(&name);
        let sleep = String::from_utf8(
            Command::new("sh")
                .args(["-c", "command -v sleep"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        std::os::unix::fs::symlink(sleep.trim(), &exe).expect("link sleep");
        // Others may run it too (the `-a` test runs it as another user).
        let world = std::fs::Permissions::from_mode(0o755);
        std::fs::set_permissions(&dir, world).unwrap();
        Named { dir, exe, name }
    }

    /// A `sleep 30` of this name, once it bears it.
    pub fn spawn(&self) -> Sleeper {
        let mut cmd = Command::new(&self.exe);
        cmd.arg("30");
        let sleeper = Sleeper::run(cmd);
        let comm = format!("/proc/{}/comm", sleeper.pid());
        poll_until("sleep to exec", || {
            std::fs::read_to_string(&comm)
                .is_ok_and(|c| c.strip_suffix('\n') == Some(self.name.as_str()))
        });
        sleeper
    }

    /// The copy run as uid and gid 65534 (`setpriv`, as root), once it
    /// bears its name.
    pub fn spawn_as_nobody(&self) -> Sleeper {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&self.exe)
            .arg("30");
        let other = Sleeper::run(cmd);
        // setpriv execs the copy: wait until the name is there.
        let comm = format!("/proc/{}/comm", other.pid());
        poll_until("setpriv to exec", || {
            std::fs::read_to_string(&comm).is_ok_and(|c| c.trim() == self.name)
        });
        other
    }
}

impl Drop for Named {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
