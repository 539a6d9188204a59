//! The command line of `sigsend`: its [clap] definition ([`cli`]), the
//! rewriting of util-linux `kill`'s historical forms that clap cannot read
//! ([`historical`]), and the pure parser that turns an argument list into a
//! [`args::Command`] or an [`args::Error`] ([`args`]).
//!
//! It is a library so that the `sigsend` binary, the generator of shell
//! completions and man page (`sigsend-gen`) and the fuzz targets share one
//! definition. Parsing sends nothing and touches no process: only the
//! binary acts on a [`args::Command`].

// What is `pub` is the crate's API (or meant to be): the rest says `pub(crate)`.
#![warn(unreachable_pub)]

pub mod args;
pub mod cli;
pub mod historical;
mod lowargs;
mod value;
