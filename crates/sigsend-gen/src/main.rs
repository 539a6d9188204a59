//! `sigsend-gen DIR`: writes the shell completions (bash, zsh, fish,
//! PowerShell) and the man page of `sigsend` into DIR, from the same clap
//! definition the command parses with ([`sigsend_cli::cli::command`]).
//!
//! A program of its own, so that the `sigsend` binary carries neither
//! `clap_complete` nor `clap_mangen`. Files written:
//! `sigsend.bash`, `_sigsend` (zsh), `sigsend.fish`, `_sigsend.ps1`,
//! `sigsend.1`.

mod man;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap_complete::{Generator, Shell};
use sigsend_cli::cli::{command, PROGRAM};

/// Writes every file into the directory named by the only argument.
fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        eprintln!("usage: sigsend-gen DIR");
        return ExitCode::from(2);
    };
    match generate(Path::new(&dir)) {
        Ok(written) => {
            for path in written {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("sigsend-gen: {}: {err}", Path::new(&dir).display());
            ExitCode::FAILURE
        }
    }
}

/// Writes the completions and the man page into `dir` (created if
/// missing); returns the paths written.
fn generate(dir: &Path) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
        let path = dir.join(shell.file_name(PROGRAM));
        write_file(&path, |out| {
            clap_complete::generate(shell, &mut command(), PROGRAM, out);
            Ok(())
        })?;
        written.push(path);
    }
    let path = dir.join(format!("{PROGRAM}.1"));
    write_file(&path, |out| man::render(command(), out))?;
    written.push(path);
    Ok(written)
}

/// Creates `path` and fills it with `write`.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    write(&mut out)?;
    out.flush()
}
