//! Running one test of this test binary again in a child process, under
//! a wrapper: `strace` making `pidfd_open` fail (as a seccomp filter
//! does), or `unshare -m` with a script that changes the mounts of the
//! child's own mount namespace. The child runs the same test, sees
//! [`RERUN`] naming it, and does the real work; the parent checks that
//! it passed.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The environment variable that names the test a child runs again.
pub const RERUN: &str = "SIGSEND_TEST_RERUN";

/// Whether this process is the child that runs test `name` again.
pub fn is_rerun(name: &str) -> bool {
    std::env::var(RERUN).is_ok_and(|rerun| rerun == name)
}

/// Whether this process runs under a tracer (such as the CI's `strace`
/// step): a nested `strace` cannot trace what its tracer already follows.
pub fn traced() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status.lines().any(|line| {
            line.starts_with("TracerPid:") && line.split_whitespace().nth(1) != Some("0")
        })
    })
}

/// The `strace` arguments that make every `pidfd_open` fail with `errno`
/// (`ENOSYS`, `EPERM`) in the command that follows and its children.
pub fn strace_failing_pidfd_open(errno: &str) -> Vec<String> {
    [
        "strace",
        "-f",
        "-qq",
        "-o",
        "/dev/null",
        "-e",
        "trace=pidfd_open",
        "-e",
        &format!("inject=pidfd_open:error={errno}"),
    ]
    .map(String::from)
    .to_vec()
}

/// Runs test `name` of this binary again as `WRAPPER... EXE --exact name`
/// with `env` set, and panics unless it passed; `Err` says why it could
/// not be run (for the caller to print as a skip).
pub fn run(name: &str, wrapper: &[String], env: &[(&str, String)]) -> Result<(), String> {
    let exe: PathBuf = std::env::current_exe().map_err(|err| format!("no test binary: {err}"))?;
    let (program, args) = wrapper.split_first().ok_or("no wrapper")?;
    let mut command = Command::new(program);
    command
        .args(args)
        .arg(&exe)
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(RERUN, name)
        .stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command
        .output()
        .map_err(|err| format!("cannot run {program}: {err}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{name} under {wrapper:?} failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    // A skip inside is the parent's to tell.
    for line in stdout.lines().chain(stderr.lines()) {
        if line.starts_with("SKIPPED") {
            eprintln!("{line}");
        }
    }
    Ok(())
}

/// For test `name`, which is about `pidfd_open` failing with `errno`:
/// `true` when the caller is to run its body here (this is the rerun;
/// or a tracer such as the CI's no-pidfd step already follows this
/// process; or `strace` is missing, which is printed), `false` once the
/// body passed in a child under `strace`.
pub fn here_without_pidfds(name: &str, errno: &str) -> bool {
    if is_rerun(name) {
        return true;
    }
    if traced() {
        eprintln!("{name}: traced already (pidfd_open fails as the tracer says): runs here");
        return true;
    }
    if let Err(why) = super::try_tool("strace", &["-V"]) {
        eprintln!("SKIPPED {name} without pidfds ({why}): runs with pidfds");
        return true;
    }
    if let Err(why) = run(name, &strace_failing_pidfd_open(errno), &[]) {
        panic!("{name}: {why}");
    }
    false
}
