//! Writes a synthetic archive derived from the bundled issues, for benchmarks:
//!
//!     cargo run --release --example gen_archive -- DIR --issues 10000
//!
//! Issue n is a sample issue with its numbers perturbed and its pages rotated, named
//! by consecutive dates from 2000-01-01 (`zzread::synth`). Files are written next to
//! nothing else: DIR is created and must be empty or new.

use clap::Parser;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
struct Args {
    /// Directory to create and fill.
    dir: PathBuf,
    /// How many issues to write.
    #[arg(long, default_value_t = 10_000)]
    issues: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(bytes) => {
            eprintln!(
                "wrote {} issues, {:.1} MB, to {}",
                args.issues,
                bytes as f64 / 1e6,
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_archive: {}: {e}", args.dir.display());
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> std::io::Result<u64> {
    std::fs::create_dir_all(&args.dir)?;
    if std::fs::read_dir(&args.dir)?.next().is_some() {
        return Err(std::io::Error::other("directory is not empty"));
    }
    let seeds: Vec<String> = zzread::load::bundled()
        .iter()
        .filter_map(|s| s.read().ok())
        .map(|d| d.text)
        .collect();
    let mut bytes = 0u64;
    for n in 0..args.issues {
        let text = zzread::synth::issue_text_from(&seeds, n);
        let mut f = std::fs::File::create(args.dir.join(zzread::synth::issue_name(n)))?;
        f.write_all(text.as_bytes())?;
        bytes += text.len() as u64;
    }
    Ok(bytes)
}
