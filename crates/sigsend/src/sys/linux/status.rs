//! The owner and the signal masks of a process from `/proc/PID/status`
//! (util-linux `kill -d` reads the same lines).

use super::procfs;
use crate::error::Error;
use crate::{Signal, SignalSet, SignalState};

/// What `/proc/PID/status` says that `stat` does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Status {
    /// The effective uid, the second number of `Uid:`.
    pub uid: Option<u32>,
    /// The process a thread belongs to (`Tgid:`): the pid itself for a
    /// process, another for a thread that is not its process's first.
    pub tgid: Option<i32>,
    pub signals: SignalState,
}

/// The status of `pid`, `None` when there is no such process.
pub(crate) fn read(pid: i32) -> Result<Option<Status>, Error> {
    Ok(procfs::read(pid, "status")?.map(|text| parse(&text)))
}

/// Reads the `Uid:` and `Sig*:` lines; a line missing or unreadable
/// leaves its value unknown or empty.
pub(crate) fn parse(text: &[u8]) -> Status {
    let text = String::from_utf8_lossy(text);
    let mut status = Status {
        uid: None,
        tgid: None,
        signals: SignalState::default(),
    };
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        let set = match key {
            "Uid" => {
                status.uid = effective_uid(value);
                continue;
            }
            "Tgid" => {
                status.tgid = value.parse().ok();
                continue;
            }
            "SigPnd" => &mut status.signals.pending_thread,
            "ShdPnd" => &mut status.signals.pending_process,
            "SigBlk" => &mut status.signals.blocked,
            "SigIgn" => &mut status.signals.ignored,
            "SigCgt" => &mut status.signals.caught,
            _ => continue,
        };
        if let Ok(mask) = u64::from_str_radix(value, 16) {
            *set = set_of(mask);
        }
    }
    status
}

/// The effective uid alone, from the `Uid:` line (the only line a listing
/// that asks for the owner needs).
pub(crate) fn uid(text: &[u8]) -> Option<u32> {
    let start = text.windows(5).position(|line| line == b"\nUid:")? + 5;
    let line = text[start..].split(|&b| b == b'\n').next()?;
    effective_uid(std::str::from_utf8(line).ok()?)
}

/// The second of the numbers `Uid:` gives (real, effective, saved, fs).
fn effective_uid(value: &str) -> Option<u32> {
    value.split_whitespace().nth(1)?.parse().ok()
}

/// The signals of a mask: bit `n - 1` is signal `n`.
fn set_of(mask: u64) -> SignalSet {
    (1..=64)
        .filter(|n| mask & (1 << (n - 1)) != 0)
        .filter_map(|n| Signal::from_raw(n).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_owner_and_the_masks() {
        let text = "Name:\tsleep\nUid:\t1000\t1001\t1000\t1000\nSigPnd:\t0000000000000000\n\
                    ShdPnd:\t0000000000000100\nSigBlk:\t0000000000000001\n\
                    SigIgn:\t0000000000001000\nSigCgt:\t0000000000000200\n";
        let status = parse(text.as_bytes());
        assert_eq!(status.uid, Some(1001));
        assert_eq!(uid(text.as_bytes()), Some(1001));
        let signals = status.signals;
        assert!(signals.pending_thread.is_empty());
        assert_eq!(
            signals.pending_process.iter().collect::<Vec<_>>(),
            [Signal::KILL]
        );
        assert_eq!(signals.blocked.iter().collect::<Vec<_>>(), [Signal::HUP]);
        assert_eq!(signals.ignored.iter().collect::<Vec<_>>(), [Signal::PIPE]);
        assert_eq!(signals.caught.iter().collect::<Vec<_>>(), [Signal::USR1]);
    }

    #[test]
    fn tolerates_what_it_does_not_know() {
        let status = parse(b"Uid:\tx\nSigCgt:\tzz\nnonsense\n");
        assert_eq!(status.uid, None);
        assert_eq!(status.signals, SignalState::default());
        assert_eq!(uid(b"Name:\tx\nUid:\tx\n"), None);
        assert_eq!(uid(b"Name:\tx\nGid:\t1 2 3 4\n"), None);
    }
}
