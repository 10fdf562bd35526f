//! The command line: clap's definitions, and the commands that print (`dump`,
//! `search`, `config`, `completions`, `man`). The reader itself is `shell::run`.

use crate::archive::load_archive;
use crate::config::AmbiguousSetting;
use crate::error::Error;
use crate::model::Archive;
use crate::text::{sanitize, sanitize_lines, write_json};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
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
    /// Width of “ ” — … · ● ①: ask the terminal (auto), 1 column (narrow) or 2 (wide);
    /// default from config.toml, else auto.
    #[arg(long, value_enum)]
    pub ambiguous_width: Option<AmbiguousSetting>,
    /// Start at the list instead of reopening the last article at the last place.
    #[arg(long)]
    pub no_resume: bool,
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
    /// Search every article; prints the same ranked results as the reader's `/`.
    Search {
        /// Space-separated terms, all required; exact substrings, case and
        /// full-width/half-width folded.
        query: String,
        /// Issue files or directories (default: the bundled sample issues).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// At most this many results (the total is always reported).
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Shell completions: `zzread completions bash > /etc/bash_completion.d/zzread`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page, in roff: `zzread man | man -l -`.
    Man,
    /// Check the config file (`--default`: print a commented default one).
    Config {
        #[arg(long)]
        default: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Text,
}

pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Some(Command::Dump { paths, format }) => dump(&paths, format),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // Generated in memory: clap_complete panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "zzread", &mut script);
            to_stdout(|out| out.write_all(&script))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Config { default }) => config_command(default),
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut page)
                .map_err(Error::Output)?;
            to_stdout(|out| out.write_all(&page))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search {
            query,
            paths,
            format,
            limit,
        }) => search_command(&query, &paths, format, limit),
        None => crate::shell::run(crate::shell::Options {
            paths: cli.paths,
            ambiguous: cli.ambiguous_width,
            mouse: cli.mouse,
            resume: !cli.no_resume,
        })
        .map(|ended| match ended {
            crate::shell::Ended::Quit => ExitCode::SUCCESS,
            crate::shell::Ended::TerminalGone => ExitCode::FAILURE,
        }),
    }
}

/// Reports a command's failure on stderr (sanitised: messages quote paths and file
/// text) and gives the exit status. When stderr itself cannot be written there is no
/// one to tell; the status still says it failed.
pub fn report_error(e: &Error) -> ExitCode {
    let mut stderr = Diagnostics::default();
    stderr.say(&e.chain());
    e.exit_code()
}

/// Lines for stderr, `zzread: ` first, each sanitised.
///
/// A failed write cannot be reported anywhere, so it is remembered ([`Self::failed`])
/// and turns the exit status into a failure. A closed pipe is not a failure: whoever
/// read stderr has gone away.
#[derive(Debug, Default)]
struct Diagnostics {
    failed: bool,
}

impl Diagnostics {
    fn say(&mut self, message: &str) {
        if self.failed {
            return;
        }
        let line = format!("zzread: {}\n", sanitize_lines(message));
        match io::stderr().lock().write_all(line.as_bytes()) {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => self.failed = true,
            _ => {}
        }
    }

    /// `code`, or a failure when a diagnostic was lost.
    fn exit_code(&self, code: ExitCode) -> ExitCode {
        if self.failed { ExitCode::FAILURE } else { code }
    }
}

/// Writes through `write` to stdout, buffered, and flushes. A closed pipe
/// (`zzread man | head`) is success; any other failure (`> /dev/full`) is an error
/// that says what could not be written.
fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Error> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Output(e)),
        Ok(()) => Ok(()),
    }
}

/// Loads with the shared jieba (a command line can afford the dictionary load) and
/// reports each bad file, and each repaired one, on stderr.
fn load_reporting(paths: &[PathBuf], stderr: &mut Diagnostics) -> Archive {
    let archive = load_archive(paths, Some(crate::words::jieba()));
    for e in &archive.errors {
        stderr.say(&e.to_string());
    }
    for issue in &archive.issues {
        for w in &issue.warnings {
            stderr.say(&format!("{}: warning: {}", issue.source, w.message));
        }
    }
    archive
}

fn dump(paths: &[PathBuf], format: Format) -> Result<ExitCode, Error> {
    let mut stderr = Diagnostics::default();
    let archive = load_reporting(paths, &mut stderr);
    emit(format, &archive, |out| write_outline(out, &archive))?;
    Ok(stderr.exit_code(exit_code(&archive)))
}

/// Writes a command's result as JSON or text to stdout; a closed pipe
/// (`zzread dump | head`) is not an error.
fn emit(
    format: Format,
    json: &impl serde::Serialize,
    text: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    to_stdout(|out| match format {
        Format::Json => write_json(&mut *out, json)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out)),
        Format::Text => text(out),
    })
}

/// Non-zero only when nothing loaded.
fn exit_code(archive: &Archive) -> ExitCode {
    if archive.issues.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn write_outline(out: &mut dyn Write, archive: &Archive) -> io::Result<()> {
    for issue in &archive.issues {
        let date = issue.date.as_deref().unwrap_or("no date");
        writeln!(
            out,
            "{}  ({}, {}, {}, {} articles)",
            sanitize(&issue.id),
            sanitize(&issue.source),
            sanitize(date),
            sanitize(&issue.encoding),
            issue.articles.len()
        )?;
        for w in &issue.warnings {
            writeln!(out, "  ! {}", sanitize(&w.message))?;
        }
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

/// The result list of `zzread search` and its JSON form.
#[derive(serde::Serialize)]
struct SearchReport {
    query: String,
    total: usize,
    /// The words searched when the phrase itself was found nowhere.
    fallback: Option<Vec<String>>,
    results: Vec<SearchRow>,
}

#[derive(serde::Serialize)]
struct SearchRow {
    article: String,
    issue: String,
    title: String,
    hits: usize,
    snippet: String,
}

/// Snippet width of `zzread search` output, in columns.
const SNIPPET_COLUMNS: usize = 60;

fn search_command(
    query: &str,
    paths: &[PathBuf],
    format: Format,
    limit: usize,
) -> Result<ExitCode, Error> {
    use crate::search::{Searchable, result_snippet, search};
    use crate::text::AmbiguousWidth;
    let mut stderr = Diagnostics::default();
    let archive = load_reporting(paths, &mut stderr);
    let searchable = Searchable::scan_only(&archive.issues);
    let corpus = &searchable.corpus;
    let outcome = search(&searchable.hay(), query, Some(crate::words::jieba()));
    let color = format == Format::Text && io::stdout().is_terminal();
    let mut rows = Vec::new();
    let mut marked = Vec::new();
    for (k, found) in outcome.results.iter().enumerate().take(limit) {
        let issue = &archive.issues[found.at.issue.get()];
        let article = &issue.articles[found.at.n()];
        let (text, hit) =
            result_snippet(corpus, &outcome, k, SNIPPET_COLUMNS, AmbiguousWidth::Narrow)
                .unwrap_or_default();
        // Snippets come from sanitised blocks; sanitised again here (a no-op then) so
        // that the only escape sequences printed are zzread's own highlight.
        marked.push(if color {
            let (a, rest) = text.split_at(hit.start);
            let (b, c) = rest.split_at(hit.end - hit.start);
            let (a, b, c) = (sanitize(a), sanitize(b), sanitize(c));
            format!("{a}\x1b[1;31m{b}\x1b[0m{c}")
        } else {
            sanitize(&text).into_owned()
        });
        rows.push(SearchRow {
            article: article.id.clone(),
            issue: issue.id.clone(),
            title: article.headline(),
            hits: found.hits,
            snippet: text,
        });
    }
    let report = SearchReport {
        query: query.to_owned(),
        total: outcome.results.len(),
        fallback: outcome.fallback.clone(),
        results: rows,
    };
    emit(format, &report, |out| {
        write_search_text(out, &report, &marked)
    })?;
    Ok(stderr.exit_code(exit_code(&archive)))
}

fn write_search_text(
    out: &mut dyn Write,
    report: &SearchReport,
    snippets: &[String],
) -> io::Result<()> {
    if let Some(words) = &report.fallback {
        writeln!(
            out,
            "没有完全匹配 · 显示同时包含 {} 的文章",
            sanitize(&words.join(" + "))
        )?;
    }
    writeln!(out, "{} 篇 · {}", report.total, sanitize(&report.query))?;
    for (k, (row, snip)) in report.results.iter().zip(snippets).enumerate() {
        writeln!(
            out,
            "{:>3}. {}  {}  ({} 处)",
            k + 1,
            sanitize(&row.article),
            sanitize(&row.title),
            row.hits
        )?;
        writeln!(out, "     {snip}")?;
    }
    if report.total > report.results.len() {
        writeln!(
            out,
            "     … 另有 {} 篇 (--limit)",
            report.total - report.results.len()
        )?;
    }
    Ok(())
}

fn config_command(default: bool) -> Result<ExitCode, Error> {
    if default {
        let file = crate::config::default_file();
        to_stdout(|out| out.write_all(file.as_bytes()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(path) = crate::config::path() else {
        return Err(Error::Usage(
            "no config directory: neither XDG_CONFIG_HOME nor HOME is set".into(),
        ));
    };
    let shown = path.display().to_string();
    if !path.exists() {
        to_stdout(|out| {
            writeln!(
                out,
                "{}: not present (defaults apply; `zzread config --default` prints one)",
                sanitize(&shown)
            )
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let (_, warnings) = crate::config::load(&path)?;
    to_stdout(|out| {
        for w in &warnings {
            writeln!(out, "{}", sanitize(&w.render(&shown)))?;
        }
        writeln!(out, "{}: ok", sanitize(&shown))
    })?;
    Ok(ExitCode::SUCCESS)
}
