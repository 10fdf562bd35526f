//! Command line: `zzread [PATH]...` (the reader), `zzread dump`.

use crate::archive::load_archive;
use crate::model::Archive;
use crate::text::sanitize;
use crate::tui::AmbiguousOption;
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
    pub ambiguous_width: Option<AmbiguousOption>,
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

/// The error type of commands: already a message for the user.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Some(Command::Dump { paths, format }) => dump(&paths, format),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "zzread", &mut io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Config { default }) => config_command(default),
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search {
            query,
            paths,
            format,
            limit,
        }) => search_command(&query, &paths, format, limit),
        None => crate::tui::run(crate::tui::Options {
            paths: cli.paths,
            ambiguous: cli.ambiguous_width,
            mouse: cli.mouse,
            resume: !cli.no_resume,
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
    emit(format, &archive, |out| write_outline(out, &archive))?;
    Ok(exit_code(&archive))
}

/// Writes a command's result as JSON or text to stdout; a closed pipe
/// (`zzread dump | head`) is not an error.
fn emit(
    format: Format,
    json: &impl serde::Serialize,
    text: impl FnOnce(&mut io::BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
) -> Result<(), Error> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match format {
        Format::Json => serde_json::to_writer_pretty(&mut out, json)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out)),
        Format::Text => text(&mut out),
    }
    .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Non-zero only when nothing loaded.
fn exit_code(archive: &Archive) -> ExitCode {
    if archive.issues.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
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
        for (k, page) in issue.pages.iter().enumerate() {
            writeln!(out, "  page {}: {}", k + 1, sanitize(&page_label(page)))?;
        }
        for (n, a) in issue.articles.iter().enumerate() {
            writeln!(out, "  {:>2}. {}", n + 1, sanitize(&a.headline()))?;
            let mut meta = Vec::new();
            if let Some(p) = a.page.filter(|_| issue.pages.len() > 1) {
                meta.push(format!("page {}", p + 1));
            }
            if let Some(s) = &a.section {
                meta.push(format!("[{s}]"));
            }
            if let Some(b) = &a.byline {
                meta.push(b.credit_line());
            }
            if let Some(from) = &a.continued_from {
                let link = a
                    .continued_from_article
                    .as_deref()
                    .map(|id| format!(" ← {id}"));
                meta.push(format!("上接{from}{}", link.unwrap_or_default()));
            }
            if let Some(to) = &a.continued_to {
                let link = a
                    .continued_to_article
                    .as_deref()
                    .map(|id| format!(" → {id}"));
                meta.push(format!("下转{to}{}", link.unwrap_or_default()));
            }
            meta.push(format!("{} 段", a.text_paragraphs().count()));
            writeln!(out, "      {}", sanitize(&meta.join(" · ")))?;
        }
    }
    Ok(())
}

/// `03版 综合 · 2023-04-26 · 责任编辑 王建设 美术编辑 左骏`, or what of it is printed.
fn page_label(page: &crate::model::Page) -> String {
    let mut parts = Vec::new();
    let head: Vec<String> = [
        page.number.as_ref().map(|n| format!("{n}版")),
        page.name.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !head.is_empty() {
        parts.push(head.join(" "));
    }
    if let Some(d) = &page.date {
        parts.push(d.clone());
    }
    if !page.editors.is_empty() {
        let editors: Vec<String> = page
            .editors
            .iter()
            .map(|e| format!("{} {}", e.role, e.name))
            .collect();
        parts.push(editors.join(" "));
    }
    if parts.is_empty() {
        parts.push("(no furniture printed)".into());
    }
    parts.push(format!("lines {}-{}", page.lines[0], page.lines[1]));
    parts.join(" · ")
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
    use crate::search::{Index, block_hits, search, snippet};
    use crate::text::AmbiguousWidth;
    let archive = load_reporting(paths);
    let mut index = Index::scan_only();
    for (i, issue) in archive.issues.iter().enumerate() {
        index.add_issue(i, issue);
    }
    let outcome = search(&index, query, Some(crate::words::jieba()));
    let color = format == Format::Text && io::stdout().is_terminal();
    let mut rows = Vec::new();
    let mut marked = Vec::new();
    for (k, found) in outcome.results.iter().enumerate().take(limit) {
        let issue = &archive.issues[found.issue];
        let article = &issue.articles[found.article];
        let blocks = crate::blocks::blocks(article);
        let doc = &index.docs[found.doc as usize];
        let first_hit: Vec<_> = outcome.positions(&index, k).into_iter().take(1).collect();
        let first = block_hits(doc, &blocks, &first_hit);
        let (text, hit) = first
            .first()
            .map(|h| {
                snippet(
                    &blocks[h.block].1,
                    h.start..h.end,
                    SNIPPET_COLUMNS,
                    AmbiguousWidth::Narrow,
                )
            })
            .unwrap_or_default();
        marked.push(if color {
            let (a, rest) = text.split_at(hit.start);
            let (b, c) = rest.split_at(hit.end - hit.start);
            format!("{a}\x1b[1;31m{b}\x1b[0m{c}")
        } else {
            text.clone()
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
    Ok(exit_code(&archive))
}

fn write_search_text(
    out: &mut impl Write,
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

/// Action names for config.toml.
pub fn action_names() -> Vec<&'static str> {
    crate::app::Action::ALL.iter().map(|a| a.name()).collect()
}

fn config_command(default: bool) -> Result<ExitCode, Error> {
    if default {
        let defaults = crate::app::keys::Keymap::defaults_for_config();
        let specs: Vec<Vec<&str>> = defaults
            .iter()
            .map(|d| d.1.iter().map(String::as_str).collect())
            .collect();
        let table: Vec<(&str, &[&str], &str)> = defaults
            .iter()
            .zip(&specs)
            .map(|(d, s)| (d.0, s.as_slice(), d.2))
            .collect();
        print!("{}", crate::config::default_file(&table));
        return Ok(ExitCode::SUCCESS);
    }
    let Some(path) = crate::config::path() else {
        return Err("no config directory: neither XDG_CONFIG_HOME nor HOME is set".into());
    };
    let shown = path.display().to_string();
    if !path.exists() {
        println!("{shown}: not present (defaults apply; `zzread config --default` prints one)");
        return Ok(ExitCode::SUCCESS);
    }
    let (_, warnings) = crate::config::load(&path, &action_names())?;
    for w in &warnings {
        println!("{}", sanitize(&w.render(&shown)));
    }
    println!("{shown}: ok");
    Ok(ExitCode::SUCCESS)
}
