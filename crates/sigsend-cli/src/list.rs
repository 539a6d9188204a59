//! `-l` and `-L`: the signal names, the table of numbers and names, and the
//! conversions of `-l ARG...`, laid out byte for byte as util-linux `kill`
//! lays them out.

use std::io::{self, Write};

use sigsend::Signal;

use crate::{operand, report};

/// The width `-l` wraps its names at on a terminal.
const OUTPUT_WIDTH: usize = 72;

/// The width of one `-L` entry on a terminal: `%2d %-8s` and the gap.
const FIELD_WIDTH: usize = 11;

/// `-l`: every signal name, aliases included, in table order, then the
/// real-time forms where the OS has real-time signals.
///
/// `pretty` (stdout is a terminal): the names space-separated, wrapped at
/// 72 columns, the real-time forms appended to the last line. Otherwise one
/// name a line.
pub(crate) fn names(out: &mut impl Write, pretty: bool) -> io::Result<()> {
    let realtime = Signal::rtmin().is_some();
    if !pretty {
        for (name, _) in Signal::names() {
            writeln!(out, "{name}")?;
        }
        if realtime {
            out.write_all(b"RT<N>\nRTMIN+<N>\nRTMAX-<N>\n")?;
        }
        return Ok(());
    }
    let mut column = 0;
    for (name, _) in Signal::names() {
        let len = 1 + name.len();
        if OUTPUT_WIDTH < column + len {
            out.write_all(b"\n")?;
            column = 0;
        } else if column > 0 {
            out.write_all(b" ")?;
        }
        column += len;
        out.write_all(name.as_bytes())?;
    }
    if realtime {
        out.write_all(b" RT<N> RTMIN+<N> RTMAX-<N>")?;
    }
    out.write_all(b"\n")
}

/// `-L`: `%2d %-8s` entries for every name, aliases included, then RTMIN
/// and RTMAX where the OS has them.
///
/// `width` `None` (not a terminal): one entry a line, trailing spaces kept.
/// `Some(width)`: as many 11-column fields a line as fit in `width`, and a
/// newline at the end.
pub(crate) fn table(out: &mut impl Write, width: Option<usize>) -> io::Result<()> {
    let Some(width) = width else {
        for (num, name) in table_entries() {
            writeln!(out, "{num:2} {name:<8}")?;
        }
        return Ok(());
    };
    let mut column = 0;
    for (num, name) in table_entries() {
        if width < column + FIELD_WIDTH {
            out.write_all(b"\n")?;
            column = 0;
        }
        column += FIELD_WIDTH;
        write!(out, "{num:2} {name:<8}")?;
    }
    out.write_all(b"\n")
}

/// The entries of `-L`: each name with its number, then RTMIN and RTMAX.
fn table_entries() -> impl Iterator<Item = (i32, &'static str)> {
    let named = Signal::names().map(|(name, sig)| (sig.as_raw(), name));
    let realtime = [(Signal::rtmin(), "RTMIN"), (Signal::rtmax(), "RTMAX")]
        .into_iter()
        .filter_map(|(sig, name)| Some((sig?.as_raw(), name)));
    named.chain(realtime)
}

/// The width `-L` fills on a terminal: `COLUMNS` when it holds a positive
/// number (as util-linux reads it), else 73; less one, as util-linux does.
///
/// util-linux asks the terminal first (`TIOCGWINSZ`); this binary makes no
/// system calls and the library offers no such query, so `COLUMNS` it is.
pub(crate) fn terminal_width() -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|value| columns(&value))
        .unwrap_or(OUTPUT_WIDTH + 1);
    columns - 1
}

/// A `COLUMNS` value as `strtol` reads it whole: leading white space, an
/// optional sign, digits; positive and at most `INT_MAX`.
fn columns(value: &str) -> Option<usize> {
    let number = value.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let columns: i32 = number.parse().ok()?;
    usize::try_from(columns).ok().filter(|&n| n > 0)
}

/// `-l ARG...`: converts each operand in turn and prints the result, one
/// item a line. A bad operand is reported on stderr (after what was printed
/// before it) and the others are still converted.
///
/// Returns whether every operand was good.
pub(crate) fn convert_all(out: &mut impl Write, operands: &[String]) -> io::Result<bool> {
    let mut all_good = true;
    for operand in operands {
        match convert(operand) {
            Ok(lines) => {
                for line in lines {
                    writeln!(out, "{line}")?;
                }
            }
            Err(message) => {
                out.flush()?;
                report::error(message);
                all_good = false;
            }
        }
    }
    Ok(all_good)
}

/// One operand of `-l`: a number gives its name (a number above 128 that is
/// no signal, an exit status, gives the name of the number less 128); a
/// name gives its number; `0xMASK` gives the names of its set bits (bit
/// `i` is signal `i + 1`). The error is the message.
pub(crate) fn convert(operand: &str) -> Result<Vec<String>, String> {
    if let Some(hex) = operand
        .strip_prefix("0x")
        .or_else(|| operand.strip_prefix("0X"))
    {
        let mask = parse_mask(hex).ok_or_else(|| format!("invalid sigmask format: {operand}"))?;
        return Ok(mask_names(mask));
    }
    let is_number = operand::is_digits(operand);
    match operand.parse::<Signal>() {
        Ok(sig) if is_number => Ok(vec![sig.name().into_owned()]),
        Ok(sig) => Ok(vec![sig.as_raw().to_string()]),
        Err(_) => operand
            .parse::<i32>()
            .ok()
            .filter(|_| is_number)
            .and_then(exit_status_signal)
            .map(|sig| vec![sig.name().into_owned()])
            .ok_or_else(|| format!("unknown signal: {operand}")),
    }
}

/// The signal behind the exit status `status` (`128 + n`), as util-linux
/// reads it: 128 is 0 (util-linux prints `0`, as for `-l 0`), though no
/// signal 0 ever ends a process.
fn exit_status_signal(status: i32) -> Option<Signal> {
    match status {
        128 => Some(Signal::NULL),
        _ => Signal::from_exit_status(status),
    }
}

/// The hex digits of a mask after its `0x`, as a 64-bit number.
fn parse_mask(hex: &str) -> Option<u64> {
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(hex, 16).ok()
}

/// The names of the signals whose bits are set; a bit that is no signal of
/// this OS gives its number.
fn mask_names(mask: u64) -> Vec<String> {
    (0..u64::BITS)
        .filter(|bit| mask & (1 << bit) != 0)
        .map(|bit| {
            let raw = bit as i32 + 1;
            Signal::from_raw(raw).map_or_else(|_| raw.to_string(), |sig| sig.name().into_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    fn text(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn posix_conversions() {
        assert_eq!(convert("143"), Ok(vec!["TERM".to_owned()]));
        assert_eq!(convert("137"), Ok(vec!["KILL".to_owned()]));
        assert_eq!(convert("0x3"), Ok(vec!["HUP".to_owned(), "INT".to_owned()]));
        // util-linux: 128 is the exit status 128 + 0.
        assert_eq!(convert("128"), Ok(vec!["0".to_owned()]));
        assert_eq!(convert("129"), Ok(vec!["HUP".to_owned()]));
        assert_eq!(convert("127"), Err("unknown signal: 127".to_owned()));
    }

    /// Every number is a Windows "signal" (an exit code), so no number is
    /// read as an exit status of 128 + n.
    #[cfg(windows)]
    #[test]
    fn windows_conversions() {
        assert_eq!(convert("143"), Ok(vec!["143".to_owned()]));
        assert_eq!(convert("CTRL_C"), Ok(vec!["0".to_owned()]));
        assert_eq!(convert("break"), Ok(vec!["21".to_owned()]));
        let low_bits = vec!["CTRL_BREAK".to_owned(), "INT".to_owned()];
        assert_eq!(convert("0x3"), Ok(low_bits));
    }

    #[test]
    fn conversions() {
        assert_eq!(convert("9"), Ok(vec!["KILL".to_owned()]));
        assert_eq!(convert("KILL"), Ok(vec!["9".to_owned()]));
        assert_eq!(convert("sigterm"), Ok(vec!["15".to_owned()]));
        assert_eq!(convert("0"), Ok(vec!["0".to_owned()]));
        assert_eq!(convert("0x0"), Ok(vec![]));
        assert_eq!(convert("FOO"), Err("unknown signal: FOO".to_owned()));
        assert_eq!(convert("-9"), Err("unknown signal: -9".to_owned()));
        assert_eq!(
            convert("99999999999"),
            Err("unknown signal: 99999999999".to_owned())
        );
        assert_eq!(
            convert("0xZ"),
            Err("invalid sigmask format: 0xZ".to_owned())
        );
        assert_eq!(convert("0x"), Err("invalid sigmask format: 0x".to_owned()));
        assert_eq!(
            convert("0x10000000000000000"),
            Err("invalid sigmask format: 0x10000000000000000".to_owned())
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn realtime_conversions() {
        let rtmin = Signal::rtmin().unwrap().as_raw();
        assert_eq!(convert("rtmin+1"), Ok(vec![(rtmin + 1).to_string()]));
        assert_eq!(convert(&rtmin.to_string()), Ok(vec!["RTMIN".to_owned()]));
        let all = convert("0xffffffffffffffff").unwrap();
        assert_eq!(all.len(), 64);
        assert_eq!(all[63], "RTMAX");
    }

    #[test]
    fn columns_as_strtol_reads_them() {
        assert_eq!(columns("80"), Some(80));
        assert_eq!(columns(" +80"), Some(80));
        assert_eq!(columns("0"), None);
        assert_eq!(columns("-5"), None);
        assert_eq!(columns("80x"), None);
        assert_eq!(columns(""), None);
        assert_eq!(columns("99999999999"), None);
    }

    /// The terminal layouts, computed with util-linux 2.42's algorithm
    /// (`print_all_signals`, `pretty_print_signal`) for the Linux table.
    #[cfg(all(
        target_os = "linux",
        any(
            target_arch = "x86_64",
            target_arch = "x86",
            target_arch = "aarch64",
            target_arch = "arm",
            target_arch = "riscv64"
        )
    ))]
    #[test]
    fn terminal_layouts() {
        assert_eq!(
            text(|out| names(out, true)),
            concat!(
                "HUP INT QUIT ILL TRAP ABRT IOT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM\n",
                "TERM STKFLT CHLD CLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF\n",
                "WINCH IO POLL PWR SYS RT<N> RTMIN+<N> RTMAX-<N>\n",
            )
        );
        // The default width: 72 (73 less one).
        assert_eq!(
            text(|out| table(out, Some(72))),
            concat!(
                " 1 HUP      2 INT      3 QUIT     4 ILL      5 TRAP     6 ABRT    \n",
                " 6 IOT      7 BUS      8 FPE      9 KILL    10 USR1    11 SEGV    \n",
                "12 USR2    13 PIPE    14 ALRM    15 TERM    16 STKFLT  17 CHLD    \n",
                "17 CLD     18 CONT    19 STOP    20 TSTP    21 TTIN    22 TTOU    \n",
                "23 URG     24 XCPU    25 XFSZ    26 VTALRM  27 PROF    28 WINCH   \n",
                "29 IO      29 POLL    30 PWR     31 SYS     34 RTMIN   64 RTMAX   \n",
            )
        );
        // COLUMNS=80.
        assert_eq!(
            text(|out| table(out, Some(79))),
            concat!(
                " 1 HUP      2 INT      3 QUIT     4 ILL      5 TRAP     6 ABRT     6 IOT     \n",
                " 7 BUS      8 FPE      9 KILL    10 USR1    11 SEGV    12 USR2    13 PIPE    \n",
                "14 ALRM    15 TERM    16 STKFLT  17 CHLD    17 CLD     18 CONT    19 STOP    \n",
                "20 TSTP    21 TTIN    22 TTOU    23 URG     24 XCPU    25 XFSZ    26 VTALRM  \n",
                "27 PROF    28 WINCH   29 IO      29 POLL    30 PWR     31 SYS     34 RTMIN   \n",
                "64 RTMAX   \n",
            )
        );
        // Narrower than two fields: one a line, as when piped.
        assert_eq!(
            text(|out| table(out, Some(21))),
            text(|out| {
                for (num, name) in table_entries() {
                    writeln!(out, "{num:2} {name:<8}")?;
                }
                Ok(())
            })
        );
    }
}
