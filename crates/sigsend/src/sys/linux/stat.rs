//! A process's start time and state from `/proc/PID/stat`: its identity
//! where there is no pidfd. A pid names a new process once it is reused,
//! but that process has another start time (clock ticks since boot).

use std::io;

use crate::error::{Call, Error};

/// What `/proc/PID/stat` says of a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stat {
    /// Field 22, `starttime`.
    pub start: u64,
    /// Field 3 is `Z`: it has exited and waits to be reaped.
    pub zombie: bool,
}

/// The stat of `pid`, `None` when there is no such process.
pub(crate) fn read(pid: i32) -> Result<Option<Stat>, Error> {
    match std::fs::read(format!("/proc/{pid}/stat")) {
        Ok(text) => Ok(parse(&text)),
        Err(err) if matches!(err.kind(), io::ErrorKind::NotFound) => Ok(None),
        // ESRCH: the process went away while the file was read.
        Err(err) if err.raw_os_error() == Some(libc::ESRCH) => Ok(None),
        Err(err) => Err(Error::from_os(
            err.raw_os_error().unwrap_or(0),
            Call::ReadStat { pid },
        )),
    }
}

/// Parses `PID (COMM) STATE PPID ...`. COMM may hold spaces and
/// parentheses, so the fields are counted after its last `)`.
fn parse(text: &[u8]) -> Option<Stat> {
    let close = text.iter().rposition(|&b| b == b')')?;
    let rest = std::str::from_utf8(&text[close + 1..]).ok()?;
    let mut fields = rest.split_ascii_whitespace();
    let state = fields.next()?;
    // Field 3 is the state; field 22 is 19 fields after it.
    let start = fields.nth(18)?.parse().ok()?;
    Some(Stat {
        start,
        zombie: state == "Z",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_start_time_after_an_odd_command_name() {
        let line = b"4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        assert_eq!(
            parse(line),
            Some(Stat {
                start: 987654,
                zombie: false
            })
        );
        let zombie =
            b"7 (sh) Z 1 7 7 0 -1 4194308 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0 18446744073709551615\n";
        assert_eq!(
            parse(zombie),
            Some(Stat {
                start: 55,
                zombie: true
            })
        );
        assert_eq!(parse(b"garbage"), None);
        assert_eq!(parse(b"1 (x) S 1 2"), None);
    }

    #[test]
    fn reads_our_own_start_time() {
        let pid = std::process::id() as i32;
        let first = read(pid).unwrap().expect("we exist");
        assert!(!first.zombie);
        assert_eq!(read(pid).unwrap(), Some(first));
    }
}
