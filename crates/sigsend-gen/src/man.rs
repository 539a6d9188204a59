//! The man page: clap_mangen's sections, then each paragraph of the
//! after-help text (`Operands:`, `Examples:`, `Exit status:`) as a section
//! of its own, kept as laid out (roff would refill the columns).

use std::io::{self, Write};

use clap::Command;
use clap_mangen::Man;

/// Writes the man page of `command`.
pub fn render(command: Command, out: &mut impl Write) -> io::Result<()> {
    let after_help = command
        .get_after_help()
        .map(|text| text.to_string())
        .unwrap_or_default();
    let man = Man::new(command);
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    for paragraph in after_help.split("\n\n") {
        let (title, body) = paragraph.split_once('\n').unwrap_or((paragraph, ""));
        let title = title.trim_end_matches(':').to_uppercase();
        writeln!(out, ".SH {}\n.nf", escape(&title))?;
        for line in body.lines() {
            writeln!(out, "{}", escape(line))?;
        }
        writeln!(out, ".fi")?;
    }
    man.render_version_section(out)
}

/// `text` as roff prints it verbatim: backslashes and dashes escaped, and
/// a line that would start with a control character protected.
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_roff() {
        assert_eq!(escape(" sigsend -9 1"), " sigsend \\-9 1");
        assert_eq!(escape("a\\b"), "a\\eb");
        assert_eq!(escape(".SH x"), "\\&.SH x");
    }
}
