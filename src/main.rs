//! The `zzread` binary: parse arguments, run, map the outcome to an exit code.
//! All the work lives in the library (`zzread::cli`).

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = zzread::cli::Cli::parse();
    match zzread::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // If stderr itself is gone, the exit status is all that can be said.
            let _ = writeln!(
                std::io::stderr(),
                "zzread: {}",
                zzread::text::sanitize(&e.chain())
            );
            e.exit_code()
        }
    }
}
