//! The thread group and the signal masks of a process from
//! `/proc/PID/status` (util-linux `kill -d` reads the same lines).

use super::procfs;
use crate::error::Error;
use crate::{Signal, SignalSet, SignalState};

/// What `/proc/PID/status` says that `stat` does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Status {
    /// The process a thread belongs to (`Tgid:`): the pid itself for a
    /// process, another for a thread that is not its process's first.
    pub tgid: Option<i32>,
    pub signals: SignalState,
}

/// The status of `pid`, `None` when there is no such process.
pub(crate) fn read(pid: i32) -> Result<Option<Status>, Error> {
    Ok(procfs::read(pid, "status")?.map(|text| parse(&text)))
}

/// Reads the `Tgid:` and `Sig*:` lines; a line missing or unreadable
/// leaves its value unknown or empty.
pub(crate) fn parse(text: &[u8]) -> Status {
    let text = String::from_utf8_lossy(text);
    let mut status = Status {
        tgid: None,
        signals: SignalState::default(),
    };
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        let set = match key {
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
    fn parses_the_thread_group_and_the_masks() {
        let text = "Name:\tsleep\nTgid:\t1001\nSigPnd:\t0000000000000000\n\
                    ShdPnd:\t0000000000000100\nSigBlk:\t0000000000000001\n\
                    SigIgn:\t0000000000001000\nSigCgt:\t0000000000000200\n";
        let status = parse(text.as_bytes());
        assert_eq!(status.tgid, Some(1001));
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
        let status = parse(b"Tgid:\tx\nSigCgt:\tzz\nnonsense\n");
        assert_eq!(status.tgid, None);
        assert_eq!(status.signals, SignalState::default());
    }
}
