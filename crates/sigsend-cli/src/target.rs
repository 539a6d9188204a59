//! An operand of the send command, read into a [`Target`].
//!
//! This version knows process IDs only; the other operand forms of the spec
//! (a process NAME, `PID:INODE`) are recognised and refused with a clear
//! message, so that nothing is ever sent to a misread operand.

use std::fmt;

/// What an operand names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A `kill(2)` pid, as typed: a process (`> 0`), the caller's own
    /// process group (`0`), every process the caller may signal (`-1`), or
    /// the process group `-pid` (`< -1`).
    Pid(i32),
}

/// An operand that names no target this version can signal; the message
/// names the operand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The empty string.
    Empty,
    /// A decimal number that does not fit a pid (`i32`); never truncated.
    OutOfRange(String),
    /// `PID:INODE`, which a later version supports.
    PidInode(String),
    /// Anything else would be a process name, which a later version supports.
    Name(String),
}

/// The message, without the program name.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => f.write_str("invalid process ID: \"\""),
            Error::OutOfRange(text) => write!(f, "process ID out of range: {text}"),
            Error::PidInode(text) => {
                write!(f, "PID:INODE operands are not supported yet: {text}")
            }
            Error::Name(text) => write!(f, "process names are not supported yet: {text:?}"),
        }
    }
}

/// Reads one operand: an optionally signed decimal number that fits `i32`.
pub fn parse(text: &str) -> Result<Target, Error> {
    if text.is_empty() {
        return Err(Error::Empty);
    }
    if is_decimal(text) {
        return text
            .parse()
            .map(Target::Pid)
            .map_err(|_| Error::OutOfRange(text.to_owned()));
    }
    match text.split_once(':') {
        Some((pid, inode)) if is_digits(pid) && is_digits(inode) => {
            Err(Error::PidInode(text.to_owned()))
        }
        _ => Err(Error::Name(text.to_owned())),
    }
}

/// `[+-]?[0-9]+`, the shape of a number `strtol` reads whole.
fn is_decimal(text: &str) -> bool {
    is_digits(text.strip_prefix(['+', '-']).unwrap_or(text))
}

/// One or more ASCII digits.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse("123"), Ok(Target::Pid(123)));
        assert_eq!(parse("0"), Ok(Target::Pid(0)));
        assert_eq!(parse("-1"), Ok(Target::Pid(-1)));
        assert_eq!(parse("-4321"), Ok(Target::Pid(-4321)));
        assert_eq!(parse("+7"), Ok(Target::Pid(7)));
        assert_eq!(parse("2147483647"), Ok(Target::Pid(i32::MAX)));
        assert_eq!(parse("-2147483648"), Ok(Target::Pid(i32::MIN)));
    }

    #[test]
    fn out_of_range_is_never_truncated() {
        for text in ["99999999999", "2147483648", "-2147483649", "4294967311"] {
            assert_eq!(parse(text), Err(Error::OutOfRange(text.to_owned())));
        }
        assert_eq!(
            Error::OutOfRange("99999999999".into()).to_string(),
            "process ID out of range: 99999999999"
        );
    }

    #[test]
    fn other_forms_are_refused() {
        assert_eq!(parse(""), Err(Error::Empty));
        assert_eq!(parse("foo"), Err(Error::Name("foo".into())));
        assert_eq!(parse("12abc"), Err(Error::Name("12abc".into())));
        assert_eq!(parse("-"), Err(Error::Name("-".into())));
        assert_eq!(parse("--"), Err(Error::Name("--".into())));
        assert_eq!(parse(" 12"), Err(Error::Name(" 12".into())));
        assert_eq!(parse("12:345"), Err(Error::PidInode("12:345".into())));
        assert_eq!(
            Error::Name("foo".into()).to_string(),
            "process names are not supported yet: \"foo\""
        );
    }
}
