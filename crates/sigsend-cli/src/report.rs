//! Messages on stderr, in util-linux's form: `sigsend: MESSAGE`, with the
//! name the program was started as (`kill: MESSAGE` through a `kill`
//! symlink).

use std::borrow::Cow;
use std::fmt::{Display, Write as _};
use std::io::{self, Write};

use std::path::Path;
use std::sync::OnceLock;

use sigsend_cli::cli::PROGRAM;

/// The name the program was started as: the file name of `argv[0]`
/// (without `.exe` on Windows), as util-linux programs name themselves;
/// [`PROGRAM`] when `argv[0]` is missing or empty.
pub(crate) fn program() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let argv0 = std::env::args_os().next().unwrap_or_default();
        let name = Path::new(&argv0)
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = match name.get(name.len().saturating_sub(4)..) {
            Some(ext) if cfg!(windows) && ext.eq_ignore_ascii_case(".exe") => {
                name[..name.len() - 4].to_owned()
            }
            _ => name,
        };
        if name.is_empty() {
            PROGRAM.to_owned()
        } else {
            name
        }
    })
}

/// Writes `sigsend: MESSAGE` (the name is [`program`]'s) and a newline on
/// stderr. A failure to write
/// there cannot be reported anywhere, so it is ignored (where `eprintln!`
/// would panic).
pub(crate) fn error(message: impl Display) {
    let _ = writeln!(io::stderr().lock(), "{}: {message}", program());
}

/// `text` as a line of text output shows it: a control character (below
/// U+0020, U+007F to U+009F) written as a C escape (`\n`, `\t`, `\r`,
/// `\x1b`, `\u{85}`), a backslash doubled, so that no process name or
/// operand can break a line, forge a second one or move the cursor.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\\' || c.is_control()) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => shown.push_str("\\\\"),
            '\n' => shown.push_str("\\n"),
            '\t' => shown.push_str("\\t"),
            '\r' => shown.push_str("\\r"),
            c if u32::from(c) < 0x80 && c.is_control() => {
                let _ = write!(shown, "\\x{:02x}", u32::from(c));
            }
            c if c.is_control() => {
                let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
            }
            c => shown.push(c),
        }
    }
    Cow::Owned(shown)
}

/// Writes util-linux's hint after a usage error, on stderr:
/// `Try 'sigsend --help' for more information.`
pub(crate) fn try_help() {
    let _ = writeln!(
        io::stderr().lock(),
        "Try '{} --help' for more information.",
        program()
    );
}

/// The text of an I/O error as C's `strerror` gives it, as util-linux
/// prints it: `No such process`, without Rust's ` (os error 3)`.
pub(crate) fn io_message(err: &io::Error) -> String {
    let text = err.to_string();
    match err.raw_os_error() {
        Some(code) => match text.strip_suffix(&format!(" (os error {code})")) {
            Some(bare) => bare.to_owned(),
            None => text,
        },
        None => text,
    }
}

/// The text of a failed signal call: the OS's words for its error code
/// (`Operation not permitted`), else sigsend's own message.
pub(crate) fn os_message(err: &sigsend::Error) -> String {
    match err.raw_os_error() {
        Some(code) => io_message(&io::Error::from_raw_os_error(code)),
        None => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_error_text_has_no_code_suffix() {
        let text = io_message(&io::Error::from_raw_os_error(5));
        assert!(!text.is_empty() && !text.contains("os error"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn os_error_text_is_strerror() {
        let err = io::Error::from_raw_os_error(3);
        assert_eq!(io_message(&err), "No such process");
        let err = io::Error::from_raw_os_error(1);
        assert_eq!(io_message(&err), "Operation not permitted");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape("sleep"), "sleep");
        assert_eq!(escape("a\nb\tc\rd"), "a\\nb\\tc\\rd");
        assert_eq!(escape("\u{1b}[31m\u{7f}"), "\\x1b[31m\\x7f");
        assert_eq!(escape("x\u{85}é\\"), "x\\u{85}é\\\\");
    }

    #[test]
    fn other_errors_are_kept_whole() {
        let err = io::Error::other("odd");
        assert_eq!(io_message(&err), "odd");
        let err = "NOPE".parse::<sigsend::Signal>().unwrap_err();
        assert_eq!(os_message(&err), err.to_string());
    }
}
