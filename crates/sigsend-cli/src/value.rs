//! The values of options, read from text: a signal, a queued integer, a
//! count of milliseconds, a duration, a pattern, a parent pid, a port.
//! Each error says what was wrong.

use std::time::Duration;

use sigsend::{Protocol, Signal};

use crate::lowargs::{Error, Pattern};

/// A signal argument, read only by [`Signal`]'s parser; an error echoes it.
pub(crate) fn signal(text: &str) -> Result<Signal, Error> {
    text.parse()
        .map_err(|_| Error::InvalidSignal(text.to_owned()))
}

/// The value of `-q`: a decimal `int`, never truncated.
pub(crate) fn queue(text: &str) -> Result<i32, Error> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(value) = text.parse() {
            return Ok(value);
        }
    }
    Err(Error::Usage(format!(
        "invalid value for --queue: {text} (an integer from {} to {})",
        i32::MIN,
        i32::MAX
    )))
}

/// The REGEX of `--pattern`, compiled here so that a bad one is a usage
/// error before anything is looked at. A REGEX that matches the empty
/// string (``, `.*`, `^`, `x*`: what an empty `"$VAR"` makes of a pattern)
/// would select every process, so it is refused too; `.+` says "every
/// name" on purpose.
pub(crate) fn pattern(text: &str) -> Result<Pattern, Error> {
    let pattern = Pattern::new(text)
        .map_err(|err| Error::Usage(format!("invalid --pattern {text:?}: {err}")))?;
    if text.is_empty() {
        return Err(Error::Usage(
            "invalid --pattern \"\": an empty pattern would select every process".to_owned(),
        ));
    }
    if pattern.is_match("") {
        return Err(Error::Usage(format!(
            "invalid --pattern {text:?}: it matches the empty string, so it would select \
             every process (write .+ to mean any name)"
        )));
    }
    Ok(pattern)
}

/// The PPID of `--parent`: a process id, digits only.
pub(crate) fn parent(text: &str) -> Result<u32, Error> {
    count(text)
        .and_then(|pid| u32::try_from(pid).ok())
        .filter(|&pid| pid > 0)
        .ok_or_else(|| Error::Usage(format!("invalid --parent: {text} (a process ID)")))
}

/// The value of `--port`: `PORT`, `PORT/tcp` or `PORT/udp`, PORT from 1
/// to 65535.
pub(crate) fn port(text: &str) -> Result<(u16, Option<Protocol>), Error> {
    let (number, protocol) = match text.split_once('/') {
        None => (text, Some(None)),
        Some((number, "tcp")) => (number, Some(Some(Protocol::Tcp))),
        Some((number, "udp")) => (number, Some(Some(Protocol::Udp))),
        Some((number, _)) => (number, None),
    };
    let number = count(number)
        .and_then(|port| u16::try_from(port).ok())
        .filter(|&port| port > 0);
    match (number, protocol) {
        (Some(number), Some(protocol)) => Ok((number, protocol)),
        _ => Err(Error::Usage(format!(
            "invalid --port: {text} (PORT, PORT/tcp or PORT/udp, PORT from 1 to 65535)"
        ))),
    }
}

/// The MS of `--timeout MS SIG`: plain digits.
pub(crate) fn millis(text: &str) -> Result<Duration, Error> {
    count(text)
        .map(Duration::from_millis)
        .ok_or_else(|| Error::Usage(format!("invalid timeout in milliseconds: {text}")))
}

/// The DURATION of `--wait=DURATION`.
pub(crate) fn wait(text: &str) -> Result<Duration, Error> {
    duration(text).ok_or_else(|| {
        Error::Usage(format!(
            "invalid duration for --wait: {text:?} (give 500ms, 5s, 2m, or seconds)"
        ))
    })
}

/// Plain ASCII digits as a `u64`.
fn count(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A duration: a number with a unit (`500ms`, `5s`, `2m`); a bare number
/// is seconds.
fn duration(text: &str) -> Option<Duration> {
    if let Some(ms) = text.strip_suffix("ms") {
        return count(ms).map(Duration::from_millis);
    }
    if let Some(minutes) = text.strip_suffix('m') {
        return count(minutes)?.checked_mul(60).map(Duration::from_secs);
    }
    let seconds = text.strip_suffix('s').unwrap_or(text);
    count(seconds).map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(duration("5s"), Some(Duration::from_secs(5)));
        assert_eq!(duration("5"), Some(Duration::from_secs(5)));
        assert_eq!(duration("2m"), Some(Duration::from_secs(120)));
        for bad in [
            "",
            "s",
            "ms",
            "-1s",
            "1.5s",
            "1h",
            "99999999999999999999",
            "x",
        ] {
            assert_eq!(duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_pattern_must_need_a_character() {
        for good in ["sleep", "^sl", "ee", ".+", "^a*b$", "x|y", "(?i)SLEEP"] {
            assert!(pattern(good).is_ok(), "{good:?}");
        }
        assert_eq!(
            pattern(""),
            Err(Error::Usage(
                "invalid --pattern \"\": an empty pattern would select every process".into()
            ))
        );
        for bad in [".*", "^", "$", "a*", "x?", "|x", "(x)*", "^$", "\\b*"] {
            match pattern(bad) {
                Err(Error::Usage(message)) => assert!(
                    message.contains("matches the empty string"),
                    "{bad:?}: {message}"
                ),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn queue_values() {
        assert_eq!(queue("-5"), Ok(-5));
        assert_eq!(queue("+7"), Ok(7));
        assert_eq!(queue("2147483647"), Ok(i32::MAX));
        for bad in ["", "-", "1e3", " 1", "2147483648", "0x10"] {
            assert!(matches!(queue(bad), Err(Error::Usage(_))), "{bad:?}");
        }
    }
}
