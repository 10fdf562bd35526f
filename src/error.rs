//! The errors a command can end with, reported once by `main` with their causes.

use std::process::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something that cannot be done as asked.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(
        "standard output is not a terminal; for scripts use `zzread dump` (see `zzread --help`)"
    )]
    NotATerminal,
    #[error("{}", crate::strings::DUMB_TERMINAL)]
    DumbTerminal,
    #[error("no issue to read")]
    NoIssues,
    #[error("the terminal")]
    Terminal(#[source] std::io::Error),
    #[error("cannot write to standard output")]
    Output(#[source] std::io::Error),
}

impl Error {
    /// The exit status: 2 for a usage error (as clap and grep use it), else 1.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage(_) => ExitCode::from(2),
            _ => ExitCode::FAILURE,
        }
    }

    /// The message and every cause under it, joined as `a: b: c`.
    pub fn chain(&self) -> String {
        let mut out = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(e) = cause {
            out.push_str(": ");
            out.push_str(&e.to_string());
            cause = e.source();
        }
        out
    }
}
