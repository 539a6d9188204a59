//! The texts of `--help` and `--version`, both rendered from the clap
//! definition, with the name the program was started as.

use std::io::{self, Write};

/// Writes the usage text.
pub(crate) fn usage(out: &mut impl Write) -> io::Result<()> {
    let text = sigsend_cli::cli::command_named(crate::report::program())
        .render_help()
        .to_string();
    out.write_all(text.as_bytes())
}

/// Writes `sigsend VERSION` (and a newline; the name is the one the
/// program was started as), rendered from the clap
/// definition.
pub(crate) fn version(out: &mut impl Write) -> io::Result<()> {
    let text = sigsend_cli::cli::command_named(crate::report::program()).render_version();
    out.write_all(text.as_bytes())
}
