//! Table and property tests of signal names and parsing.

use super::*;
use crate::ErrorKind;

fn parse_ok(s: &str) -> Signal {
    s.parse()
        .unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

fn assert_rejected(s: &str) {
    let err = s.parse::<Signal>().expect_err(s);
    assert_eq!(err.kind(), ErrorKind::InvalidSignal, "{s:?}");
    assert_eq!(err.raw_os_error(), None, "{s:?}");
    assert!(
        err.to_string().contains(&format!("{s:?}")),
        "the error must echo the input {s:?}: {err}"
    );
}

#[test]
fn every_name_parses_in_any_case_with_or_without_sig() {
    for (name, sig) in Signal::names() {
        let lower = name.to_ascii_lowercase();
        let mixed: String = name
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 0 {
                    c
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        for form in [
            name.to_owned(),
            lower.clone(),
            mixed,
            format!("SIG{name}"),
            format!("sig{lower}"),
            format!("Sig{name}"),
        ] {
            assert_eq!(parse_ok(&form), sig, "{form}");
        }
    }
}

#[test]
fn every_signal_round_trips_through_display_name_and_number() {
    let all: Vec<Signal> = Signal::all().collect();
    let fewest = if cfg!(windows) { 10 } else { 31 };
    assert!(all.len() >= fewest, "too few signals: {}", all.len());
    for sig in all.iter().copied().chain([Signal::NULL]) {
        assert_eq!(parse_ok(&sig.to_string()), sig);
        assert_eq!(parse_ok(&sig.name()), sig);
        assert!(!sig.description().is_empty());
        // Windows' Ctrl+C has Python's number 0, which is the null signal.
        #[cfg(windows)]
        if sig == Signal::CTRL_C {
            continue;
        }
        assert_eq!(parse_ok(&sig.as_raw().to_string()), sig);
        assert_eq!(Signal::from_raw(sig.as_raw()), Ok(sig));
    }
}

#[cfg(unix)]
#[test]
fn numbers_are_dense_from_one_to_the_highest_signal() {
    let all: Vec<i32> = Signal::all().map(Signal::as_raw).collect();
    let expected: Vec<i32> = (1..=*all.last().unwrap()).collect();
    assert_eq!(all, expected);
    assert!(Signal::from_raw(all.len() as i32 + 1).is_err());
}

#[test]
fn canonical_names_are_not_the_aliases() {
    assert_eq!(Signal::ABRT.to_string(), "SIGABRT");
    assert_eq!(Signal::TERM.to_string(), "SIGTERM");
    assert_eq!(Signal::NULL.to_string(), "0");
    assert_eq!(parse_ok("EXIT"), Signal::NULL);
    assert_eq!(parse_ok("sigexit"), Signal::NULL);
    assert_eq!(parse_ok("00"), Signal::NULL);
    assert_eq!(parse_ok("09"), Signal::KILL);
}

#[cfg(unix)]
#[test]
fn posix_aliases() {
    assert_eq!(parse_ok("IOT"), Signal::ABRT);
    assert_eq!(Signal::IO.name(), "IO");
    assert_eq!(Signal::CHLD.name(), "CHLD");
}

#[cfg(windows)]
#[test]
fn windows_names_are_pythons() {
    for (name, raw) in [
        ("CTRL_C", 0),
        ("CTRL_C_EVENT", 0),
        ("CTRL_BREAK", 1),
        ("CTRL_BREAK_EVENT", 1),
        ("INT", 2),
        ("ILL", 4),
        ("FPE", 8),
        ("KILL", 9),
        ("SEGV", 11),
        ("TERM", 15),
        ("BREAK", 21),
        ("SIGBREAK", 21),
        ("abrt", 22),
    ] {
        assert_eq!(parse_ok(name).as_raw(), raw, "{name}");
    }
    // 0 probes, as everywhere; Ctrl+C is reached by name only.
    assert_eq!(parse_ok("0"), Signal::NULL);
    assert_eq!(parse_ok("EXIT"), Signal::NULL);
    assert_ne!(parse_ok("CTRL_C"), Signal::NULL);
    assert_eq!(Signal::CTRL_C.to_string(), "CTRL_C_EVENT");
    assert_eq!(Signal::CTRL_BREAK.to_string(), "CTRL_BREAK_EVENT");
    assert_eq!(Signal::BREAK.to_string(), "SIGBREAK");
    assert_eq!(Signal::all().next(), Some(Signal::CTRL_C));
    // Every other number is an exit code for TerminateProcess.
    let code = parse_ok("100");
    assert_eq!((code.as_raw(), code.to_string()), (100, "100".to_owned()));
    assert!(code.description().contains("exit code"));
    assert_eq!(parse_ok("2147483647").as_raw(), i32::MAX);
    for bad in ["HUP", "USR1", "RTMIN", "-1", "2147483648", "CTRL_D"] {
        assert_rejected(bad);
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn linux_aliases_and_numbers() {
    for (alias, sig) in [
        ("CLD", Signal::CHLD),
        ("POLL", Signal::IO),
        ("IOT", Signal::ABRT),
    ] {
        assert_eq!(parse_ok(alias), sig);
    }
    assert_eq!(Signal::STKFLT.as_raw(), 16);
    assert_eq!(Signal::PWR.as_raw(), 30);
    assert_eq!(Signal::SYS.as_raw(), 31);
    // glibc keeps 32 and 33: valid numbers with no name.
    let reserved = Signal::from_raw(32).unwrap();
    assert_eq!(reserved.to_string(), "32");
    assert!(!reserved.is_realtime());
}

#[test]
fn realtime_forms() {
    let (Some(lo), Some(hi)) = (Signal::rtmin(), Signal::rtmax()) else {
        assert_rejected("RTMIN");
        return;
    };
    let (lo, hi) = (lo.as_raw(), hi.as_raw());
    assert!(lo < hi);
    assert_eq!(parse_ok("RTMIN").as_raw(), lo);
    assert_eq!(parse_ok("sigrtmax").as_raw(), hi);
    for n in 0..=hi - lo {
        let sig = Signal::from_raw(lo + n).unwrap();
        assert!(sig.is_realtime());
        assert_eq!(parse_ok(&format!("RTMIN+{n}")), sig);
        assert_eq!(parse_ok(&format!("rt{n}")), sig);
        assert_eq!(parse_ok(&format!("SIGRTMAX-{}", hi - lo - n)), sig);
    }
    assert_eq!(Signal::from_raw(lo + 1).unwrap().to_string(), "SIGRTMIN+1");
    assert_eq!(Signal::from_raw(hi - 1).unwrap().to_string(), "SIGRTMAX-1");
    for bad in [
        format!("RTMIN+{}", hi - lo + 1),
        format!("RTMAX-{}", hi - lo + 1),
        format!("RT{}", hi - lo + 1),
        "RTMIN-1".to_owned(),
        "RTMAX+1".to_owned(),
        "RTMIN+".to_owned(),
        "RTMIN+-1".to_owned(),
        "RTMIN++1".to_owned(),
        "RT".to_owned(),
        "RT-1".to_owned(),
        "RTMIN+99999999999".to_owned(),
        "RTMIN+ 1".to_owned(),
    ] {
        assert_rejected(&bad);
    }
}

#[test]
fn bad_forms_are_rejected_and_echoed() {
    for bad in [
        "",
        " ",
        "SIG",
        "sig",
        " TERM",
        "TERM ",
        "TERM\n",
        "+9",
        "-9",
        "9a",
        "0x9",
        "SIG9",
        "SIGSIGTERM",
        "4294967311",
        "2147483648",
        "99999999999999999999999",
        "-2147483648",
        "ТЕРМ",
        "SIGß",
        "K\u{0}ILL",
        "KILL\u{0}",
        "TERMINATE",
    ] {
        assert_rejected(bad);
    }
    #[cfg(unix)]
    {
        let max = Signal::all().last().unwrap().as_raw();
        assert_rejected(&(max + 1).to_string());
        assert_rejected("65536");
    }
}

#[test]
fn from_raw_rejects_out_of_range() {
    #[cfg(unix)]
    let beyond = [i32::MAX, 1 << 16];
    #[cfg(windows)]
    let beyond = [];
    for raw in [-1, i32::MIN].into_iter().chain(beyond) {
        let err = Signal::from_raw(raw).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidSignal);
        assert!(err.to_string().contains(&raw.to_string()), "{err}");
    }
}

#[test]
fn exit_status_decoding() {
    #[cfg(unix)]
    assert_eq!(Signal::from_exit_status(129), Some(Signal::HUP));
    assert_eq!(Signal::from_exit_status(130), Some(Signal::INT));
    assert_eq!(Signal::from_exit_status(143), Some(Signal::TERM));
    #[cfg(unix)]
    let beyond = [128 + 4096, i32::MAX];
    #[cfg(windows)]
    let beyond = [];
    for status in [i32::MIN, -1, 0, 1, 127, 128].into_iter().chain(beyond) {
        assert_eq!(Signal::from_exit_status(status), None, "{status}");
    }
}

/// A deterministic stream of pseudo-random strings over the characters that
/// signal names are made of: whatever parses must be a valid signal whose
/// display parses back to it, and nothing may panic.
#[test]
fn property_parse_never_panics_and_round_trips() {
    const ALPHABET: &[u8] = b"SIGsigRTMINAXrtminaxTERMKILLHUPUSR+-0123456789 \0\xff";
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let max = table::max_raw();
    let mut parsed = 0;
    for _ in 0..200_000 {
        let len = (next() % 10) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        match text.parse::<Signal>() {
            Ok(sig) => {
                parsed += 1;
                assert!((0..=max).contains(&sig.as_raw()), "{text:?}");
                assert_eq!(parse_ok(&sig.to_string()), sig, "{text:?}");
            }
            Err(err) => assert_eq!(err.kind(), ErrorKind::InvalidSignal),
        }
    }
    assert!(
        parsed > 100,
        "the generator should hit valid forms too: {parsed}"
    );
}
