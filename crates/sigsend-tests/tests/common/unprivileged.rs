//! Running the helper as another user (uid and gid 65534, `nobody`) with
//! `setpriv`, to provoke `EPERM`. Needs root and util-linux's `setpriv`.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{own_pid, HELPER};

/// The helper binary where user 65534 can run it: in place, or a copy in a
/// directory of its own that is removed on drop.
#[derive(Debug)]
pub struct Helper {
    path: PathBuf,
    copied_into: Option<PathBuf>,
}

impl Drop for Helper {
    fn drop(&mut self) {
        if let Some(dir) = &self.copied_into {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// The helper as `setpriv` runs it with uid and gid 65534 (nobody), or
/// `None` after saying why that cannot be done here.
pub fn helper() -> Option<Helper> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: not root, so cannot run a helper as another user with setpriv");
        return None;
    }
    if !Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
    {
        eprintln!("skipped: setpriv (util-linux) is not installed");
        return None;
    }
    Some(reachable_by_others(Path::new(HELPER)))
}

/// `path` if it and every directory above it can be executed by other
/// users; otherwise a copy of it in a fresh directory of the temporary
/// directory that everyone may enter.
fn reachable_by_others(path: &Path) -> Helper {
    let others_may_exec =
        |p: &Path| std::fs::metadata(p).is_ok_and(|meta| meta.permissions().mode() & 0o001 != 0);
    if path.ancestors().all(others_may_exec) {
        return Helper {
            path: path.to_owned(),
            copied_into: None,
        };
    }
    let dir = std::env::temp_dir().join(format!("sigsend-tests-{}", own_pid()));
    let copy = dir.join("sigsend-helper");
    let world = std::fs::Permissions::from_mode(0o755);
    std::fs::create_dir_all(&dir).expect("create a directory for the helper");
    std::fs::set_permissions(&dir, world.clone()).expect("chmod the helper's directory");
    std::fs::copy(path, &copy).expect("copy the helper");
    std::fs::set_permissions(&copy, world).expect("chmod the helper");
    Helper {
        path: copy,
        copied_into: Some(dir),
    }
}

/// Runs the helper as uid/gid 65534 with `ARGS` and returns its one line.
pub fn run(helper: &Helper, args: &[&str]) -> String {
    let mut command = Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&helper.path)
        .args(args)
        .process_group(0);
    let mut caller = super::Helper::spawn(command);
    let line = caller.line();
    assert_eq!(caller.wait().code(), Some(0), "unprivileged helper");
    line
}
