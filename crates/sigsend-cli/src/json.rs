//! `--json`: one JSON document on stdout that describes every target, each
//! signal sent with its result, and the exit where it was waited for.
//!
//! ```text
//! {"signal":{"name":"SIGTERM","number":15},"dry_run":false,"status":64,
//!  "targets":[
//!   {"operand":"1234","pid":1234,"name":null,"outcome":"done",
//!    "signals":[{"name":"SIGTERM","number":15,"ok":true}],"exit":{"code":15}},
//!   {"operand":"nginx","pid":null,"name":null,"outcome":"not_found","signals":[],"exit":null}]}
//! ```
//!
//! A target still running at the end (`"outcome"` `"still_running"`, or
//! `"interrupted"` when a signal to sigsend ended its wait) has
//! `"stopped":true` if it is stopped by a signal (it cannot exit until
//! continued), else `"stopped":false`; other targets have no `"stopped"`.
//! An interrupted run says `"status":3`, as a wait that gave up does (the
//! signal then ends sigsend).
//!
//! A failed signal has `"ok":false` and `"error":{"kind":"NoSuchProcess",
//! "code":3,"message":"..."}` (`code` is null when sigsend refused it
//! itself). An exit is `{"code":N}`, `{"signal":"SIGKILL","number":9}` or
//! `{"unknown":true}` (a process that is not the caller's child on POSIX).

use std::fmt::Write as _;
use std::io::{self, Write};

use sigsend::{Exit, Signal};

use crate::record::{Outcome, Record};
use crate::Status;

/// Writes the document, and a newline, to `out`.
pub fn write(
    out: &mut impl Write,
    signal: Signal,
    dry_run: bool,
    records: &[Record<'_>],
    status: Status,
) -> io::Result<()> {
    let mut doc = String::from("{\"signal\":");
    signal_object(&mut doc, signal);
    let _ = write!(
        doc,
        ",\"dry_run\":{dry_run},\"status\":{},\"targets\":[",
        status as u8
    );
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
    match &record.name {
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
        Some(Exit::Signaled(signal)) => signal_object(doc, signal),
        Some(_) => doc.push_str("{\"unknown\":true}"),
    }
    doc.push('}');
}

fn sent(doc: &mut String, signal: Signal, result: &Result<(), sigsend::Error>) {
    doc.push('{');
    signal_fields(doc, signal);
    match result {
        Ok(()) => doc.push_str(",\"ok\":true}"),
        Err(err) => {
            let _ = write!(
                doc,
                ",\"ok\":false,\"error\":{{\"kind\":\"{:?}\",\"code\":",
                err.kind()
            );
            match err.raw_os_error() {
                Some(code) => {
                    let _ = write!(doc, "{code}");
                }
                None => doc.push_str("null"),
            }
            doc.push_str(",\"message\":");
            string(doc, &err.to_string());
            doc.push_str("}}");
        }
    }
}

/// `{"name":"SIGTERM","number":15}`.
fn signal_object(doc: &mut String, signal: Signal) {
    doc.push('{');
    signal_fields(doc, signal);
    doc.push('}');
}

/// `"name":"SIGTERM","number":15`: a signal's fields, in an object.
fn signal_fields(doc: &mut String, signal: Signal) {
    doc.push_str("\"name\":");
    string(doc, &signal.to_string());
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
        write(&mut out, Signal::KILL, false, records, status).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped() {
        let mut doc = String::new();
        string(&mut doc, "a\"b\\c\nd\u{1}é");
        assert_eq!(doc, r#""a\"b\\c\nd\u0001é""#);
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
                r#"{{"signal":{kill},"dry_run":false,"status":64,"targets":["#
            )),
            "{doc}"
        );
        assert!(doc.contains(r#"{"operand":"12","pid":12,"name":null,"outcome":"done","signals":[{"name":"SIGKILL""#), "{doc}");
        assert!(doc.contains(r#""ok":true}],"exit":{"code":0}}"#), "{doc}");
        assert!(doc.contains(r#"{"operand":"x\"y","pid":null,"name":null,"outcome":"not_found","signals":[],"exit":null}"#), "{doc}");
        assert!(doc.contains(r#""name":"sh","outcome":"failed""#), "{doc}");
        assert!(
            doc.contains(r#""ok":false,"error":{"kind":"InvalidSignal","code":null,"message":"#),
            "{doc}"
        );
        assert!(doc.ends_with("]}\n"), "{doc}");
    }
}
