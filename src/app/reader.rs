//! The reading pane: which article is open, its page laid out for the text column,
//! where in it the reader is, and when it counts as read.

use super::page::{Anchor, Layout, Page, Role};
use super::{App, Effect, MAX_MEASURE, MEASURE_STEP, MIN_MEASURE, Mode, Pane, READ_AFTER_MS};
use crate::ids::{ArticleIx, IssueIx};
use crate::strings;
use ratatui::layout::Rect;

/// Which article, and the layout its page was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PageKey {
    at: ArticleIx,
    layout: Layout,
    /// A search preview's page is laid out only down to the block of its hit and a
    /// screen beyond: that block.
    upto: Option<usize>,
}

/// Characters a minute, for the reading time in the status bar: silent reading of
/// Chinese runs at 300–500 a minute for most adults.
const CHARS_PER_MINUTE: usize = 400;

impl App {
    pub fn open_article(&mut self, at: ArticleIx) {
        if self.article(at).is_none() {
            return;
        }
        self.open = Some(at);
        self.anchor = Anchor::default();
        self.top = 0;
        self.mode = Mode::Reader;
        self.previewing = false;
        self.kept_unread = None;
        self.end_seen = None;
        let keeps_hits = self
            .hits
            .as_ref()
            .and_then(|h| h.outcome.results.get(h.result))
            .is_some_and(|r| r.at == at);
        if !keeps_hits {
            self.hits = None;
        }
        // With "unread only", the article left behind may leave the list now.
        if self.unread_only {
            self.rows = Vec::new();
            self.rebuild_rows();
        }
        self.reveal(at);
        self.relayout();
    }

    /// Opens an article at a text position (resume, bookmarks).
    pub(super) fn open_at(&mut self, at: ArticleIx, anchor: Anchor) {
        self.open_article(at);
        self.anchor = anchor;
        self.page_key = None;
        self.relayout();
        if let Some(p) = &self.page {
            self.top = p.line_of(anchor).min(self.max_top());
        }
    }

    /// `]` / `[` with a count: `n` articles on (back when negative), in list order,
    /// across issues; with "unread only", over unread ones.
    pub(super) fn open_neighbour(&mut self, n: isize) {
        let from = self.current_article();
        let on_a_heading = from.is_none();
        let steps = n.unsigned_abs();
        let target = if on_a_heading {
            // On an issue or section row: its first article counts as the first step
            // forward; back goes to the article before it.
            let first = self.first_article_under_cursor();
            if n > 0 {
                first
                    .into_iter()
                    .chain(self.articles_from(first, true))
                    .filter(|&a| self.article_shown(a))
                    .take(steps)
                    .last()
            } else {
                self.articles_from(first, false)
                    .filter(|&a| self.article_shown(a))
                    .take(steps)
                    .last()
            }
        } else {
            self.articles_from(from, n > 0)
                .filter(|&a| self.article_shown(a))
                .take(steps)
                .last()
        };
        if let Some(at) = target {
            self.open_article(at);
        }
    }

    /// `)` / `(` with a count: the first article of the issue `n` issues on in the
    /// list.
    pub(super) fn open_issue_neighbour(&mut self, n: isize) {
        let current = self
            .current_article()
            .map(|a| a.issue)
            .or_else(|| Some(self.rows.get(self.cursor)?.node.issue()));
        let has_articles = |i: &IssueIx| {
            let count = self.issue(*i).map_or(0, |e| e.article_count());
            (0..count).any(|k| self.article_shown(i.article(k)))
        };
        let here = current.map(|i| self.position_of(i));
        let steps = n.unsigned_abs();
        let target = match here {
            Some(p) if n > 0 => self.display[p + 1..]
                .iter()
                .copied()
                .filter(has_articles)
                .take(steps)
                .last(),
            Some(p) => self.display[..p]
                .iter()
                .rev()
                .copied()
                .filter(has_articles)
                .take(steps)
                .last(),
            None => self.display.iter().copied().find(has_articles),
        };
        if let Some(i) = target
            && let Some(at) = (0..self.issue(i).map_or(0, |e| e.article_count()))
                .map(|k| i.article(k))
                .find(|&a| self.article_shown(a))
        {
            self.open_article(at);
        }
    }

    /// `T`: the first article of the newest issue (the latest date; without dates, the
    /// last in the archive's order).
    pub(super) fn open_newest(&mut self) {
        // The last issue with the greatest key: the last dated one, else the last.
        let newest = (0..self.issues.len())
            .map(IssueIx::new)
            .filter(|&i| self.issue(i).is_some_and(|e| e.article_count() > 0))
            .max_by_key(|&i| self.issue(i).map(|e| e.date.is_some()));
        match newest {
            Some(i) => self.open_article(i.article(0)),
            None => self.message = Some(strings::ISSUE_NOT_LOADED.into()),
        }
    }

    /// `+`: two characters wider, up to what the pane holds; says when it cannot.
    pub(super) fn widen(&mut self, steps: isize) {
        let Some(now) = self.column_width() else {
            return;
        };
        let room = self.widest_column();
        if now >= room {
            return self.notice(strings::widest(now));
        }
        let step = MEASURE_STEP.saturating_mul(u16::try_from(steps).unwrap_or(1));
        self.choose_measure(now.saturating_add(step).min(room));
    }

    /// `-`: two characters narrower, from what is shown (a measure wider than the pane
    /// is first brought down to it, so the first press always shows).
    pub(super) fn narrow(&mut self, steps: isize) {
        let Some(now) = self.column_width() else {
            return;
        };
        if now <= MIN_MEASURE {
            return self.notice(strings::narrowest(now));
        }
        let step = MEASURE_STEP.saturating_mul(u16::try_from(steps).unwrap_or(1));
        self.choose_measure(now.saturating_sub(step).max(MIN_MEASURE));
    }

    /// `=`: back to config.toml's `text_width`, which is then what later runs use.
    pub(super) fn reset_width(&mut self) {
        self.set_measure(self.settings.measure);
        self.changes().forget_text_width();
        let shown = self.column_width().unwrap_or(self.measure);
        self.notice(strings::width_reset(shown));
    }

    /// A width the user chose: set, shown for a moment, remembered.
    fn choose_measure(&mut self, m: u16) {
        self.set_measure(m);
        let chosen = self.measure;
        self.changes().set_text_width(chosen);
        let shown = self.column_width().unwrap_or(self.measure);
        self.notice(strings::width_now(shown));
    }

    pub(super) fn set_measure(&mut self, m: u16) {
        self.measure = m.clamp(MIN_MEASURE, MAX_MEASURE);
        self.relayout();
    }

    /// A width remembered from an earlier run.
    pub fn restore_width(&mut self, width: Option<u16>) {
        if let Some(w) = width {
            self.set_measure(w);
        }
    }

    /// Columns of the text column as shown now.
    pub fn column_width(&self) -> Option<u16> {
        self.reader_column().map(|c| c.width)
    }

    /// The widest column the reader pane holds.
    fn widest_column(&self) -> u16 {
        super::geometry(self.size.0, self.size.1, MAX_MEASURE, true)
            .column
            .map_or(MIN_MEASURE, |c| c.width)
    }

    fn layout(&self, width: u16) -> Layout {
        Layout {
            width,
            amb: self.settings.amb,
            full_width: self.settings.full_width,
        }
    }

    /// Re-wraps the open article if the column or settings changed, keeping the place.
    pub(super) fn relayout(&mut self) {
        let Some(at) = self.open else {
            self.page = None;
            self.page_key = None;
            self.reading = None;
            return;
        };
        let Some(width) = self.reader_column().map(|c| c.width) else {
            return;
        };
        let upto = self.preview_block();
        let key = PageKey {
            at,
            layout: self.layout(width),
            upto,
        };
        if self.page_key != Some(key) {
            let Some(meta) = self.article(at) else { return };
            let Some(doc) = self.corpus.doc_of(at) else {
                return;
            };
            let page = match upto {
                None => {
                    let Some(blocks) = self.article_blocks(at) else {
                        return;
                    };
                    Page::from_blocks(blocks, key.layout)
                }
                Some(target) => {
                    // The hit's block, then a screenful more (the hit sits a third of
                    // the way down).
                    let height = self.reader_height();
                    let mut end_of_target = None;
                    let blocks = (0..doc.block_count()).map(|b| block_of(&doc, meta, b));
                    Page::from_blocks_while(blocks, key.layout, |b, lines| {
                        if b <= target {
                            return true;
                        }
                        let end = *end_of_target.get_or_insert(lines.len());
                        lines.len() < end + height
                    })
                }
            };
            self.reading = Some(reading_time(&page));
            self.top = page.line_of(self.anchor);
            self.page = Some(page);
            self.page_key = Some(key);
        }
        self.top = self.top.min(self.max_top());
    }

    /// While the search prompt previews a result: the block of its current hit (the
    /// page need not go much further).
    fn preview_block(&self) -> Option<usize> {
        if !(self.previewing && matches!(self.mode, Mode::Search(_))) {
            return None;
        }
        let h = self.hits.as_ref()?;
        if h.outcome.results.get(h.result).map(|r| r.at) != self.open {
            return None;
        }
        Some(h.blocks.get(h.hit).map_or(0, |b| b.block))
    }

    /// An article's blocks as stored (as printed), with the note zzread writes itself
    /// under the headline filled in from the outline. `None` until the issue is parsed.
    pub fn article_blocks(&self, at: ArticleIx) -> Option<Vec<(Role, String)>> {
        let mut blocks = self.corpus.doc_of(at)?.blocks();
        if let Some(b) = blocks.iter_mut().find(|b| b.0 == Role::Note) {
            b.1 = self.article_note(at)?;
        }
        Some(blocks)
    }

    /// The note under an article's headline (see [`note`]).
    pub fn article_note(&self, at: ArticleIx) -> Option<String> {
        let entry = self.issue(at.issue)?;
        let issue = entry.meta()?;
        let meta = issue.articles.get(at.n())?;
        Some(note(
            issue.page_of(meta),
            entry.date.as_deref(),
            meta.continued_from.as_deref(),
            meta.continued_to.as_deref(),
        ))
    }

    /// `J`: the other half of a jumped article (its 下转 half when that is loaded, else
    /// its 上接 half).
    pub(super) fn open_other_half(&mut self) {
        let Some(at) = self.current_article() else {
            self.message = Some(strings::OPEN_AN_ARTICLE_FIRST.into());
            return;
        };
        let Some(meta) = self.article(at) else {
            return;
        };
        let other = meta.other_half().and_then(|id| self.find_article(id));
        match other {
            Some(other) => self.open_article(other),
            None => {
                let marker = match (&meta.continued_to, &meta.continued_from) {
                    (Some(to), _) => Some(strings::continued_to(to)),
                    (None, Some(from)) => Some(strings::continued_from(from)),
                    (None, None) => None,
                };
                self.message = Some(match marker {
                    Some(m) => strings::other_half_not_loaded(&m),
                    None => strings::NO_OTHER_HALF.into(),
                });
            }
        }
    }

    /// An article's blocks as the reader shows them: with the display punctuation in
    /// force (what `y` and `s` take away).
    pub fn shown_blocks(&self, at: ArticleIx) -> Option<Vec<(Role, String)>> {
        let blocks = self.article_blocks(at)?;
        if !self.settings.full_width {
            return Some(blocks);
        }
        Some(
            blocks
                .into_iter()
                .map(|(r, t)| (r, crate::text::full_width(&t).text))
                .collect(),
        )
    }

    /// A line of archive text as the reader shows it outside the page (list titles,
    /// bookmarks): sanitised, with the display punctuation in force.
    pub fn shown_text(&self, text: &str) -> String {
        let safe = crate::text::sanitize(text);
        if self.settings.full_width {
            crate::text::full_width(&safe).text
        } else {
            safe.into_owned()
        }
    }

    /// Rows of text visible in the reader.
    pub fn reader_height(&self) -> usize {
        self.reader_column().map_or(0, |c| usize::from(c.height))
    }

    /// The text column the reader has when it is on screen. In one-pane mode the list
    /// may be showing instead; the page keeps the reader's measurements regardless, so
    /// switching panes changes neither the layout nor the reading position.
    fn reader_column(&self) -> Option<Rect> {
        let results = matches!(self.mode, Mode::Search(_));
        super::geometry_with(self.size.0, self.size.1, self.measure, true, results).column
    }

    pub fn max_top(&self) -> usize {
        let lines = self.page.as_ref().map_or(0, |p| p.lines.len());
        lines.saturating_sub(self.reader_height())
    }

    pub(super) fn page_rows(&self) -> isize {
        let h = match self.mode.pane() {
            Pane::Reader => self.reader_height(),
            Pane::List => self.list_height(),
        };
        // Keep one line of context when paging.
        isize::try_from(h.saturating_sub(1).max(1)).unwrap_or(1)
    }

    pub(super) fn step(&mut self, delta: isize) {
        match self.mode.pane() {
            Pane::List => self.move_cursor(delta),
            Pane::Reader => self.scroll_reader(delta),
        }
    }

    pub(super) fn scroll_reader(&mut self, delta: isize) {
        if self.page.is_none() {
            return;
        }
        self.top = self.top.saturating_add_signed(delta).min(self.max_top());
        self.anchor_to_top();
    }

    fn anchor_to_top(&mut self) {
        if let Some(p) = &self.page {
            self.anchor = p.anchor_of(self.top);
        }
    }

    /// `10G` / `10g`: line 10 of the article at the top of the reader (row 10 in the
    /// list).
    pub(super) fn go_to_line(&mut self, line: isize) {
        let k = usize::try_from(line.saturating_sub(1)).unwrap_or(0);
        match self.mode.pane() {
            Pane::List => {
                self.cursor = k.min(self.rows.len().saturating_sub(1));
                self.keep_cursor_visible();
            }
            Pane::Reader if self.page.is_some() => {
                self.top = k.min(self.max_top());
                self.anchor_to_top();
            }
            Pane::Reader => {}
        }
    }

    /// `50%`: that far through the article (through the list).
    pub(super) fn go_to_percent(&mut self, percent: u32) {
        let p = usize::try_from(percent).unwrap_or(100);
        match self.mode.pane() {
            Pane::List => {
                let last = self.rows.len().saturating_sub(1);
                self.cursor = (last * p).div_ceil(100).min(last);
                self.keep_cursor_visible();
            }
            Pane::Reader if self.page.is_some() => {
                self.top = (self.max_top() * p).div_ceil(100).min(self.max_top());
                self.anchor_to_top();
            }
            Pane::Reader => {}
        }
    }

    /// Space: a page down; at the end of the article, it is read and the next unread
    /// one opens (newsboat, mutt, slrn).
    pub(super) fn read_on(&mut self, pages: isize) {
        if self.mode.pane() == Pane::List || self.page.is_none() {
            return self.step(self.page_rows().saturating_mul(pages));
        }
        if self.top < self.max_top() {
            return self.step(self.page_rows().saturating_mul(pages));
        }
        if let Some(open) = self.open
            && self.kept_unread != Some(open)
        {
            self.set_read(open, true);
        }
        self.open_unread(1, 1);
    }

    /// The open article whose end is on screen now, where that counts as reading: not
    /// a search preview, not one kept unread by hand, nothing over the reader.
    fn end_on_screen(&self) -> Option<super::ArticleIx> {
        let open = self.open?;
        if self.previewing || self.kept_unread == Some(open) || self.read.contains(&open) {
            return None;
        }
        if !matches!(self.mode, Mode::List | Mode::Reader) || self.geometry().reader.is_none() {
            return None;
        }
        self.page.as_ref()?;
        (self.top >= self.max_top()).then_some(open)
    }

    /// The read rule, run after every message: an article is read once its end has
    /// been on screen for `READ_AFTER_MS` while it was open. Moving past it sooner
    /// (`]`, `)`, scrolling back up) leaves it unread.
    pub(super) fn check_reading(&mut self) {
        match (self.end_on_screen(), self.end_seen) {
            (None, _) => self.end_seen = None,
            (Some(at), Some((seen, since))) if seen == at => {
                if self.now >= since.plus_ms(READ_AFTER_MS) {
                    self.end_seen = None;
                    self.set_read(at, true);
                }
            }
            (Some(at), _) => {
                self.end_seen = Some((at, self.now));
                self.effects
                    .push(Effect::WakeAt(self.now.plus_ms(READ_AFTER_MS)));
            }
        }
    }

    /// Reading progress of the open article, 0–100.
    pub fn scroll_percent(&self) -> u16 {
        let max = self.max_top();
        if max == 0 {
            return 100;
        }
        u16::try_from(self.top.min(max) * 100 / max).unwrap_or(100)
    }

    /// The reading position: the open article and the text at the top of the pane.
    pub fn position(&self) -> Option<(ArticleIx, Anchor)> {
        Some((self.open?, self.anchor))
    }
}

/// Characters of an article's body and the minutes they take to read (at least one).
/// Block `b` of an article as the reader shows it: as stored, with the first note
/// (上接01版) written from the outline, as [`App::article_blocks`] gives it.
fn block_of(doc: &crate::store::Doc<'_>, meta: &super::ArticleMeta, b: usize) -> (Role, String) {
    let role = doc.role(b);
    let first_note = role == Role::Note && (0..b).all(|k| doc.role(k) != Role::Note);
    match (&meta.continued_from, first_note) {
        (Some(from), true) => (role, crate::strings::continued_from(from)),
        _ => (role, doc.block_text(b)),
    }
}

fn reading_time(page: &Page) -> (usize, u32) {
    let chars: usize = page
        .blocks
        .iter()
        .filter(|b| b.0.is_body())
        .map(|b| b.1.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    let minutes = u32::try_from(chars.div_ceil(CHARS_PER_MINUTE).max(1)).unwrap_or(u32::MAX);
    (chars, minutes)
}

/// The note under an article's headline: the page it is printed on (`03版 综合`), the
/// date the page prints (unless the issue is already called by it) and its editors,
/// then its jumps (`上接01版`, `下转02版`). Empty when the dump says none of these.
pub fn note(
    page: Option<&crate::model::Page>,
    issue_date: Option<&str>,
    continued_from: Option<&str>,
    continued_to: Option<&str>,
) -> String {
    let mut parts = Vec::new();
    if let Some(page) = page {
        parts.extend(strings::page_name(
            page.number.as_deref(),
            page.name.as_deref(),
        ));
        if let Some(date) = page.date.as_deref().filter(|&d| issue_date != Some(d)) {
            parts.push(date.to_owned());
        }
        parts.extend(
            page.editors
                .iter()
                .map(|e| strings::editor(&e.role, &e.name)),
        );
    }
    parts.extend(continued_from.map(strings::continued_from));
    parts.extend(continued_to.map(strings::continued_to));
    crate::text::sanitize(&parts.join(strings::NOTE_SEPARATOR)).into_owned()
}
