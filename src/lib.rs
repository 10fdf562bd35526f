//! zzread — a terminal reader for the archive of 株洲日报 (Zhuzhou Daily).
//!
//! Module map (functional core, imperative shell):
//!
//! | module   | role                                                                 | IO? |
//! |----------|----------------------------------------------------------------------|-----|
//! | `model`  | Archive / Issue / Article / Paragraph / Byline; the dump JSON schema | no  |
//! | `load`   | paths → decoded text per issue (UTF-8, BOM, UTF-16, GB18030), errors per file | yes |
//! | `parse`  | issue text → `Issue`: headlines, bylines, captions, jumps, repair   | no  |
//! | `words`  | the one shared jieba instance, built lazily off the UI path          | no  |
//! | `blocks` | an article as sanitised text blocks: what the reader draws and search finds | no |
//! | `search` | query folding, bigram index, ranking, snippets                       | no  |
//! | `synth`  | synthetic archives from the seeds (benches, scale checks)         | no  |
//! | `text`   | display width, sanitising, Chinese line breaking                     | no  |
//! | `archive`| load + parse on all cores → `Archive`                               | yes |
//! | `app`    | App state, actions, key table, `update`: no IO, no drawing             | no  |
//! | `ui`     | `render(&App, frame)`: list, reader, status bar, help                 | no  |
//! | `tui`    | terminal set-up/restore, event threads, the draw loop                 | yes |
//! | `config` | the user's config.toml: settings, theme, key overrides             | no  |
//! | `state`  | what is remembered between runs: position, read marks, bookmarks   | yes |
//! | `xdg`    | the XDG base-directory rule shared by config and state            | no  |
//! | `cli`    | clap definitions and the `dump` command                              | yes |
//!
//! Data flow: files → `load` (bytes → `String` per issue) → `parse` (`String` → `Issue`)
//! → `Archive` (immutable) → the commands and the reader. In the reader, `tui` lists
//! the issues at once, parses them on a background thread, and feeds keys, resizes
//! and parsed issues as events into `App::update`; `ui::render` draws the state. Only `load`, `cli` and the
//! terminal shell touch the file system or the terminal; everything else is pure and
//! tested directly.

pub mod app;
pub mod archive;
pub mod blocks;
pub mod cli;
pub mod config;
pub mod load;
pub mod model;
pub mod parse;
pub mod search;
pub mod state;
pub mod synth;
pub mod text;
pub mod tui;
pub mod ui;
pub mod words;
pub mod xdg;
