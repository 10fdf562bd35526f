//! zzread — a terminal reader for the archive of 株洲日报 (Zhuzhou Daily).
//!
//! Module map (functional core, imperative shell). Only the modules marked IO touch the
//! file system, the terminal, threads or the clock; the rest are pure and tested
//! directly.
//!
//! | module    | role                                                                  | IO  |
//! |-----------|-----------------------------------------------------------------------|-----|
//! | `model`   | Archive / Issue / Article / Paragraph / Byline; the dump JSON schema   |     |
//! | `ids`     | typed positions: `IssueIx`, `ArticleIx`, `DocId`                        |     |
//! | `load`    | paths → decoded text per issue (UTF-8, BOM, UTF-16, GB18030), errors per file | yes |
//! | `parse`   | issue text → `Issue`: headlines, bylines, captions, jumps, repair      |     |
//! | `archive` | load + parse on all cores → `Archive` (the commands, tests)            | yes |
//! | `store`   | the text store: every article's display text as typed blocks, folded  |     |
//! | `search`  | query folding, the gram index over the store, ranking, snippets        |     |
//! | `text`    | display width, sanitising, Chinese line breaking                      |     |
//! | `app`     | the reader's state and `update(Msg) -> Vec<Effect>`; modes, the action table |     |
//! | `ui`      | `render(&App, frame)`: list, reader, results, status bar, overlays     |     |
//! | `strings` | every string the reader shows                                        |     |
//! | `shell`   | terminal set-up/restore, event and loader threads, the event loop, effects, the state writer | yes |
//! | `cache`   | the on-disk cache: segments (outlines, text, posting lists, dump output) of parsed issues, keyed per file, checksummed, mapped at start; `warm` plans what to reuse and what to parse | yes |
//! | `dump`    | `zzread dump`'s JSON and outline, issue by issue, so the cache can keep them |     |
//! | `config`  | config.toml: settings, theme, key overrides (serde, with line numbers) | yes (`load`) |
//! | `state`   | what is remembered between runs: position, read marks, bookmarks      | yes |
//! | `cli`     | clap definitions and the printing commands (`dump`, `search`, `config`) | yes |
//! | `error`   | the errors commands end with, and their exit codes                   |     |
//! | `words`   | the one shared jieba instance, built lazily off the UI path           |     |
//! | `synth`   | synthetic archives from the seeds (benches, scale checks)             |     |
//! | `xdg`     | the XDG base-directory rule shared by config and state                |     |
//!
//! Data flow: files → `load` (bytes → `String` per issue) → `parse` (`String` → `Issue`)
//! → a `store::Corpus` (each article's blocks) and a `search::Index` (grams over it),
//! built in segments on the shell's loader thread → `App` (via `Msg::Parsed`) →
//! `ui::render`. With a warm cache the loader's first message carries the mapped
//! segments instead (`cache::warm`), only files whose size or mtime changed are parsed,
//! and what was parsed is written back as new segments by a writer thread.
//!
//! Where a key goes: `shell::input` turns a terminal event into an `app::Key` →
//! `App::update(Msg::Key)` → the `app::Mode` picks the key table →
//! `app::actions::Keymap::action_for` → `App::act`. Where the terminal is touched:
//! `shell::terminal` (set-up, restore, the width probe, the clipboard) and the draw in
//! `shell::event_loop`.

pub mod app;
pub mod archive;
pub mod cache;
pub mod cli;
pub mod config;
pub mod dump;
pub mod error;
pub mod ids;
pub mod load;
pub mod model;
pub mod parse;
pub mod search;
pub mod shell;
pub mod state;
pub mod store;
pub mod strings;
pub mod synth;
pub mod text;
pub mod ui;
pub mod words;
pub mod xdg;
