//! On Linux, links the `sigsend` binary with `startup.ld`, which places the
//! functions of the command's short paths (`-0 PID`, `-s SIG PID`, `-l N`)
//! together at the start of the text: the kernel maps a binary's pages
//! 64 KiB around each page touched, so scattered they made the whole text
//! resident. `scripts/startup-order.sh` regenerates the list; set
//! `SIGSEND_NO_STARTUP_ORDER=1` for a linker without `INSERT` in its
//! scripts (GNU ld and LLD have it, gold and mold do not).

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=startup.ld");
    println!("cargo:rerun-if-env-changed=SIGSEND_NO_STARTUP_ORDER");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    if !linux || std::env::var_os("SIGSEND_NO_STARTUP_ORDER").is_some() {
        return;
    }
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let script = Path::new(&dir).join("startup.ld");
    let Some(script) = script.to_str() else {
        println!("cargo:warning=linked without startup.ld: its path is not UTF-8");
        return;
    };
    // `-Xlinker`, not `-Wl,`: a path may hold a comma.
    for arg in ["-Xlinker", "-T", "-Xlinker", script] {
        println!("cargo:rustc-link-arg-bins={arg}");
    }
}
