//! The texts of `--help` (rendered from the clap definition) and
//! `--version`.

use std::io::{self, Write};

use crate::report::PROGRAM;

/// Writes the usage text.
pub fn usage(out: &mut impl Write) -> io::Result<()> {
    let text = sigsend_cli::cli::command().render_help().to_string();
    out.write_all(text.as_bytes())
}

/// Writes `sigsend VERSION`.
pub fn version(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{PROGRAM} {}", env!("CARGO_PKG_VERSION"))
}
