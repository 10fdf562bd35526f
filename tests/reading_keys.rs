//! Scenarios for the reading habits of less, vim and newsboat (issue 14): Space that
//! runs on to the next unread article, counts before motions, Ctrl keys, marking an
//! issue read and taking it back, unread only, the text column's width, the go-to
//! prompt, the failed-files view, the source view and `$PAGER`, bookmarks that say
//! where they point. Keys go through the real path (terminal bytes → decoder → key
//! table → `App::update`).

mod common;

use common::*;
use zzread::app::{Action, App, Effect, Mode, Msg, Node, Pane, Settings};
use zzread::ids::IssueIx;
use zzread::text::AmbiguousWidth;

const NARROW: AmbiguousWidth = AmbiguousWidth::Narrow;

fn status(app: &App) -> String {
    let buf = draw(app);
    row_text(&buf, app.size.1 - 1, 0, app.size.0)
}

// ----- Space -----

#[test]
fn space_pages_down_then_at_the_end_opens_the_next_unread_article() {
    let mut app = bundled_app(80, 24, NARROW);
    let long = longest_article(&app);
    open(&mut app, long);
    let pages = app.max_top().div_ceil(app.reader_height() - 1);
    assert!(pages >= 2, "long enough to page");
    keys(&mut app, "<space>");
    assert_eq!(app.top, app.reader_height() - 1, "a page down");
    for _ in 1..pages {
        keys(&mut app, "<space>");
    }
    assert_eq!(app.open, Some(long), "at the end it stops first");
    assert_eq!(app.top, app.max_top());
    // The next article down the list is already read: Space skips it.
    let next = {
        let mut probe = bundled_app(80, 24, NARROW);
        open(&mut probe, long);
        keys(&mut probe, "]");
        probe.open.expect("a next article")
    };
    open(&mut app, next);
    keys(&mut app, "r");
    open(&mut app, long);
    keys(&mut app, "G<space>");
    assert!(app.is_read(long), "Space at the end: done with it");
    assert_ne!(app.open, Some(next), "the read one is skipped");
    assert!(app.open.is_some_and(|a| !app.is_read(a)));
    assert_eq!(app.top, 0);
}

#[test]
fn space_says_so_when_nothing_is_left_unread() {
    let mut app = bundled_app(300, 100, NARROW);
    // Mark everything read with A on every issue.
    for i in 0..app.issues.len() {
        open(&mut app, IssueIx::new(i).article(0));
        keys(&mut app, "A");
    }
    keys(&mut app, "<space>");
    assert_eq!(
        app.message.as_deref(),
        Some(zzread::strings::NO_MORE_UNREAD)
    );
}

// ----- less and vim keys, counts -----

#[test]
fn ctrl_keys_scroll_as_in_less_and_vim() {
    let mut app = bundled_app(80, 24, NARROW);
    let long = longest_article(&app);
    open(&mut app, long);
    let page = app.reader_height() - 1;
    keys(&mut app, "<c-f>");
    assert_eq!(app.top, page);
    keys(&mut app, "<c-b>");
    assert_eq!(app.top, 0);
    keys(&mut app, "<c-d>");
    assert_eq!(app.top, page / 2);
    keys(&mut app, "<c-u>");
    assert_eq!(app.top, 0);
    keys(&mut app, "<c-e><c-e><c-e>");
    assert_eq!(app.top, 3);
    keys(&mut app, "<c-y>");
    assert_eq!(app.top, 2);
}

#[test]
fn counts_repeat_motions_and_say_where_to_go() {
    let mut app = bundled_app(80, 24, NARROW);
    let long = longest_article(&app);
    open(&mut app, long);
    keys(&mut app, "5j");
    assert_eq!(app.top, 5);
    keys(&mut app, "2k");
    assert_eq!(app.top, 3);
    keys(&mut app, "10G");
    assert_eq!(app.top, 9, "line 10 at the top");
    keys(&mut app, "1g");
    assert_eq!(app.top, 0);
    keys(&mut app, "50%");
    assert_eq!(app.scroll_percent(), 50);
    keys(&mut app, "100%");
    assert_eq!(app.top, app.max_top());
    keys(&mut app, "2<c-b>");
    assert_eq!(app.top, app.max_top() - 2 * (app.reader_height() - 1));
    // The count shows while it is typed, and Esc forgets it.
    keys(&mut app, "g12");
    assert_eq!(app.count, Some(12));
    assert!(status(&app).contains("12"), "{}", status(&app));
    keys(&mut app, "<esc>j");
    assert_eq!(app.top, 1, "j after Esc moves one line");
    // A lone 0 is no count; % without one says how to use it.
    keys(&mut app, "0j");
    assert_eq!(app.top, 2);
    keys(&mut app, "%");
    assert_eq!(
        app.message.as_deref(),
        Some(zzread::strings::PERCENT_NEEDS_COUNT)
    );
}

#[test]
fn counts_work_on_articles_issues_and_the_list() {
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, "<ret>3]");
    assert_eq!(app.open, Some(at(NEWEST, 3)));
    keys(&mut app, "2[");
    assert_eq!(app.open, Some(at(NEWEST, 1)));
    keys(&mut app, "2)");
    assert_eq!(app.open, Some(at(NEWEST - 2, 0)));
    keys(&mut app, "(");
    assert_eq!(app.open, Some(at(NEWEST - 1, 0)));
    // In the list: 4j moves four rows, 3G goes to the third row.
    keys(&mut app, "<tab>g4j");
    assert_eq!(app.cursor, 4);
    keys(&mut app, "3G");
    assert_eq!(app.cursor, 2);
    keys(&mut app, "100%");
    assert_eq!(app.cursor, app.rows.len() - 1);
    // Ctrl-N with a count: the third unread article on.
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, "<ret>3<c-n>");
    assert_eq!(app.open, Some(at(NEWEST, 3)));
}

// ----- marking read -----

#[test]
fn a_marks_the_issue_read_and_r_right_after_takes_it_back() {
    let mut app = bundled_app(100, 30, NARROW);
    let n = article_count(&app, NEWEST);
    open(&mut app, at(NEWEST, 1));
    keys(&mut app, "r");
    assert!(app.is_read(at(NEWEST, 1)));
    keys(&mut app, "A");
    assert!(
        (0..n).all(|k| app.is_read(at(NEWEST, k))),
        "the whole issue"
    );
    assert!(!app.is_read(at(NEWEST - 1, 0)), "only that issue");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains(&(n - 1).to_string())),
        "says how many: {:?}",
        app.message
    );
    keys(&mut app, "r");
    assert!(app.is_read(at(NEWEST, 1)), "read before A: stays read");
    assert!(!app.is_read(at(NEWEST, 0)) && !app.is_read(at(NEWEST, 5)));
    // Only right after: A, then another key, then r toggles one article as usual.
    keys(&mut app, "Aj");
    keys(&mut app, "r");
    assert!(app.is_read(at(NEWEST, 5)), "A stayed");
    // The marks A sets go out to be remembered, and so does their undoing.
    let mut app = bundled_app(100, 30, NARROW);
    let (_, effects) = press(&mut app, "A");
    let mut remembered = zzread::state::ArchiveState::default();
    for e in &effects {
        if let Effect::Remember(c) = e {
            c.apply_to(&mut remembered);
        }
    }
    let ids: Vec<String> = (0..n)
        .map(|k| app.article_id(at(NEWEST, k)).unwrap_or_default().to_owned())
        .collect();
    assert!(ids.iter().all(|id| remembered.read.contains(id)));
    let (_, effects) = press(&mut app, "r");
    for e in &effects {
        if let Effect::Remember(c) = e {
            c.apply_to(&mut remembered);
        }
    }
    assert!(ids.iter().all(|id| !remembered.read.contains(id)));
}

#[test]
fn a_on_a_section_row_marks_only_that_section() {
    let mut app = bundled_app(100, 30, NARROW);
    let section = app
        .rows
        .iter()
        .position(|r| matches!(r.node, Node::Section { .. }))
        .expect("a section");
    let Node::Section { first, count } = app.rows[section].node else {
        unreachable!()
    };
    keys(&mut app, "g");
    for _ in 0..section {
        keys(&mut app, "j");
    }
    keys(&mut app, "A");
    for k in 0..article_count(&app, first.issue.get()) {
        let inside = (first.n()..first.n() + count as usize).contains(&k);
        assert_eq!(app.is_read(first.issue.article(k)), inside, "article {k}");
    }
}

#[test]
fn unread_only_hides_read_articles_and_the_keys_skip_them() {
    let mut app = bundled_app(100, 30, NARROW);
    open(&mut app, at(NEWEST, 1));
    keys(&mut app, "r");
    open(&mut app, at(NEWEST, 0));
    keys(&mut app, "U");
    assert!(app.unread_only);
    assert!(
        row_of_article(&app, at(NEWEST, 1)).is_none(),
        "read: hidden"
    );
    assert!(row_of_article(&app, at(NEWEST, 2)).is_some());
    keys(&mut app, "]");
    assert_eq!(app.open, Some(at(NEWEST, 2)), "] skips the read one");
    // The open article stays listed even once read.
    keys(&mut app, "r");
    assert!(row_of_article(&app, at(NEWEST, 2)).is_some());
    // A whole issue read leaves the list.
    keys(&mut app, "A]");
    assert!(
        !app.rows
            .iter()
            .any(|r| r.node == Node::Issue(IssueIx::new(NEWEST)))
    );
    assert!(screen_text(&app).contains(zzread::strings::UNREAD_ONLY));
    keys(&mut app, "U");
    assert!(!app.unread_only);
    assert!(row_of_article(&app, at(NEWEST, 1)).is_some(), "all again");
}

// ----- the text column -----

#[test]
fn the_first_minus_narrows_what_you_see_and_says_the_width() {
    let mut app = bundled_app(80, 24, NARROW);
    keys(&mut app, "<ret>");
    let before = app.column_width().expect("a column");
    assert!(
        before < app.measure,
        "at 80x24 the pane is narrower than 80"
    );
    assert_eq!(before % 2, 0, "an even column: Chinese lines end flush");
    keys(&mut app, "-");
    let after = app.column_width().expect("a column");
    assert_eq!(after, before - 4, "the first press shows");
    let notice = zzread::strings::width_now(after);
    assert_eq!(app.message.as_deref(), Some(notice.as_str()));
    assert!(status(&app).contains(&notice));
    // It goes by itself after a moment.
    wait(&mut app, zzread::app::NOTICE_MS);
    assert!(app.message.is_none());
    // + back up, and + at the widest says so instead of doing nothing.
    keys(&mut app, "+");
    assert_eq!(app.column_width(), Some(before));
    keys(&mut app, "+");
    assert_eq!(app.column_width(), Some(before));
    assert_eq!(app.message, Some(zzread::strings::widest(before)));
}

#[test]
fn the_chosen_width_is_remembered_and_equals_forgets_it() {
    let mut app = bundled_app(200, 50, NARROW);
    keys(&mut app, "<ret>");
    let (_, effects) = press(&mut app, "--");
    let chosen = effects.iter().rev().find_map(|e| match e {
        Effect::Remember(c) => c.text_width(),
        _ => None,
    });
    assert_eq!(chosen, Some(Some(72)));
    // A new run starts at the remembered width.
    let mut again = bundled_app(200, 50, NARROW);
    again.restore_width(Some(72));
    keys(&mut again, "<ret>");
    assert_eq!(again.column_width(), Some(72));
    let (_, effects) = press(&mut again, "=");
    assert_eq!(again.column_width(), Some(80));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Remember(c) if c.text_width() == Some(None))),
        "= forgets the chosen width"
    );
}

// ----- going places -----

#[test]
fn the_go_to_prompt_takes_a_name_a_number_and_completes() {
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, ":");
    assert!(matches!(app.mode, Mode::Goto(_)));
    let g = app.goto_prompt().expect("prompt");
    assert_eq!(g.candidates.len(), 5, "every issue to start with");
    keys(&mut app, "001<ret>");
    assert_eq!(app.open, Some(at(1, 0)), "by file name");
    keys(&mut app, "t3<ret>");
    assert_eq!(
        app.open,
        Some(at(NEWEST - 2, 0)),
        "the third issue of the list"
    );
    // Tab completes to the selected candidate's name; Tab again, the next one.
    keys(&mut app, "t00<tab>");
    let name = |app: &App| {
        app.goto_prompt()
            .map(|g| g.input.clone())
            .unwrap_or_default()
    };
    assert_eq!(name(&app), "第 004 期");
    keys(&mut app, "<tab>");
    assert_eq!(name(&app), "第 003 期");
    keys(&mut app, "<ret>");
    assert_eq!(app.open, Some(at(3, 0)));
    // Esc goes back to where the list was.
    let before = (app.cursor, app.open);
    keys(&mut app, ":002<esc>");
    assert!(!matches!(app.mode, Mode::Goto(_)));
    assert_eq!((app.cursor, app.open), before);
}

/// The bundled issues under dated names, as a real archive is.
fn dated_app() -> App {
    let mut archive = bundled_archive();
    let dates = [
        "2023-04-20",
        "2023-04-21",
        "2023-04-24",
        "2023-04-25",
        "2023-04-27",
    ];
    for (issue, date) in archive.issues.iter_mut().zip(dates) {
        issue.id = date.to_string();
        issue.date = Some(date.to_string());
        for (n, a) in issue.articles.iter_mut().enumerate() {
            a.id = format!("{date}#{}", n + 1);
        }
    }
    let mut app = App::from_archive(archive, Settings::default());
    resize(&mut app, 100, 30);
    app
}

#[test]
fn the_go_to_prompt_reads_dates_as_people_type_them() {
    for typed in [
        "2023-04-24",
        "20230424",
        "4月24日",
        "0424",
        "2023年4月24日",
        "4/24",
    ] {
        let mut app = dated_app();
        keys(&mut app, &format!(":{typed}<ret>"));
        assert_eq!(app.open, Some(at(2, 0)), "{typed}");
    }
    // A day without a paper: the nearest issue, and the prompt says so.
    let mut app = dated_app();
    keys(&mut app, ":0426");
    let note = app
        .goto_prompt()
        .and_then(|g| g.note.clone())
        .unwrap_or_default();
    assert!(note.contains("2023-04-27"), "{note}");
    assert!(screen_text(&app).contains(&note));
    keys(&mut app, "<ret>");
    assert_eq!(app.open, Some(at(4, 0)));
}

#[test]
fn the_first_screen_is_the_newest_dated_issue() {
    let app = dated_app();
    assert_eq!(app.rows[0].node, Node::Issue(IssueIx::new(4)));
    assert_eq!(app.rows[app.cursor].node, Node::Article(at(4, 0)));
    assert!(screen_text(&app).contains("2023-04-27"));
}

// ----- failed files, the source, $PAGER -----

fn app_with_failures() -> App {
    let mut archive = bundled_archive();
    archive.errors = vec![
        zzread::model::LoadError {
            path: "/archive/2023/a-very-long-folder-name/zzrb_2023_05_01.txt".into(),
            message: "binary data, not a text dump".into(),
        },
        zzread::model::LoadError {
            path: "/archive/big.txt".into(),
            message: "larger than any issue dump (limit 256 MB); skipped".into(),
        },
    ];
    let mut app = App::from_archive(archive, Settings::default());
    resize(&mut app, 80, 24);
    app
}

#[test]
fn bang_lists_every_failed_file_with_its_reason_in_chinese() {
    let mut app = app_with_failures();
    assert!(
        status(&app).contains("2 个文件未能载入"),
        "{}",
        status(&app)
    );
    keys(&mut app, "!");
    assert!(matches!(app.mode, Mode::View { .. }));
    let screen = screen_text(&app);
    assert!(screen.contains("zzrb_2023_05_01.txt"), "{screen}");
    assert!(screen.contains("/archive/big.txt"));
    assert!(screen.contains("二进制数据"));
    assert!(screen.contains("文件过大"));
    assert!(!screen.contains("binary data"));
    keys(&mut app, "<esc>");
    assert!(matches!(app.mode, Mode::List));
    // With nothing failed, ! says so.
    let mut fine = bundled_app(80, 24, NARROW);
    keys(&mut fine, "!");
    assert_eq!(
        fine.message.as_deref(),
        Some(zzread::strings::NO_FAILED_FILES)
    );
}

#[test]
fn v_shows_the_source_lines_with_the_file_name_and_numbers() {
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, "<ret>");
    let meta = app.article(at(NEWEST, 0)).cloned().expect("article");
    let (_, effects) = press(&mut app, "v");
    let (source, lines) = effects
        .iter()
        .find_map(|e| match e {
            Effect::ReadSource { source, lines } => Some((source.clone(), *lines)),
            _ => None,
        })
        .expect("the shell is asked for the source");
    assert_eq!(lines, meta.lines);
    // What the shell does, then hands back.
    let text = zzread::shell::read_source(&source, lines).expect("bundled source");
    assert_eq!(text.first, lines[0]);
    let seed = include_str!("../seeds/004_32f8abd5096c7909.txt");
    let want: Vec<&str> = seed
        .lines()
        .skip(lines[0] as usize - 1)
        .take((lines[1] - lines[0] + 1) as usize)
        .collect();
    assert_eq!(text.lines, want);
    app.update(Msg::SourceRead(Ok(text)));
    assert!(matches!(app.mode, Mode::View { .. }));
    let screen = screen_text(&app);
    assert!(
        screen.contains("004_32f8abd5096c7909"),
        "file name: {screen}"
    );
    assert!(
        screen.contains(&format!("{}│", lines[0])),
        "numbered lines: {screen}"
    );
    assert!(screen.contains(meta.title.split(' ').next().unwrap_or("")));
    // j scrolls, v closes.
    keys(&mut app, "v");
    assert_eq!(app.mode.pane(), Pane::Reader);
    assert!(matches!(app.mode, Mode::Reader));
}

#[test]
fn capital_v_hands_the_article_to_the_pager_at_its_first_line() {
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, "<ret>]");
    let at_ = app.open.expect("open");
    let first = app.article(at_).map(|a| a.lines[0]).expect("article");
    let (actions, effects) = press(&mut app, "V");
    assert_eq!(actions, [Action::Pager]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Pager { line, .. } if *line == first)),
        "{effects:?}"
    );
}

// ----- bookmarks -----

#[test]
fn bookmarks_say_how_far_in_they_are_and_the_sentence_there() {
    let mut app = bundled_app(100, 30, NARROW);
    let long = longest_article(&app);
    open(&mut app, long);
    keys(&mut app, "50%m'");
    assert!(matches!(app.mode, Mode::Bookmarks { .. }));
    let place = app.bookmark_places.first().cloned().expect("a place");
    let p = place.percent.expect("percent");
    assert!((30..=70).contains(&p), "about half way: {p}");
    let sentence = place.sentence.expect("a sentence");
    let screen = screen_text(&app);
    assert!(screen.contains(&zzread::strings::read_to(p)), "{screen}");
    let head: String = sentence.chars().take(6).collect();
    assert!(screen.contains(&head), "{head} in {screen}");
}

// ----- the status bar -----

#[test]
fn a_narrow_status_bar_keeps_the_position_first_then_the_issue_then_hints() {
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, "<ret>");
    let wide = status(&app);
    assert!(wide.contains("第 004 期"), "{wide}");
    assert!(wide.contains("第 1/14 篇"));
    assert!(wide.contains(" 字 · 约 "), "reading time: {wide}");
    assert!(wide.contains("? 帮助"));
    resize(&mut app, 40, 12);
    let narrow = status(&app);
    assert!(narrow.contains("第 1/14 篇"), "{narrow}");
    assert!(narrow.contains('%'));
    assert!(!narrow.contains("? 帮助"), "hints go first: {narrow}");
    // No English left in the bar.
    assert!(!narrow.chars().any(|c| c.is_ascii_alphabetic()), "{narrow}");
}
