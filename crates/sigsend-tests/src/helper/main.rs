//! `sigsend-helper`: the child process that the integration tests signal.
//! Its modes differ by OS family: see `unix.rs` and `windows.rs`.

mod listen;
mod parent;
#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

fn main() {
    #[cfg(unix)]
    unix::main();
    #[cfg(windows)]
    windows::main();
}
