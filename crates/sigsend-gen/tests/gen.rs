//! `sigsend-gen DIR` writes every completion and the man page, each naming
//! the options of the clap definition.

use std::path::PathBuf;
use std::process::Command;

/// A fresh directory of this test under the system's temporary directory.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sigsend-gen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn writes_completions_and_man_page() {
    let dir = scratch_dir("all");
    let output = Command::new(env!("CARGO_BIN_EXE_sigsend-gen"))
        .arg(&dir)
        .output()
        .expect("run sigsend-gen");
    assert!(output.status.success(), "{output:?}");
    // (file, how it writes --signal, how it writes --timeout)
    let expected = [
        ("sigsend.bash", "--signal", "--timeout"),
        ("_sigsend", "--signal", "--timeout"),
        ("sigsend.fish", "-l signal", "-l timeout"),
        ("_sigsend.ps1", "--signal", "--timeout"),
        ("sigsend.1", "\\-\\-signal", "\\-\\-timeout"),
    ];
    let listed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(listed.lines().count(), expected.len(), "{listed}");
    for (file, signal, timeout) in expected {
        let path = dir.join(file);
        assert!(listed.contains(&*path.to_string_lossy()), "{listed}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(signal), "{file} lacks {signal}");
        assert!(text.contains(timeout), "{file} lacks {timeout}");
        // roff writes a dash as `\-`.
        let plain = text.replace("\\-", "-");
        assert!(plain.contains("dry-run"), "{file} lacks --dry-run");
    }
    let man = std::fs::read_to_string(dir.join("sigsend.1")).unwrap();
    assert!(man.contains(".SH EXAMPLES\n.nf\n sigsend 1234 "), "{man}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wants_one_directory() {
    let output = Command::new(env!("CARGO_BIN_EXE_sigsend-gen"))
        .output()
        .expect("run sigsend-gen");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(output.stderr, b"usage: sigsend-gen DIR\n");
}
