//! Running the helper as another user (uid and gid 65534, `nobody`) with
//! `setpriv`, to provoke `EPERM`. Needs root and util-linux's `setpriv`.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::renamed::Renamed;
use super::HELPER;

/// The helper binary where user 65534 can run it: in place, or a copy
/// that every user may reach (removed on drop).
#[derive(Debug)]
pub struct Helper {
    path: PathBuf,
    _copy: Option<Renamed>,
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
/// users; otherwise a copy of it that everyone may run.
fn reachable_by_others(path: &Path) -> Helper {
    let others_may_exec =
        |p: &Path| std::fs::metadata(p).is_ok_and(|meta| meta.permissions().mode() & 0o001 != 0);
    if path.ancestors().all(others_may_exec) {
        return Helper {
            path: path.to_owned(),
            _copy: None,
        };
    }
    let copy = Renamed::new("sigsend-helper");
    Helper {
        path: copy.path().to_owned(),
        _copy: Some(copy),
    }
}

/// `setpriv` with uid and gid 65534 and no groups, ready for the program
/// to run and its arguments, in a process group of its own.
pub fn command(program: &Path) -> Command {
    let mut command = Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(program)
        .process_group(0);
    command
}

/// Runs the helper as uid/gid 65534 with `ARGS` and returns its one line.
pub fn run(helper: &Helper, args: &[&str]) -> String {
    let mut command = command(&helper.path);
    command.args(args);
    let mut caller = super::Helper::spawn(command);
    let line = caller.line();
    assert_eq!(caller.wait().code(), Some(0), "unprivileged helper");
    line
}
