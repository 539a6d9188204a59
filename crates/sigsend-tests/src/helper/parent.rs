//! The helper's `parent ARGS...` mode, on every OS: a process whose child
//! is the test's grandchild.

use std::process::{exit, Command};

/// Starts `sigsend-helper ARGS` with this process's input and output,
/// tells `child PID` through `say`, waits for it and exits with its code.
/// To the test, that child is a grandchild: not its own.
pub fn parent(args: &[&str], say: fn(&str)) -> ! {
    let exe = std::env::current_exe().expect("the helper's own path");
    let mut child = Command::new(exe)
        .args(args)
        .spawn()
        .expect("start the grandchild");
    say(&format!("child {}", child.id()));
    let status = child.wait().expect("wait for the grandchild");
    exit(status.code().unwrap_or(1))
}
