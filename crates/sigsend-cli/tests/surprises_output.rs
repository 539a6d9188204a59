//! Issue 12, the output items: `-r`'s exit status and its word on a pid
//! that names no process, `--dry-run` checking what it can without
//! sending, control characters of names escaped, the one versioned JSON
//! schema (every document here is checked against
//! `sigsend.schema.json`), and `-p --tree` over many operands reading the
//! process list once.
//!
//! Every test signals only children it started, and kills them on drop.

#![cfg(unix)]

mod common;

use std::process::Command;

use common::*;

/// A shell that catches TERM (and exits 7 on it), once its trap is set.
fn catcher() -> Sleeper {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", "trap 'exit 7' TERM; while :; do sleep 1; done"]);
    let sleeper = Sleeper::run(cmd);
    let pid = sleeper.pid();
    poll_until("the TERM trap", || {
        sigsend::signal_state(pid.unsigned_abs())
            .is_ok_and(|state| state.caught.contains(sigsend::Signal::TERM))
    });
    sleeper
}

// Item 7: -r and a NAME whose every process was skipped.

#[test]
fn require_handler_counts_a_name_without_a_handler_as_not_found() {
    let named = Named::new("-nh");
    let sleeper = named.spawn();
    let mut catching = catcher();
    let output = sigsend(&["-r", "--verbose", &named.name, &catching.pid().to_string()]);
    assert_output(
        &output,
        64,
        &format!(
            "not signalling pid {}, it has no userspace handler for signal 15\n\
             sending signal 15 to pid {}\n",
            sleeper.pid(),
            catching.pid()
        ),
        &format!("sigsend: cannot find process \"{}\"\n", named.name),
    );
    assert_eq!(catching.wait_exit().code(), Some(7));
    sleeper.assert_untouched();
}

#[test]
fn require_handler_with_the_name_alone_says_not_found() {
    let named = Named::new("-nh2");
    let sleeper = named.spawn();
    let output = sigsend(&["-r", &named.name]);
    assert_output(
        &output,
        1,
        "",
        &format!("sigsend: cannot find process \"{}\"\n", named.name),
    );
    sleeper.assert_untouched();
}

// Item 12: -r on a pid that names no process.

#[test]
fn require_handler_on_a_missing_pid_fails_as_a_send_would() {
    let gone = no_such_pid(1);
    let real = sigsend(&[gone.to_string()]);
    let message = format!("sigsend: sending signal to {gone} failed: No such process\n");
    assert_output(&real, 1, "", &message);
    let output = sigsend(&["-r", "--verbose", &gone.to_string()]);
    assert_output(&output, 1, "", &message);
}

// Item 11: --dry-run checks what it can without sending.

#[test]
fn dry_run_reports_a_missing_pid_as_the_real_run_does() {
    let target = Sleeper::spawn();
    let pid = target.pid();
    let gone = no_such_pid(2);
    let output = sigsend(&["--dry-run", &pid.to_string(), &gone.to_string()]);
    assert_output(
        &output,
        64,
        &format!("would send SIGTERM to process {pid}\n"),
        &format!("sigsend: sending signal to {gone} failed: No such process\n"),
    );
    let alone = sigsend(&["--dry-run", &gone.to_string()]);
    let real = sigsend(&[gone.to_string()]);
    assert_eq!(alone.status.code(), Some(1));
    assert_output(&alone, 1, "", stderr(&real));
    target.assert_untouched();
}

#[test]
fn dry_run_refuses_an_id_out_of_range_as_the_real_run_does() {
    // The real run refuses -2147483648 before any system call: group
    // 2^31 does not fit pid_t.
    let real = sigsend(&["--", "-2147483648"]);
    assert_eq!(real.status.code(), Some(1));
    assert!(stderr(&real).starts_with("sigsend: sending signal to -2147483648 failed: "));
    let dry = sigsend(&["--dry-run", "--", "-2147483648"]);
    assert_output(&dry, 1, "", stderr(&real));
}

#[test]
fn dry_run_json_marks_a_failing_send() {
    let gone = no_such_pid(3);
    let output = sigsend(&["--dry-run", "--json", &gone.to_string()]);
    assert_eq!(output.status.code(), Some(1));
    let doc = schema::document(&output);
    assert_eq!(doc["mode"], "dry_run");
    let target = &doc["targets"][0];
    assert_eq!(target["outcome"], "failed");
    assert_eq!(
        target["signals"].as_array().unwrap().len(),
        0,
        "nothing sent"
    );
    assert_eq!(
        target["error"]["message"],
        format!("sending signal to {gone} failed: No such process")
    );
    assert_eq!(target["error"]["code"], 3);
}

// Item 14: control characters in names and operands are escaped.

#[test]
fn dry_run_escapes_control_characters_of_a_name() {
    for (tag, shown) in [("\nFX", "\\nFX"), ("\u{1b}[2J", "\\x1b[2J")] {
        let named = Named::new(tag);
        let sleeper = named.spawn();
        let output = sigsend(&["--dry-run", &named.name]);
        let prefix = format!("ss{}", std::process::id());
        assert_output(
            &output,
            0,
            &format!(
                "would send SIGTERM to process {} ({prefix}{shown})\n",
                sleeper.pid()
            ),
            "",
        );
        sleeper.assert_untouched();
    }
}

#[test]
fn messages_escape_control_characters_of_an_operand() {
    let output = sigsend(&["-p", "no\nsuch\u{1b}"]);
    assert_output(
        &output,
        1,
        "",
        "sigsend: cannot find process \"no\\nsuch\\x1b\"\n",
    );
    let output = sigsend(&["--dry-run", "a\\b\r"]);
    assert_output(
        &output,
        1,
        "",
        "sigsend: cannot find process \"a\\\\b\\r\"\n",
    );
}

// Item 15: one versioned JSON schema.

#[test]
fn json_signal_objects_always_have_a_name_field() {
    let target = Sleeper::spawn();
    let pid = target.pid().to_string();
    let output = sigsend(&["--json", "-0", &pid]);
    let doc = schema::document(&output);
    assert_eq!(
        doc["signal"],
        serde_json::json!({"name": null, "number": 0})
    );
    assert_eq!(
        doc["targets"][0]["signals"][0],
        serde_json::json!({"name": null, "number": 0, "ok": true})
    );
    for (signal, name) in [
        ("32", None),
        ("RTMIN+1", Some("SIGRTMIN+1")),
        ("HUP", Some("SIGHUP")),
    ] {
        let output = sigsend(&["--json", "--dry-run", "-s", signal, &pid]);
        let doc = schema::document(&output);
        assert_eq!(doc["signal"]["name"].as_str(), name, "{signal}");
    }
    target.assert_untouched();
}

#[test]
fn json_says_the_mode_and_the_plan() {
    let target = Sleeper::spawn();
    let pid = target.pid().to_string();
    let output = sigsend(&["-p", "--json", &pid]);
    let doc = schema::document(&output);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["mode"], "print_pids");
    let output = sigsend(&[
        "--dry-run",
        "--json",
        "-q",
        "5",
        "--timeout",
        "300",
        "KILL",
        "--wait=2s",
        &pid,
    ]);
    let doc = schema::document(&output);
    assert_eq!(doc["mode"], "dry_run");
    assert_eq!(doc["queue"], 5);
    assert_eq!(
        doc["timeouts"],
        serde_json::json!([{"after_ms": 300, "signal": {"name": "SIGKILL", "number": 9}}])
    );
    assert_eq!(doc["wait"], serde_json::json!({"limit_ms": 2000}));
    target.assert_untouched();
}

#[test]
fn json_errors_have_the_words_of_stderr() {
    let gone = no_such_pid(4);
    let output = sigsend(&["--json", &gone.to_string()]);
    assert_eq!(output.status.code(), Some(1));
    let doc = schema::document(&output);
    let target = &doc["targets"][0];
    assert_eq!(
        target["signals"][0]["error"],
        serde_json::json!({"kind": "NoSuchProcess", "code": 3, "message": "No such process"})
    );
    let message = format!("sending signal to {gone} failed: No such process");
    assert_eq!(target["error"]["message"], message);
    assert_eq!(stderr(&output), format!("sigsend: {message}\n"));
}

#[test]
fn json_gives_a_failed_pid_inode_its_error() {
    let target = Sleeper::spawn();
    // Inode 1 is never a pidfd's (or pidfs is missing): either way it fails.
    let operand = format!("{}:1", target.pid());
    let output = sigsend(&["--json", &operand]);
    assert_eq!(output.status.code(), Some(1));
    let doc = schema::document(&output);
    let record = &doc["targets"][0];
    assert_eq!(record["outcome"], "failed");
    let message = record["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("sending signal to {operand} failed: ")),
        "{doc}"
    );
    assert_eq!(stderr(&output), format!("sigsend: {message}\n"));
    target.assert_untouched();
}

#[test]
fn json_with_verbose_is_refused_before_anything_is_sent() {
    let target = Sleeper::spawn();
    let output = sigsend(&["--json", "--verbose", &target.pid().to_string()]);
    assert_output(
        &output,
        2,
        "",
        "sigsend: --json and --verbose cannot be combined: the document tells every signal\n\
         Try 'sigsend --help' for more information.\n",
    );
    target.assert_untouched();
}

#[test]
fn json_schema_is_in_the_manual() {
    let output = sigsend(&["--help"]);
    let help = stdout(&output);
    for text in ["JSON output:", "schema version 1", "sigsend.schema.json"] {
        assert!(help.contains(text), "--help lacks {text:?}:\n{help}");
    }
    let schema = schema::schema();
    assert_eq!(schema["properties"]["version"]["const"], 1);
}

#[test]
fn json_of_not_found_and_skipped_targets_follows_the_schema() {
    let named = Named::new("-js");
    let sleeper = named.spawn();
    let output = sigsend(&["--json", "-r", &named.name, "sgso-nothing"]);
    assert_eq!(output.status.code(), Some(1));
    let doc = schema::document(&output);
    let outcomes: Vec<&str> = doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["skipped", "not_found", "not_found"], "{doc}");
    sleeper.assert_untouched();
}

// Item 16: -p --tree over many operands reads the process list once.

/// `-p --tree` over 10,000 operands opens the directory `/proc` once, as
/// it does for one: the list is read once, not once per operand (which
/// took 14 s and more). Counted with strace rather than timed.
#[cfg(target_os = "linux")]
#[test]
fn print_tree_of_ten_thousand_operands_reads_the_list_once() {
    let target = Sleeper::spawn();
    let pid = target.pid().to_string();
    let log = std::env::temp_dir().join(format!("sigsend-list-once-{}.log", std::process::id()));
    let output = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=openat", "-o"])
        .arg(&log)
        .arg(SIGSEND)
        .args(["-p", "--tree"])
        .args(vec![pid.as_str(); 10_000])
        .output()
        .expect("run strace");
    let trace = std::fs::read_to_string(&log).expect("strace wrote its log");
    let _ = std::fs::remove_file(&log);
    assert_output(&output, 0, &format!("{pid}\n"), "");
    let lists = trace
        .lines()
        .filter(|line| line.contains("\"/proc\", "))
        .count();
    assert_eq!(lists, 1, "{trace}");
    target.assert_untouched();
}
