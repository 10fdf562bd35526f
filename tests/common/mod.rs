//! Helpers shared by the screen, scenario and end-to-end suites.
//!
//! Each test binary uses a different subset, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod pty;
pub mod tmux;

/// A cache folder of this test binary's own: tests never read or write the user's
/// cache (`$XDG_CACHE_HOME`), and start cold.
pub fn private_cache() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary cache folder"))
        .path()
}

/// The zzread binary, with a private cache.
pub fn zzread() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_zzread"));
    command.env("XDG_CACHE_HOME", private_cache());
    command
}

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use std::sync::OnceLock;
use zzread::app::{Action, App, Effect, Msg, Node, Order, Settings};
use zzread::ids::{ArticleIx, IssueIx};
use zzread::model::Archive;
use zzread::text::AmbiguousWidth;

/// The five bundled issues, parsed once per test binary (parsing with jieba is the
/// slow part of building an app).
pub fn bundled_archive() -> Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    ARCHIVE
        .get_or_init(|| zzread::archive::load_archive(&[], Some(zzread::words::jieba())))
        .clone()
}

/// An app over the bundled issues, sized `w`×`h`, with the default settings (newest
/// issue first, full-width display punctuation).
pub fn bundled_app(w: u16, h: u16, amb: AmbiguousWidth) -> App {
    bundled_app_with(
        w,
        h,
        Settings {
            amb,
            ..Settings::default()
        },
    )
}

/// An app over the bundled issues with these settings.
pub fn bundled_app_with(w: u16, h: u16, settings: Settings) -> App {
    let archive = bundled_archive();
    assert_eq!(archive.issues.len(), 5, "the bundled archive has 5 issues");
    assert!(archive.errors.is_empty(), "{:?}", archive.errors);
    let mut app = App::from_archive(archive, settings);
    resize(&mut app, w, h);
    app
}

/// The bundled issues listed oldest first (`order = "oldest"`): issue k is the k-th
/// in the list, as the archive orders them.
pub fn oldest_first(w: u16, h: u16) -> App {
    bundled_app_with(
        w,
        h,
        Settings {
            order: Order::Oldest,
            ..Settings::default()
        },
    )
}

/// The bundled issue the list shows first by default: the newest (the last by name,
/// as none is dated).
pub const NEWEST: usize = 4;

/// Lets `ms` milliseconds pass: the clock tick the shell sends.
pub fn wait(app: &mut App, ms: u64) -> Vec<Effect> {
    let now = app.now().plus_ms(ms);
    app.update(Msg::Tick(now))
}

/// Lets the read rule's moment pass with the screen as it is.
pub fn linger(app: &mut App) -> Vec<Effect> {
    wait(app, zzread::app::READ_AFTER_MS)
}

/// A terminal resize, as the shell reports it.
pub fn resize(app: &mut App, width: u16, height: u16) -> Vec<Effect> {
    app.update(Msg::Resize { width, height })
}

/// Article `n` of issue `i`.
pub fn at(i: usize, n: usize) -> ArticleIx {
    IssueIx::new(i).article(n)
}

/// Draws the app into a fresh buffer of its size, as the terminal loop does.
pub fn draw(app: &App) -> Buffer {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let mut buf = Buffer::empty(area);
    zzread::ui::draw(app, area, &mut buf);
    buf
}

/// The text of cells [x, right) of row y, skipping the cells that a wide grapheme
/// covers (what a terminal shows there is the grapheme itself), trailing spaces trimmed.
pub fn row_text(buf: &Buffer, y: u16, x: u16, right: u16) -> String {
    let mut out = String::new();
    let right = right.min(buf.area.right());
    let mut cx = x;
    while cx < right {
        let Some(cell) = buf.cell((cx, y)) else { break };
        out.push_str(cell.symbol());
        cx = cx.saturating_add(cell.cell_width().max(1));
    }
    out.trim_end_matches(' ').to_string()
}

/// Every row of the buffer as text.
pub fn buffer_rows(buf: &Buffer) -> Vec<String> {
    (buf.area.top()..buf.area.bottom())
        .map(|y| row_text(buf, y, buf.area.left(), buf.area.right()))
        .collect()
}

/// The rows of `rect` inside the buffer as text.
pub fn region_rows(buf: &Buffer, rect: Rect) -> Vec<String> {
    (rect.top()..rect.bottom())
        .map(|y| row_text(buf, y, rect.left(), rect.right()))
        .collect()
}

/// The screen as the user sees it, one line per row.
pub fn screen_text(app: &App) -> String {
    buffer_rows(&draw(app)).join("\n")
}

/// Cells where a wide grapheme spills past the buffer's right edge, or covers a cell
/// that something else was drawn into (a terminal would show one or the other, never
/// both). Empty on a well-formed screen.
pub fn wide_char_damage(buf: &Buffer) -> Vec<(u16, u16, String)> {
    let mut bad = Vec::new();
    for y in buf.area.top()..buf.area.bottom() {
        let mut x = buf.area.left();
        while x < buf.area.right() {
            let Some(cell) = buf.cell((x, y)) else { break };
            let w = cell.cell_width().max(1);
            if x + w > buf.area.right() {
                bad.push((x, y, format!("{:?} spills past the edge", cell.symbol())));
            }
            for k in 1..w {
                if let Some(c) = buf.cell((x + k, y))
                    && c.symbol() != " "
                {
                    bad.push((
                        x + k,
                        y,
                        format!("{:?} covers {:?}", cell.symbol(), c.symbol()),
                    ));
                }
            }
            x += w;
        }
    }
    bad
}

/// The bytes a terminal sends for each key of the compact notation `<ret> <esc>
/// <tab> <s-tab> <bs> <up> <down> <left> <right> <pgdn> <pgup> <home> <end> <space>
/// <lt> <c-X>`; any other char is itself.
pub fn key_bytes(seq: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = seq;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(close) = rest.find('>')
        {
            let (token, tail) = rest.split_at(close + 1);
            out.push(named_key(token));
            rest = tail;
            continue;
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
        out.push(c.to_string().into_bytes());
    }
    out
}

fn named_key(token: &str) -> Vec<u8> {
    let bytes: &[u8] = match token {
        "<ret>" | "<enter>" => b"\r",
        "<esc>" => b"\x1b",
        "<tab>" => b"\t",
        "<s-tab>" => b"\x1b[Z",
        "<bs>" => b"\x7f",
        "<up>" => b"\x1b[A",
        "<down>" => b"\x1b[B",
        "<right>" => b"\x1b[C",
        "<left>" => b"\x1b[D",
        "<pgdn>" => b"\x1b[6~",
        "<pgup>" => b"\x1b[5~",
        "<home>" => b"\x1b[H",
        "<end>" => b"\x1b[F",
        "<space>" => b" ",
        "<lt>" => b"<",
        _ => {
            let ctrl = token
                .strip_prefix("<c-")
                .and_then(|t| t.strip_suffix('>'))
                .filter(|t| t.len() == 1)
                .map(|t| t.as_bytes()[0]);
            match ctrl {
                Some(c) => return vec![c.to_ascii_lowercase() & 0x1f],
                None => panic!("unknown key token {token}"),
            }
        }
    };
    bytes.to_vec()
}

/// Feeds a key sequence to the app exactly as the terminal does: the bytes a terminal
/// sends, through the shell's input decoder, into `App::update`. Returns the actions
/// the key table found for them (keys without a binding do nothing, as in the terminal).
pub fn keys(app: &mut App, seq: &str) -> Vec<Action> {
    press(app, seq).0
}

/// Like [`keys`], also returning every effect the keys produced. Each key's bytes
/// arrive as one read, so a lone ESC is the Esc key.
pub fn press(app: &mut App, seq: &str) -> (Vec<Action>, Vec<Effect>) {
    let mut decoder = zzread::shell::input::Decoder::new();
    let mut applied = Vec::new();
    let mut effects = Vec::new();
    for bytes in key_bytes(seq) {
        for input in decoder.feed(&bytes, false) {
            let zzread::shell::input::Input::Key(key) = input else {
                continue;
            };
            if let Some(action) = app.keymap().action_for(app.mode.keys(), key) {
                applied.push(action);
            }
            effects.extend(app.update(Msg::Key(key)));
        }
    }
    (applied, effects)
}

/// The row index of an article in the list, if it is visible.
pub fn row_of_article(app: &App, article: ArticleIx) -> Option<usize> {
    app.rows
        .iter()
        .position(|r| r.node == Node::Article(article))
}

/// Number of articles in bundled issue `issue`.
pub fn article_count(app: &App, issue: usize) -> usize {
    app.issues.get(issue).map_or(0, |e| e.article_count())
}

/// Title of an article (for messages and for finding it on screen).
pub fn title(app: &App, article: ArticleIx) -> String {
    app.article(article)
        .map(|a| a.title.clone())
        .unwrap_or_default()
}

/// Opens an article directly and resets nothing else. A tick at the same time
/// follows, as one follows every change in the event loop (so the read rule's moment
/// starts now).
pub fn open(app: &mut App, article: ArticleIx) {
    app.open_article(article);
    assert_eq!(app.open, Some(article), "article exists");
    let now = app.now();
    app.update(Msg::Tick(now));
}

/// Chars that must never begin a line of Chinese text (clreq "basic" set).
pub const NO_START: &str = "，。、：；！？）」』》〉】〕〗”’";

/// The bundled article with the most text (long enough to page through).
pub fn longest_article(app: &App) -> ArticleIx {
    app.corpus
        .docs()
        .max_by_key(|d| d.text.len())
        .map(|d| d.at)
        .expect("articles")
}

/// An article's blocks as the reader shows them: the stored blocks, the note under
/// the headline filled in from the model (page, date, editors, jumps).
pub fn reader_blocks(
    issue: &zzread::model::Issue,
    article: &zzread::model::Article,
) -> Vec<(zzread::store::Role, String)> {
    let mut blocks = zzread::store::blocks(article);
    for b in &mut blocks {
        if b.0 == zzread::store::Role::Note {
            b.1 = zzread::app::reader::note(
                issue.page_of(article),
                issue.date.as_deref(),
                article.continued_from.as_deref(),
                article.continued_to.as_deref(),
            );
        }
    }
    blocks
}
