//! An operand of the send command (or of `-d`), read into an [`Operand`]:
//! a pid as `kill(2)` reads it, a `PID:INODE` pidfs identity, or a process
//! name.

use std::ffi::{OsStr, OsString};
use std::fmt;

use sigsend::Process;

/// What an operand names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Operand {
    /// A `kill(2)` pid, as typed: a process (`> 0`), the caller's own
    /// process group (`0`), every process the caller may signal (`-1`), or
    /// the process group `-pid` (`< -1`).
    Pid(i32),
    /// `PID:INODE`: the process `pid` only while its pidfs inode is `inode`.
    PidInode {
        /// The process id.
        pid: u32,
        /// The inode of its pidfd on pidfs.
        inode: u64,
    },
    /// Anything else: the processes whose command name is exactly this,
    /// byte for byte (the operand as given, not valid UTF-8 included).
    Name(OsString),
}

/// An operand that names nothing; the message names the operand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Error {
    /// The empty string.
    Empty,
    /// A number that does not fit a pid (`i32`), or pid 0 in `PID:INODE`;
    /// never truncated.
    OutOfRange(String),
    /// A `PID:INODE` whose INODE does not fit an inode (`u64`).
    InodeOutOfRange(String),
}

/// The message, without the program name.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => f.write_str("invalid process ID: \"\""),
            Error::OutOfRange(text) => write!(f, "process ID out of range: {text}"),
            Error::InodeOutOfRange(text) => write!(f, "inode out of range: {text}"),
        }
    }
}

/// Reads one operand: an optionally signed decimal number that fits `i32`,
/// `PID:INODE` (both decimal), or else a name, kept as given (an operand
/// that is not UTF-8 is always a name, and matches only that very name).
pub(crate) fn parse(operand: &OsStr) -> Result<Operand, Error> {
    let Some(text) = operand.to_str() else {
        return Ok(Operand::Name(operand.to_owned()));
    };
    if text.is_empty() {
        return Err(Error::Empty);
    }
    if is_decimal(text) {
        return text
            .parse()
            .map(Operand::Pid)
            .map_err(|_| Error::OutOfRange(text.to_owned()));
    }
    match text.split_once(':') {
        Some((pid, inode)) if is_digits(pid) && is_digits(inode) => {
            let Some(pid) = pid.parse::<i32>().ok().filter(|&pid| pid > 0) else {
                return Err(Error::OutOfRange(text.to_owned()));
            };
            let Ok(inode) = inode.parse::<u64>() else {
                return Err(Error::InodeOutOfRange(text.to_owned()));
            };
            Ok(Operand::PidInode {
                pid: pid.unsigned_abs(),
                inode,
            })
        }
        _ => Ok(Operand::Name(operand.to_owned())),
    }
}

/// A handle on the process `pid`, only while its pidfs inode is `inode`
/// where one is given: how the binary opens every process it holds (`-d`,
/// `PID:INODE`, `--queue`, `--timeout`, `--wait` and `--tree`). Pid 0 is
/// refused (`InvalidInput`).
pub(crate) fn open(pid: u32, inode: Option<u64>) -> Result<Process, sigsend::Error> {
    match inode {
        Some(inode) => Process::open_with_inode(pid, inode),
        None => Process::open(pid),
    }
}

/// `[+-]?[0-9]+`, the shape of a number `strtol` reads whole.
fn is_decimal(text: &str) -> bool {
    is_digits(text.strip_prefix(['+', '-']).unwrap_or(text))
}

/// One or more ASCII digits.
pub(crate) fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Operand, Error> {
        super::parse(OsStr::new(text))
    }

    #[test]
    fn numbers() {
        assert_eq!(parse("123"), Ok(Operand::Pid(123)));
        assert_eq!(parse("0"), Ok(Operand::Pid(0)));
        assert_eq!(parse("-1"), Ok(Operand::Pid(-1)));
        assert_eq!(parse("-4321"), Ok(Operand::Pid(-4321)));
        assert_eq!(parse("+7"), Ok(Operand::Pid(7)));
        assert_eq!(parse("2147483647"), Ok(Operand::Pid(i32::MAX)));
        assert_eq!(parse("-2147483648"), Ok(Operand::Pid(i32::MIN)));
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
    fn pid_inode() {
        let target = Operand::PidInode {
            pid: 12,
            inode: 345,
        };
        assert_eq!(parse("12:345"), Ok(target));
        let max = format!("{}:{}", i32::MAX, u64::MAX);
        assert!(matches!(parse(&max), Ok(Operand::PidInode { .. })));
        for text in ["0:5", "2147483648:5", "2147483648:18446744073709551616"] {
            assert_eq!(parse(text), Err(Error::OutOfRange(text.to_owned())));
        }
        let text = "5:18446744073709551616";
        assert_eq!(parse(text), Err(Error::InodeOutOfRange(text.to_owned())));
        assert_eq!(
            Error::InodeOutOfRange(text.to_owned()).to_string(),
            "inode out of range: 5:18446744073709551616"
        );
    }

    #[test]
    fn anything_else_is_a_name() {
        assert_eq!(parse(""), Err(Error::Empty));
        for name in ["foo", "12abc", "-", "--", " 12", "-HUP", "a:b", "12:", ":5"] {
            assert_eq!(parse(name), Ok(Operand::Name(name.into())), "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_keeps_its_bytes() {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        for bytes in [&b"zq\xfex"[..], b"12\xff", b"1:\xff", b"\xff"] {
            let name = OsStr::from_bytes(bytes);
            assert_eq!(
                super::parse(name),
                Ok(Operand::Name(OsString::from_vec(bytes.to_vec()))),
                "{name:?}"
            );
        }
    }
}
