//! Command line: `zzread [PATH]...` (the reader), `zzread dump`.

use crate::archive::load_archive;
use crate::model::Archive;
use crate::text::sanitize;
use crate::tui::AmbiguousOption;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "zzread",
    version,
    about = "株洲日报 archive reader for the terminal",
    long_about = "Reads an archive of 株洲日报 plain-text issue dumps: files and directories of *.txt.\n\
                  With no PATH it opens the five sample issues built into the binary."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Issue files or directories of them (default: the bundled sample issues).
    pub paths: Vec<PathBuf>,
    /// Width of “ ” — … · ● ①: ask the terminal (auto), 1 column (narrow) or 2 (wide).
    #[arg(long, value_enum, default_value_t = AmbiguousOption::Auto)]
    pub ambiguous_width: AmbiguousOption,
    /// Scroll with the mouse wheel and open articles by clicking (takes native text
    /// selection away while zzread runs; hold Shift to select in most terminals).
    #[arg(long)]
    pub mouse: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the parsed article model (JSON for scripts, or a readable outline).
    Dump {
        /// Issue files or directories (default: the bundled sample issues).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Text,
}

/// The error type of commands: already a message for the user.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Some(Command::Dump { paths, format }) => dump(&paths, format),
        None => crate::tui::run(crate::tui::Options {
            paths: cli.paths,
            ambiguous: cli.ambiguous_width,
            mouse: cli.mouse,
        })
        .map(|()| ExitCode::SUCCESS),
    }
}

/// Loads with the shared jieba (a command line can afford the dictionary load) and
/// reports each bad file on stderr.
fn load_reporting(paths: &[PathBuf]) -> Archive {
    let archive = load_archive(paths, Some(crate::words::jieba()));
    for e in &archive.errors {
        eprintln!("zzread: {}: {}", sanitize(&e.path), sanitize(&e.message));
    }
    archive
}

fn dump(paths: &[PathBuf], format: Format) -> Result<ExitCode, Error> {
    let archive = load_reporting(paths);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &archive)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out)),
        Format::Text => write_outline(&mut out, &archive),
    }
    .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    Ok(if archive.issues.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn write_outline(out: &mut impl Write, archive: &Archive) -> io::Result<()> {
    for issue in &archive.issues {
        let date = issue.date.as_deref().unwrap_or("no date");
        writeln!(
            out,
            "{}  ({}, {}, {}, {} articles)",
            sanitize(&issue.id),
            sanitize(&issue.source),
            date,
            issue.encoding,
            issue.articles.len()
        )?;
        for (n, a) in issue.articles.iter().enumerate() {
            writeln!(out, "  {:>2}. {}", n + 1, sanitize(&a.headline()))?;
            let mut meta = Vec::new();
            if let Some(s) = &a.section {
                meta.push(format!("[{s}]"));
            }
            if let Some(b) = &a.byline {
                meta.push(b.credit_line());
            }
            if let Some(from) = &a.continued_from {
                meta.push(format!("上接{from}"));
            }
            meta.push(format!("{} 段", a.text_paragraphs().count()));
            writeln!(out, "      {}", sanitize(&meta.join(" · ")))?;
        }
    }
    Ok(())
}
