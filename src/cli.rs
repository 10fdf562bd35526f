//! The command line: clap's definitions, and the commands that print (`dump`,
//! `search`, `config`, `completions`, `man`). The reader itself is `shell::run`.

use crate::cache::warm::{ForCommand, Loaded};
use crate::config::AmbiguousSetting;
use crate::error::Error;
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
    /// Neither read nor write the on-disk cache (parse the archive afresh).
    #[arg(long, global = true)]
    pub no_cache: bool,
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
    /// Exits 0 when something matched, 1 when nothing did, 2 on a usage error.
    Search {
        /// Space-separated terms, all required; exact substrings, case and
        /// full-width/half-width folded; letters also match Chinese by pinyin (yibao,
        /// yb). "…" is an exact phrase. Filters: 2023-04, 2023-04-01..2023-06-30,
        /// ..2023-06-30, 栏目:献策, 记者:刘琼.
        query: String,
        /// Issue files or directories (default: the bundled sample issues).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// At most this many results (the total is always reported).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Order of the results.
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
        /// Issues from this date on (2023-04-01, or 2023-04 for the whole month).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Issues up to this date (2023-06-30, or 2023-06).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Only articles whose column, section or kicker heading holds this.
        #[arg(long, value_name = "TEXT")]
        section: Vec<String>,
        /// Only articles whose byline (as printed) holds this.
        #[arg(long, value_name = "NAME")]
        by: Vec<String>,
        /// Print only the number of matching articles.
        #[arg(long)]
        count: bool,
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
    /// The on-disk cache of parsed archives.
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
}

/// `--sort`: the orders of [`crate::search::Sort`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Relevance,
    Newest,
    Oldest,
}

impl From<SortArg> for crate::search::Sort {
    fn from(s: SortArg) -> crate::search::Sort {
        match s {
            SortArg::Relevance => crate::search::Sort::Relevance,
            SortArg::Newest => crate::search::Sort::Newest,
            SortArg::Oldest => crate::search::Sort::Oldest,
        }
    }
}

/// What `zzread search` was asked, besides where to look.
#[derive(Debug, Clone)]
struct SearchArgs {
    format: Format,
    limit: usize,
    count: bool,
}

/// The query of `zzread search`: the query text with the flags' filters and order
/// added. A usage error when it cannot be read or asks for nothing.
fn cli_query(
    query: &str,
    sort: SortArg,
    from: Option<&str>,
    to: Option<&str>,
    section: &[String],
    by: &[String],
) -> Result<crate::search::Query, Error> {
    use crate::search::fold::fold;
    use crate::search::lang::day_range;
    let mut q = crate::search::Query::parse(query);
    if let Some(e) = q.errors.first() {
        return Err(Error::Usage(format!("cannot read the query: {e}")));
    }
    let date = |flag: &str, d: &str, end: bool| -> Result<u32, Error> {
        day_range(d)
            .map(|(a, b)| if end { b } else { a })
            .ok_or_else(|| Error::Usage(format!("{flag} {d}: not a date (2023-04-26 or 2023-04)")))
    };
    let from = from.map(|d| date("--from", d, false)).transpose()?;
    let to = to.map(|d| date("--to", d, true)).transpose()?;
    if from.is_some() || to.is_some() {
        q.limit_dates(from, to);
    }
    for (flag, values, into) in [
        ("--section", section, &mut q.sections),
        ("--by", by, &mut q.bylines),
    ] {
        for v in values {
            if v.trim().is_empty() {
                return Err(Error::Usage(format!("{flag}: empty")));
            }
            into.push(fold(v.trim()));
        }
    }
    if q.dates.is_some_and(|d| d.from > d.to) {
        return Err(Error::Usage("the dates asked for leave no day".into()));
    }
    if q.is_empty() {
        return Err(Error::Usage(
            "nothing to search for: give a term, a phrase or a filter".into(),
        ));
    }
    q.sort = sort.into();
    Ok(q)
}

#[derive(Debug, Subcommand)]
pub enum CacheAction {
    /// Where an archive's cache is, its size on disk, and how many of its files it
    /// holds as they are now (hits) or would parse again (misses).
    Info {
        /// Issue files or directories (default: the bundled sample issues).
        paths: Vec<PathBuf>,
    },
    /// Bring an archive's cache up to date now: parse what it lacks and write it
    /// (waits for a build already under way). Commands that had to parse start one in
    /// the background by themselves.
    Build {
        /// Issue files or directories (default: the bundled sample issues).
        paths: Vec<PathBuf>,
        /// As started by a command: silent, and gone at once if a build is under way.
        #[arg(long, hide = true)]
        background: bool,
    },
    /// Remove an archive's cache (or, with --all, every archive's).
    Clear {
        /// Issue files or directories (default: the bundled sample issues).
        paths: Vec<PathBuf>,
        /// Remove the caches of every archive (the whole zzread cache directory).
        #[arg(long)]
        all: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Text,
}

pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    let use_cache = !cli.no_cache;
    match cli.command {
        Some(Command::Dump { paths, format }) => dump(&paths, format, use_cache),
        // `--no-cache` on a command whose whole job is the cache is a contradiction, not
        // something to guess at.
        Some(Command::Cache { .. }) if cli.no_cache => Err(Error::Usage(
            "--no-cache cannot be given to `zzread cache`".into(),
        )),
        Some(Command::Cache { action }) => cache_command(action),
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
            sort,
            from,
            to,
            section,
            by,
            count,
        }) => {
            let q = cli_query(&query, sort, from.as_deref(), to.as_deref(), &section, &by)?;
            let args = SearchArgs {
                format,
                limit,
                count,
            };
            search_command(&query, &q, &paths, &args, use_cache)
        }
        None => crate::shell::run(crate::shell::Options {
            paths: cli.paths,
            ambiguous: cli.ambiguous_width,
            mouse: cli.mouse,
            resume: !cli.no_resume,
            cache: use_cache,
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

/// The archive for a command, through the cache unless told not to: what the cache
/// holds used as it is, the rest parsed now with the shared jieba. Each bad file, and
/// each repaired one, is reported on stderr.
fn load_reporting(paths: &[PathBuf], use_cache: bool, stderr: &mut Diagnostics) -> ForCommand {
    let cache = if use_cache {
        crate::cache::root().map(|root| crate::cache::Cache::for_archive(&root, paths))
    } else {
        None
    };
    // The dictionary only for parsing: a warm command needs none of it.
    let archive = ForCommand::load(paths, cache, || Some(crate::words::jieba()));
    for e in archive.errors() {
        stderr.say(&e.to_string());
    }
    for (_, source, loaded) in archive.issues() {
        for w in loaded.warnings() {
            stderr.say(&format!("{}: warning: {w}", source.label()));
        }
    }
    archive
}

/// Once a command has answered: what it had to parse is cached by a builder process
/// of its own (`zzread cache build`), so the command ends now and the shell gets its
/// prompt back. Should the builder not start, the cache is written here instead; a
/// cache that cannot be written is said once, and the answer stands.
fn store_reporting(paths: &[PathBuf], archive: &ForCommand, stderr: &mut Diagnostics) {
    if archive.cache.is_none() || !archive.parsed.iter().any(Option::is_some) {
        // Nothing new: at most segments that went out of use, cheap to drop now.
        if let Err(e) = archive.store() {
            stderr.say(&format!("cache not written: {e}"));
        }
        return;
    }
    // A folder that cannot be made is said here: a builder could only fail silently.
    if let Some(cache) = &archive.cache
        && let Err(e) = std::fs::create_dir_all(&cache.dir)
    {
        stderr.say(&format!(
            "cache not written (the next run parses again): {e}"
        ));
        return;
    }
    if spawn_builder(paths).is_err()
        && let Err(e) = archive.store()
    {
        stderr.say(&format!(
            "cache not written (the next run parses again): {e}"
        ));
    }
}

/// Starts `zzread cache build --background PATHS` detached: no terminal, its own
/// process group (a Ctrl-C meant for the command's pipeline does not stop it).
fn spawn_builder(paths: &[PathBuf]) -> io::Result<()> {
    let mut builder = std::process::Command::new(std::env::current_exe()?);
    builder
        .args(["cache", "build", "--background"])
        .args(paths)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut builder, 0);
    // Not waited for: it outlives the command, and init reaps it.
    builder.spawn().map(drop)
}

fn dump(paths: &[PathBuf], format: Format, use_cache: bool) -> Result<ExitCode, Error> {
    let mut stderr = Diagnostics::default();
    let mut archive = load_reporting(paths, use_cache, &mut stderr);
    // Every piece is read (and checked) before anything is written: a damaged one in
    // the cache means its issues are parsed now, and nothing half-believed is printed.
    if !archive
        .issues()
        .all(|(_, _, l)| dump_pieces(&l, format).is_some())
    {
        archive.reparse_damaged(|| Some(crate::words::jieba()));
    }
    archive.link_across_files(|| Some(crate::words::jieba()));
    let errors = archive.errors();
    let loaded: Vec<_> = archive.issues().collect();
    let pieces: Vec<(String, DumpPieces<'_>)> = loaded
        .iter()
        .filter_map(|(_, source, l)| Some((source.label(), dump_pieces(l, format)?)))
        .collect();
    to_stdout(|out| match format {
        Format::Json => crate::dump::write_archive_json(
            out,
            pieces
                .iter()
                .map(|(source, (_, d))| crate::dump::JsonIssue {
                    before_source: &d.json_before_source,
                    source,
                    after_source: &d.json_after_source,
                }),
            &errors,
        ),
        Format::Text => {
            for ((_, source, _), (label, (head, d))) in loaded.iter().zip(&pieces) {
                let Some((encoding, articles)) = head else {
                    continue;
                };
                let head = crate::dump::outline_head(
                    &source.id,
                    label,
                    source.date.as_deref(),
                    encoding,
                    *articles,
                );
                out.write_all(head.as_bytes())?;
                out.write_all(&d.outline_body)?;
            }
            Ok(())
        }
    })?;
    store_reporting(paths, &archive, &mut stderr);
    Ok(stderr.exit_code(if pieces.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }))
}

/// What `dump` prints of one issue: the outline's head (text only) and the pieces.
type DumpPieces<'a> = (
    Option<(String, usize)>,
    crate::cache::DumpParts<std::borrow::Cow<'a, [u8]>>,
);

/// An issue's dump pieces; `None` when one it needs is damaged in the cache.
fn dump_pieces<'a>(loaded: &Loaded<'a>, format: Format) -> Option<DumpPieces<'a>> {
    let head = match format {
        Format::Json => None,
        Format::Text => Some(loaded.head()?),
    };
    Some((head, loaded.dump()?))
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
    /// The issue's date (`YYYY-MM-DD`), when it has one.
    date: Option<String>,
    /// The page or column heading the article sits under.
    section: Option<String>,
    /// The byline as printed.
    byline: Option<String>,
    title: String,
    hits: usize,
    /// Found by pinyin (a term of letters spelling Chinese).
    pinyin: bool,
    snippet: String,
}

/// Snippet width of `zzread search` output, in columns.
const SNIPPET_COLUMNS: usize = 60;

fn search_command(
    text: &str,
    query: &crate::search::Query,
    paths: &[PathBuf],
    args: &SearchArgs,
    use_cache: bool,
) -> Result<ExitCode, Error> {
    let mut stderr = Diagnostics::default();
    let color = args.format == Format::Text && io::stdout().is_terminal();
    let mut archive = load_reporting(paths, use_cache, &mut stderr);
    let limit = if args.count { 0 } else { args.limit };
    let mut answer = search_answer(&archive, text, query, limit, color);
    // Something the answer read from the cache failed its checksum: those issues are
    // parsed now and the answer is made again (nothing half-believed is printed).
    if archive.reparse_damaged(|| Some(crate::words::jieba())) {
        answer = search_answer(&archive, text, query, limit, color);
    }
    let (report, marked) = answer;
    if args.count {
        to_stdout(|out| writeln!(out, "{}", report.total))?;
    } else {
        emit(args.format, &report, |out| {
            write_search_text(out, &report, &marked)
        })?;
    }
    store_reporting(paths, &archive, &mut stderr);
    // As grep: 1 when nothing matched (or nothing could be read).
    Ok(stderr.exit_code(if report.total > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }))
}

/// The search's report, and each row's snippet as printed (highlighted when `color`).
fn search_answer(
    archive: &ForCommand,
    text: &str,
    query: &crate::search::Query,
    limit: usize,
    color: bool,
) -> (SearchReport, Vec<String>) {
    use crate::search::query::find_first;
    use crate::search::result_snippet;
    use crate::text::AmbiguousWidth;
    let searchable = archive.searchable();
    let corpus = &searchable.corpus;
    // Ranked without jieba's word boundaries: loading the dictionary would cost more
    // than the whole answer. It is loaded only when a phrase finds nothing and falls
    // back to its words.
    let mut outcome = find_first(&searchable.hay(), query, None, limit);
    // Only a term of three or more chars with a Chinese one can fall back to its words.
    let may_fall_back = query.terms.iter().any(|t| {
        !t.phrase && t.text.chars().count() >= 3 && t.text.chars().any(crate::parse::is_cjk)
    });
    if outcome.is_empty() && may_fall_back {
        outcome = find_first(&searchable.hay(), query, Some(crate::words::jieba()), limit);
    }
    let mut rows = Vec::new();
    let mut marked = Vec::new();
    let mut records: std::collections::HashMap<usize, Option<crate::cache::Record>> =
        std::collections::HashMap::new();
    let loaded: std::collections::HashMap<usize, Loaded<'_>> =
        archive.issues().map(|(ix, _, l)| (ix.get(), l)).collect();
    for (k, found) in outcome.results.iter().enumerate().take(limit) {
        let issue_ix = found.at.issue.get();
        let record = records
            .entry(issue_ix)
            .or_insert_with(|| loaded.get(&issue_ix).and_then(Loaded::record));
        let Some(article) = record
            .as_ref()
            .and_then(|r| r.meta.articles.get(found.at.n()))
        else {
            continue;
        };
        let issue_id = &archive.plan.sources[issue_ix].id;
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
            issue: issue_id.clone(),
            date: archive.plan.sources[issue_ix].date.clone(),
            section: article.section.clone(),
            byline: article.byline.as_ref().map(|b| b.raw.replace('\n', " ")),
            title: article.headline(),
            hits: found.hits as usize,
            pinyin: found.pinyin,
            snippet: text,
        });
    }
    let report = SearchReport {
        query: text.to_owned(),
        total: outcome.len(),
        fallback: outcome.fallback.clone(),
        results: rows,
    };
    (report, marked)
}

fn cache_command(action: CacheAction) -> Result<ExitCode, Error> {
    let Some(root) = crate::cache::root() else {
        return Err(Error::Usage(
            "no cache directory: neither XDG_CACHE_HOME nor HOME is set".into(),
        ));
    };
    match action {
        CacheAction::Clear { all: true, .. } => {
            match std::fs::remove_dir_all(&root) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(Error::Output(e)),
                _ => {}
            }
            to_stdout(|out| writeln!(out, "removed {}", sanitize(&root.display().to_string())))?;
        }
        CacheAction::Clear { paths, all: false } => {
            let cache = crate::cache::Cache::for_archive(&root, &paths);
            cache.clear().map_err(Error::Output)?;
            to_stdout(|out| {
                writeln!(
                    out,
                    "removed {}",
                    sanitize(&cache.dir.display().to_string())
                )
            })?;
        }
        CacheAction::Build { paths, background } => {
            let cache = crate::cache::Cache::for_archive(&root, &paths);
            let Some(_building) = cache
                .build_lock(!background)
                .map_err(|e| Error::Output(io::Error::other(e)))?
            else {
                return Ok(ExitCode::SUCCESS);
            };
            let built = crate::cache::warm::build(&paths, &cache)
                .map_err(|e| Error::Output(io::Error::other(format!("cache not written: {e}"))))?;
            if !background {
                to_stdout(|out| {
                    writeln!(
                        out,
                        "{} issues: {} cached already, {} parsed now{}",
                        built.issues,
                        built.issues - built.parsed,
                        built.parsed - built.failed,
                        if built.failed > 0 {
                            format!(", {} could not be read", built.failed)
                        } else {
                            String::new()
                        }
                    )
                })?;
            }
        }
        CacheAction::Info { paths } => {
            let cache = crate::cache::Cache::for_archive(&root, &paths);
            let opened = cache.open();
            let plan = crate::cache::warm::Plan::make(&paths, &opened);
            let hits = plan.cached.iter().flatten().count();
            let misses = plan.sources.len() - hits;
            let (bytes, files) = cache.disk_use();
            to_stdout(|out| {
                writeln!(
                    out,
                    "cache:    {}",
                    sanitize(&cache.dir.display().to_string())
                )?;
                writeln!(
                    out,
                    "on disk:  {:.1} MB in {files} files ({} segments in use)",
                    bytes as f64 / 1e6,
                    opened.segments.len()
                )?;
                writeln!(
                    out,
                    "issues:   {} ({hits} cached as they are, {misses} to parse)",
                    plan.sources.len()
                )?;
                if bytes > 0 {
                    writeln!(out, "space:    {}", space_by_section(&opened))?;
                }
                if let Some(note) = &opened.note {
                    writeln!(out, "note:     {note}")?;
                }
                Ok(())
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What the segments' bytes hold, largest share first: `text 31%, grams 25%, …`.
fn space_by_section(opened: &crate::cache::Opened) -> String {
    use crate::cache::segment::SECTION_NAMES;
    let mut sizes = [0usize; SECTION_NAMES.len()];
    for (_, seg) in &opened.segments {
        for (size, range) in sizes.iter_mut().zip(seg.layout()) {
            *size += range.len();
        }
    }
    let total: usize = sizes.iter().sum::<usize>().max(1);
    let mut shares: Vec<(usize, &str)> = sizes.into_iter().zip(SECTION_NAMES).collect();
    shares.sort_by_key(|s| std::cmp::Reverse(s.0));
    shares
        .iter()
        .filter(|(size, _)| size * 100 >= total)
        .map(|(size, name)| format!("{name} {}%", size * 100 / total))
        .collect::<Vec<_>>()
        .join(", ")
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
