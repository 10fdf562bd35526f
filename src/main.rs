//! The `zzread` binary: parse arguments, run, map the outcome to an exit code.
//! All the work lives in the library (`zzread::cli`).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = zzread::cli::Cli::parse();
    match zzread::cli::run(cli) {
        Ok(code) => code,
        Err(e) => zzread::cli::report_error(&e),
    }
}
