//! Asking about a target without sending it a signal: `-r`'s test
//! ([`catches`]) and `--dry-run`'s null signal ([`probe`]), for a plain
//! send, a plan and a tree kill alike.

use sigsend::{Signal, Target};

/// `-r`'s test: whether a process whose signal state is `state` catches
/// `signal` (one whose state cannot be read does not, as util-linux has
/// it).
pub(crate) fn catches(
    state: Result<sigsend::SignalState, sigsend::Error>,
    signal: sigsend::Signal,
) -> bool {
    state.is_ok_and(|state| state.caught.contains(signal))
}

/// The null signal to a target, through its handle where it has one: the
/// checks of a real send, nothing sent. What cannot be asked so passes:
/// `-1` (every process: no call is made for it at all), and a group on
/// Windows, which takes no null signal.
pub(crate) fn probe(handle: Option<&sigsend::Process>, pid: i32) -> Result<(), sigsend::Error> {
    let result = match (handle, Target::from_kill_pid(pid)) {
        (Some(handle), _) => handle.signal(Signal::NULL),
        (None, Target::Everyone) => Ok(()),
        (None, target) => target.send(Signal::NULL),
    };
    match result {
        Err(err) if err.kind() == sigsend::ErrorKind::Unsupported => Ok(()),
        result => result,
    }
}
