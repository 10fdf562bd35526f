//! The `:` (or `t`) go-to prompt: a date in the forms people type, an issue's name or
//! its number in the list; the matching issues show in the list pane as you type, Tab
//! completes, Enter opens the chosen issue's first article.
//!
//! What the input is read as, in order (all of them can give candidates):
//!
//! - a date: `2023-04-26` (also with `/` or `.`), `20230426`, `2023年4月26日`,
//!   `4月26日`, `4-26`, `0426`, `26日`. Without a year, every issue on that day,
//!   newest first. When no issue has that date, the nearest one is offered, and the
//!   prompt says so (a Sunday has no paper);
//! - a number `n` (no leading zero): the n-th issue of the list, offered first;
//! - a name: an issue whose file name or short name holds the input.

use super::library::IssueEntry;
use super::{Action, App, Mode, Pane, base_mode};
use crate::ids::IssueIx;
use crate::strings;

/// The most candidates listed (an archive of 100,000 issues matches `2` everywhere).
const MAX_CANDIDATES: usize = 500;

/// The go-to prompt while it is open.
#[derive(Debug, Clone)]
pub struct GotoPrompt {
    pub input: String,
    /// Byte offset of the cursor in `input`.
    pub cursor: usize,
    /// The issues the input names, best first.
    pub candidates: Vec<IssueIx>,
    pub selected: usize,
    /// The first candidate on screen.
    pub top: usize,
    /// How the input was understood when that needs saying (the nearest date).
    pub note: Option<String>,
    /// Tab has filled the input with a candidate's name: the next Tab takes the next.
    completing: bool,
    /// Where the list was when the prompt opened (Esc goes back there).
    saved: (Pane, usize, usize),
}

/// A date as typed, with the parts it gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateQuery {
    Full(i32, u32, u32),
    MonthDay(u32, u32),
    Day(u32),
}

/// Reads a date in the forms people type; `None` for anything else.
fn parse_date(query: &str) -> Option<DateQuery> {
    let folded = crate::search::fold::fold(query.trim());
    let day_mark = folded.ends_with(['日', '号']);
    let normal: String = folded
        .trim_end_matches(['日', '号'])
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' => '-',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = normal.split('-').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let date = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            DateQuery::Full(i32::try_from(num(y)?).ok()?, num(m)?, num(d)?)
        }
        [m, d] if m.len() <= 2 && d.len() <= 2 => DateQuery::MonthDay(num(m)?, num(d)?),
        [d] if day_mark && d.len() <= 2 => DateQuery::Day(num(d)?),
        [s] if s.len() == 8 && !day_mark => DateQuery::Full(
            i32::try_from(num(s.get(..4)?)?).ok()?,
            num(s.get(4..6)?)?,
            num(s.get(6..)?)?,
        ),
        [s] if s.len() == 4 && !day_mark => {
            DateQuery::MonthDay(num(s.get(..2)?)?, num(s.get(2..)?)?)
        }
        _ => return None,
    };
    let valid = |m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d);
    match date {
        DateQuery::Full(_, m, d) | DateQuery::MonthDay(m, d) if !valid(m, d) => None,
        DateQuery::Day(d) if !(1..=31).contains(&d) => None,
        date => Some(date),
    }
}

/// `YYYY-MM-DD` → (year, month, day).
fn ymd(date: &str) -> Option<(i32, u32, u32)> {
    let mut it = date.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    Some((y, m, d))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The issues an input names, best first, and a note when the input was read
/// loosely. `display` is the list's order.
pub fn resolve(
    query: &str,
    issues: &[IssueEntry],
    display: &[IssueIx],
) -> (Vec<IssueIx>, Option<String>) {
    let query = query.trim();
    if query.is_empty() {
        return (display.iter().copied().take(MAX_CANDIDATES).collect(), None);
    }
    let mut out: Vec<IssueIx> = Vec::new();
    let mut note = None;
    let dated = || {
        display
            .iter()
            .filter_map(|&i| Some((i, ymd(issues.get(i.get())?.date.as_deref()?)?)))
    };
    match parse_date(query) {
        Some(DateQuery::Full(y, m, d)) => {
            let exact: Vec<IssueIx> = dated()
                .filter(|(_, date)| *date == (y, m, d))
                .map(|(i, _)| i)
                .collect();
            if exact.is_empty()
                && let Some(i) = nearest(dated(), days(y, m, d))
            {
                note = Some(strings::goto_nearest(
                    &format!("{y}-{m:02}-{d:02}"),
                    label(issues, i),
                ));
                out.push(i);
            }
            out.extend(exact);
        }
        Some(DateQuery::MonthDay(m, d)) => {
            out.extend(
                dated()
                    .filter(|(_, (_, m2, d2))| (*m2, *d2) == (m, d))
                    .map(|(i, _)| i),
            );
            if out.is_empty() {
                // The nearest issue to that day in the newest year on file.
                let newest = dated().map(|(_, date)| date).max();
                if let Some((y, nm, nd)) = newest {
                    let year = if (m, d) > (nm, nd) { y - 1 } else { y };
                    if let Some(i) = nearest(dated(), days(year, m, d)) {
                        note = Some(strings::goto_nearest(
                            &strings::month_day(m, d),
                            label(issues, i),
                        ));
                        out.push(i);
                    }
                }
            }
        }
        Some(DateQuery::Day(d)) => {
            out.extend(dated().filter(|(_, (_, _, d2))| *d2 == d).map(|(i, _)| i));
        }
        None => {}
    }
    // A number: the n-th issue of the list, first (`001` is a name, not a number).
    if query.bytes().all(|b| b.is_ascii_digit())
        && !query.starts_with('0')
        && let Ok(n) = query.parse::<usize>()
        && let Some(&i) = n.checked_sub(1).and_then(|k| display.get(k))
    {
        out.insert(0, i);
    }
    // Names: exact first, then those that hold the input.
    let lower = query.to_lowercase();
    let mut holding = Vec::new();
    for &i in display {
        let Some(e) = issues.get(i.get()) else {
            continue;
        };
        let names = [e.id.to_lowercase(), e.name.to_lowercase()];
        if names.contains(&lower) {
            out.push(i);
        } else if names.iter().any(|n| n.contains(&lower)) {
            holding.push(i);
        }
    }
    out.extend(holding);
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(*i));
    out.truncate(MAX_CANDIDATES);
    if out.is_empty() {
        note = Some(strings::goto_nothing(query));
    }
    (out, note)
}

/// The issue dated nearest to day `want`; of two as near, the later one.
fn nearest(dated: impl Iterator<Item = (IssueIx, (i32, u32, u32))>, want: i64) -> Option<IssueIx> {
    dated
        .map(|(i, (y, m, d))| (i, days(y, m, d)))
        .min_by_key(|&(_, day)| ((day - want).abs(), std::cmp::Reverse(day)))
        .map(|(i, _)| i)
}

fn label(issues: &[IssueEntry], i: IssueIx) -> &str {
    issues.get(i.get()).map_or("", IssueEntry::label)
}

impl App {
    /// `:` or `t`: the go-to prompt, with every issue as a candidate.
    pub(super) fn open_goto(&mut self) {
        let (candidates, note) = resolve("", &self.issues, &self.display);
        self.mode = Mode::Goto(Box::new(GotoPrompt {
            input: String::new(),
            cursor: 0,
            candidates,
            selected: 0,
            top: 0,
            note,
            completing: false,
            saved: (self.mode.pane(), self.cursor, self.list_top),
        }));
    }

    fn goto_mut(&mut self) -> Option<&mut GotoPrompt> {
        match &mut self.mode {
            Mode::Goto(g) => Some(g),
            _ => None,
        }
    }

    /// The input changed: the candidates follow it.
    pub(super) fn goto_changed(&mut self) {
        let Some(input) = self.goto_prompt().map(|g| g.input.clone()) else {
            return;
        };
        let (candidates, note) = resolve(&input, &self.issues, &self.display);
        if let Some(g) = self.goto_mut() {
            g.candidates = candidates;
            g.note = note;
            g.selected = 0;
            g.top = 0;
            g.completing = false;
        }
    }

    pub(super) fn goto_action(&mut self, action: Action) {
        match action {
            Action::Submit => self.goto_submit(),
            Action::CancelSearch => {
                if let Some((pane, cursor, list_top)) = self.goto_prompt().map(|g| g.saved) {
                    self.mode = base_mode(pane);
                    self.cursor = cursor.min(self.rows.len().saturating_sub(1));
                    self.list_top = list_top;
                    self.keep_cursor_visible();
                }
            }
            Action::NextResult => self.goto_select(1),
            Action::PrevResult => self.goto_select(-1),
            Action::Complete => self.goto_complete(),
            other => {
                let Some(edit) = super::search::Edit::of(other) else {
                    return;
                };
                let changed = self
                    .goto_mut()
                    .is_some_and(|g| super::search::edit_line(&mut g.input, &mut g.cursor, edit));
                if changed {
                    self.goto_changed();
                }
            }
        }
    }

    fn goto_select(&mut self, delta: isize) {
        let rows = self.list_height().max(1);
        if let Some(g) = self.goto_mut() {
            let last = g.candidates.len().saturating_sub(1);
            g.selected = g.selected.saturating_add_signed(delta).min(last);
            if g.selected < g.top {
                g.top = g.selected;
            } else if g.selected >= g.top + rows {
                g.top = g.selected + 1 - rows;
            }
        }
    }

    /// Tab: the selected candidate's name into the prompt; Tab again, the next one's.
    fn goto_complete(&mut self) {
        let again = self.goto_prompt().is_some_and(|g| g.completing);
        if again {
            let n = self.goto_prompt().map_or(0, |g| g.candidates.len());
            let at_end = self.goto_prompt().is_some_and(|g| g.selected + 1 >= n);
            if at_end {
                if let Some(g) = self.goto_mut() {
                    g.selected = 0;
                    g.top = 0;
                }
            } else {
                self.goto_select(1);
            }
        }
        let Some(i) = self
            .goto_prompt()
            .and_then(|g| g.candidates.get(g.selected).copied())
        else {
            return;
        };
        let name = self
            .issue(i)
            .map(|e| e.label().to_owned())
            .unwrap_or_default();
        if let Some(g) = self.goto_mut() {
            g.cursor = name.len();
            g.input = name;
            g.completing = true;
        }
    }

    /// Enter: the selected issue's first article opens.
    fn goto_submit(&mut self) {
        let Some(i) = self
            .goto_prompt()
            .and_then(|g| g.candidates.get(g.selected).copied())
        else {
            return;
        };
        let saved_pane = self.goto_prompt().map_or(Pane::List, |g| g.saved.0);
        self.mode = base_mode(saved_pane);
        if self.issue(i).is_some_and(|e| e.article_count() > 0) {
            self.open_article(i.article(0));
        } else {
            if let Some(k) = self
                .rows
                .iter()
                .position(|r| r.node == super::Node::Issue(i))
            {
                self.cursor = k;
                self.keep_cursor_visible();
            }
            self.mode = Mode::List;
            self.message = Some(strings::ISSUE_NOT_LOADED.into());
        }
    }

    /// Keeps the selected candidate on screen after a resize.
    pub(super) fn prepare_goto_rows(&mut self) {
        let rows = self.list_height().max(1);
        if let Some(g) = self.goto_mut()
            && g.selected >= g.top + rows
        {
            g.top = g.selected + 1 - rows;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::IssueState;

    fn entries(ids: &[(&str, Option<&str>)]) -> Vec<IssueEntry> {
        let mut v: Vec<IssueEntry> = ids
            .iter()
            .map(|(id, date)| IssueEntry {
                id: (*id).into(),
                name: String::new(),
                date: date.map(str::to_owned),
                origin: None,
                state: IssueState::Pending,
            })
            .collect();
        crate::app::library::name_issues(&mut v);
        v
    }

    #[test]
    fn dates_are_read_in_the_forms_people_type() {
        for q in [
            "2023-04-26",
            "2023/4/26",
            "2023.04.26",
            "20230426",
            "2023年4月26日",
        ] {
            assert_eq!(parse_date(q), Some(DateQuery::Full(2023, 4, 26)), "{q}");
        }
        for q in ["4月26日", "04-26", "0426", "4/26", "４月２６日"] {
            assert_eq!(parse_date(q), Some(DateQuery::MonthDay(4, 26)), "{q}");
        }
        assert_eq!(parse_date("26日"), Some(DateQuery::Day(26)));
        for q in ["2023", "1332", "3", "abc", "2023-13-01", "", "4月", "000"] {
            assert_eq!(parse_date(q), None, "{q}");
        }
    }

    #[test]
    fn a_date_finds_its_issue_or_the_nearest_one() {
        let issues = entries(&[
            ("2023-04-25", Some("2023-04-25")),
            ("2023-04-27", Some("2023-04-27")),
            ("2022-04-26", Some("2022-04-26")),
        ]);
        let display = [IssueIx(1), IssueIx(0), IssueIx(2)];
        let (c, note) = resolve("0426", &issues, &display);
        assert_eq!(c, [IssueIx(2)], "every issue of 4月26日");
        assert!(note.is_none());
        let (c, note) = resolve("2023-04-26", &issues, &display);
        assert_eq!(
            c.first(),
            Some(&IssueIx(1)),
            "the nearest; of two as near, the later"
        );
        assert!(note.is_some_and(|n| n.contains("2023-04-26")));
        let (c, _) = resolve("4月27日", &issues, &display);
        assert_eq!(c, [IssueIx(1)]);
        let (c, _) = resolve("2", &issues, &display);
        assert_eq!(
            c.first(),
            Some(&IssueIx(0)),
            "the 2nd issue of the list first"
        );
        assert_eq!(
            &c[1..],
            [IssueIx(1), IssueIx(2)],
            "then names holding 2, in list order"
        );
    }

    #[test]
    fn names_and_numbers_find_undated_issues() {
        let issues = entries(&[
            ("000_03d9866ece675afd", None),
            ("001_edbf5217357039bc", None),
            ("002_64812303fea5ce53", None),
        ]);
        let display = [IssueIx(2), IssueIx(1), IssueIx(0)];
        assert_eq!(resolve("001", &issues, &display).0, [IssueIx(1)]);
        assert_eq!(resolve("edbf", &issues, &display).0, [IssueIx(1)]);
        assert_eq!(resolve("第 000 期", &issues, &display).0, [IssueIx(0)]);
        assert_eq!(
            resolve("3", &issues, &display).0.first(),
            Some(&IssueIx(0)),
            "the 3rd in the list"
        );
        let (none, note) = resolve("2099-01-01", &issues, &display);
        assert!(none.is_empty());
        assert!(note.is_some());
        assert_eq!(
            resolve("", &issues, &display).0,
            display,
            "everything, in list order"
        );
    }

    #[test]
    fn day_counts_are_civil() {
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(
            days(2000, 3, 1) - days(2000, 2, 28),
            2,
            "2000 was a leap year"
        );
        assert_eq!(days(2023, 4, 27) - days(2023, 4, 25), 2);
    }
}
