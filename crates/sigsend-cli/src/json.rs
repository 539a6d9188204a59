//! `--json`: one JSON document on stdout that describes the run (its mode,
//! signal and plan) and every target: each signal sent with its result,
//! why it failed where it did, and the exit where it was waited for.
//!
//! The document follows one schema, version 1, written down in
//! `sigsend.schema.json` (JSON Schema, draft 2020-12) beside this crate's
//! manifest and described in the manual (`sigsend --help`):
//!
//! ```text
//! {"version":1,"mode":"send","signal":{"name":"SIGTERM","number":15},
//!  "queue":null,"timeouts":[{"after_ms":500,"signal":{"name":"SIGKILL","number":9}}],
//!  "wait":null,"status":64,
//!  "targets":[
//!   {"operand":"1234","pid":1234,"name":"sleep","outcome":"done",
//!    "signals":[{"name":"SIGTERM","number":15,"ok":true}],"exit":{"code":15},"error":null},
//!   {"operand":"nginx","pid":null,"name":null,"outcome":"not_found","signals":[],"exit":null,
//!    "error":{"kind":"NoSuchProcess","code":null,"message":"cannot find process \"nginx\""}}]}
//! ```
//!
//! A target still running at the end (`"outcome"` `"still_running"`, or
//! `"interrupted"` when a signal to sigsend ended its wait) has
//! `"stopped":true` if it is stopped by a signal (it cannot exit until
//! continued), else `"stopped":false`; other targets have no `"stopped"`.
//! An interrupted run says `"status":3`, as a wait that gave up does (the
//! signal then ends sigsend).
//!
//! A signal is `"name"` (`"SIGTERM"`, `"SIGRTMIN+3"`; null for one with no
//! name: the null signal 0, or 32 and 33 on Linux) and `"number"`. A failed
//! signal has `"ok":false` and `"error":{"kind":"NoSuchProcess","code":3,
//! "message":"No such process"}` (`code` is null when sigsend refused it
//! itself; the message has the OS's words, as stderr). A target's `error`
//! is why it failed at whatever stage, with the message stderr gave. An
//! exit is `{"code":N}`, `{"signal":{"name":"SIGKILL","number":9}}` or
//! `{"unknown":true}` (a process that is not the caller's child on POSIX).

use std::fmt::Write as _;
use std::io::{self, Write};

use sigsend::{Exit, Signal};

use crate::record::{Outcome, Problem, Record};
use crate::report;
use crate::status::Status;
use sigsend_cli::args::Request;

/// The version of the document's schema; a change that can break a reader
/// of it (a field removed, renamed or of another type) takes a new one.
pub(crate) const VERSION: u32 = 1;

/// Writes the document of a run of `send`, and a newline, to `out`.
pub(crate) fn write(
    out: &mut impl Write,
    send: &Request,
    records: &[Record<'_>],
    status: Status,
) -> io::Result<()> {
    let mode = if send.print_pids {
        "print_pids"
    } else if send.dry_run {
        "dry_run"
    } else {
        "send"
    };
    let mut doc = format!("{{\"version\":{VERSION},\"mode\":\"{mode}\",\"signal\":");
    signal_object(&mut doc, send.signal);
    doc.push_str(",\"queue\":");
    match send.queue {
        Some(value) => {
            let _ = write!(doc, "{value}");
        }
        None => doc.push_str("null"),
    }
    doc.push_str(",\"timeouts\":[");
    for (i, (wait, signal)) in send.timeouts.iter().enumerate() {
        if i > 0 {
            doc.push(',');
        }
        let _ = write!(doc, "{{\"after_ms\":{},\"signal\":", wait.as_millis());
        signal_object(&mut doc, *signal);
        doc.push('}');
    }
    doc.push_str("],\"wait\":");
    match send.wait {
        None => doc.push_str("null"),
        Some(None) => doc.push_str("{\"limit_ms\":null}"),
        Some(Some(limit)) => {
            let _ = write!(doc, "{{\"limit_ms\":{}}}", limit.as_millis());
        }
    }
    let _ = write!(doc, ",\"status\":{},\"targets\":[", status as u8);
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            doc.push(',');
        }
        target(&mut doc, record);
    }
    doc.push_str("]}");
    writeln!(out, "{doc}")
}

fn target(doc: &mut String, record: &Record<'_>) {
    doc.push_str("{\"operand\":");
    string(doc, record.operand);
    doc.push_str(",\"pid\":");
    match record.pid {
        Some(pid) => {
            let _ = write!(doc, "{pid}");
        }
        None => doc.push_str("null"),
    }
    doc.push_str(",\"name\":");
    match record.name.as_ref().or(record.read_name.as_ref()) {
        Some(name) => string(doc, name),
        None => doc.push_str("null"),
    }
    let outcome = match record.outcome {
        Outcome::Done => "done",
        Outcome::Failed => "failed",
        Outcome::NotFound => "not_found",
        Outcome::Gone => "gone",
        Outcome::Skipped => "skipped",
        Outcome::StillRunning => "still_running",
        Outcome::Interrupted => "interrupted",
    };
    let _ = write!(doc, ",\"outcome\":\"{outcome}\"");
    if matches!(record.outcome, Outcome::StillRunning | Outcome::Interrupted) {
        let _ = write!(doc, ",\"stopped\":{}", record.stopped);
    }
    doc.push_str(",\"signals\":[");
    for (i, (signal, result)) in record.sent.iter().enumerate() {
        if i > 0 {
            doc.push(',');
        }
        sent(doc, *signal, result);
    }
    doc.push_str("],\"exit\":");
    match record.exit {
        None => doc.push_str("null"),
        Some(Exit::Code(code)) => {
            let _ = write!(doc, "{{\"code\":{code}}}");
        }
        Some(Exit::Signaled(signal)) => {
            doc.push_str("{\"signal\":");
            signal_object(doc, signal);
            doc.push('}');
        }
        Some(_) => doc.push_str("{\"unknown\":true}"),
    }
    doc.push_str(",\"error\":");
    match &record.error {
        Some(problem) => error(doc, problem),
        None => doc.push_str("null"),
    }
    doc.push('}');
}

fn sent(doc: &mut String, signal: Signal, result: &Result<(), sigsend::Error>) {
    doc.push('{');
    signal_fields(doc, signal);
    match result {
        Ok(()) => doc.push_str(",\"ok\":true}"),
        Err(err) => {
            doc.push_str(",\"ok\":false,\"error\":");
            error(doc, &Problem::of(err, report::os_message(err)));
            doc.push('}');
        }
    }
}

/// `{"kind":"NoSuchProcess","code":3,"message":"..."}`.
fn error(doc: &mut String, problem: &Problem) {
    doc.push_str("{\"kind\":");
    string(doc, &problem.kind);
    doc.push_str(",\"code\":");
    match problem.code {
        Some(code) => {
            let _ = write!(doc, "{code}");
        }
        None => doc.push_str("null"),
    }
    doc.push_str(",\"message\":");
    string(doc, &problem.message);
    doc.push('}');
}

/// `{"name":"SIGTERM","number":15}`.
fn signal_object(doc: &mut String, signal: Signal) {
    doc.push('{');
    signal_fields(doc, signal);
    doc.push('}');
}

/// `"name":"SIGTERM","number":15`: a signal's fields, in an object. The
/// name is null for a signal that has none (0; 32 and 33 on Linux), where
/// the library gives its number.
fn signal_fields(doc: &mut String, signal: Signal) {
    doc.push_str("\"name\":");
    let named = !signal.name().starts_with(|c: char| c.is_ascii_digit());
    if named {
        string(doc, &signal.to_string());
    } else {
        doc.push_str("null");
    }
    let _ = write!(doc, ",\"number\":{}", signal.as_raw());
}

/// `text` as a JSON string.
fn string(doc: &mut String, text: &str) {
    doc.push('"');
    for c in text.chars() {
        match c {
            '"' => doc.push_str("\\\""),
            '\\' => doc.push_str("\\\\"),
            '\n' => doc.push_str("\\n"),
            '\r' => doc.push_str("\\r"),
            '\t' => doc.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(doc, "\\u{:04x}", u32::from(c));
            }
            c => doc.push(c),
        }
    }
    doc.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(records: &[Record<'_>], status: Status) -> String {
        let mut out = Vec::new();
        let send = Request {
            signal: Signal::KILL,
            ..Request::default()
        };
        write(&mut out, &send, records, status).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped() {
        let mut doc = String::new();
        string(&mut doc, "a\"b\\c\nd\u{1}é");
        assert_eq!(doc, r#""a\"b\\c\nd\u0001é""#);
    }

    #[test]
    fn a_signal_without_a_name_has_a_null_name() {
        let mut doc = String::new();
        signal_object(&mut doc, Signal::NULL);
        assert_eq!(doc, r#"{"name":null,"number":0}"#);
    }

    #[test]
    fn a_document_lists_targets_signals_and_exits() {
        let mut done = Record::new("12", Some(12), None);
        done.sent.push((Signal::KILL, Ok(())));
        done.exit = Some(Exit::Code(0));
        let mut missing = Record::new("x\"y", None, None);
        missing.outcome = Outcome::NotFound;
        let refused = "NOPE".parse::<Signal>().unwrap_err();
        let mut failed = Record::new("13", Some(13), Some("sh".into()));
        failed.sent.push((Signal::KILL, Err(refused.clone())));
        failed.outcome = Outcome::Failed;
        let doc = document(&[done, missing, failed], Status::Partial);
        let kill = format!(r#"{{"name":"SIGKILL","number":{}}}"#, Signal::KILL.as_raw());
        assert!(
            doc.starts_with(&format!(
                r#"{{"version":1,"mode":"send","signal":{kill},"queue":null,"timeouts":[],"wait":null,"status":64,"targets":["#
            )),
            "{doc}"
        );
        assert!(doc.contains(r#"{"operand":"12","pid":12,"name":null,"outcome":"done","signals":[{"name":"SIGKILL""#), "{doc}");
        assert!(
            doc.contains(r#""ok":true}],"exit":{"code":0},"error":null}"#),
            "{doc}"
        );
        assert!(doc.contains(r#"{"operand":"x\"y","pid":null,"name":null,"outcome":"not_found","signals":[],"exit":null,"error":null}"#), "{doc}");
        assert!(doc.contains(r#""name":"sh","outcome":"failed""#), "{doc}");
        assert!(
            doc.contains(r#""ok":false,"error":{"kind":"InvalidSignal","code":null,"message":"#),
            "{doc}"
        );
        assert!(doc.ends_with("]}\n"), "{doc}");
    }
}
