//! The command-line parser: any argument list (bytes, so not only UTF-8)
//! gives a command or an error, never a panic, and the same answer twice.
//! A command to send has operands, taken as typed (and their bytes as
//! given) from the end of the line, or a selection option (`--pattern`,
//! `--parent`, `--user`, `--port`) that chooses its targets; a rejected
//! line is only an error, so nothing can be sent for it.

#![no_main]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use libfuzzer_sys::fuzz_target;
use sigsend_cli::args::{parse, Command};

fuzz_target!(|args: Vec<Vec<u8>>| {
    let line: Vec<OsString> = args.into_iter().map(OsString::from_vec).collect();
    let parsed = parse(line.clone());
    assert_eq!(parse(line.clone()), parsed, "parsing is not deterministic");
    let typed: Vec<String> = line
        .iter()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    match parsed {
        Ok(Command::Send(send)) => {
            assert!(
                !send.operands.is_empty() || send.select.selects(),
                "a send without operands or a selection"
            );
            assert!(
                typed.ends_with(&send.operands),
                "operands {:?} are not the end of {typed:?}",
                send.operands
            );
            // And their bytes, as given: a NAME is matched on these.
            assert!(
                line.ends_with(&send.raw_operands)
                    && send.raw_operands.len() == send.operands.len(),
                "raw operands {:?} are not the end of {line:?}",
                send.raw_operands
            );
        }
        Ok(Command::Convert(operands)) => {
            assert!(!operands.is_empty());
            assert!(typed.iter().any(|arg| arg == "-l"
                || arg == "--list"
                || arg.starts_with("-l=")
                || arg.starts_with("--list=")));
        }
        Ok(_) | Err(_) => {}
    }
});
