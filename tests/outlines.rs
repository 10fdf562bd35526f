//! The reader as the terminal runs it: every issue listed at once, the parsed issues
//! arriving from the loader in batches (`Msg::Parsed`), the text read back from the
//! store those batches build.

mod common;

use zzread::app::{App, Batch, IssueEntry, Msg, Settings};
use zzread::ids::IssueIx;
use zzread::model::Archive;

/// An app with every issue listed and none parsed yet.
fn listed(archive: &Archive) -> App {
    let entries = archive.issues.iter().map(IssueEntry::listed).collect();
    let mut app = App::new(entries, Vec::new(), Settings::default());
    common::resize(&mut app, 120, 40);
    app
}

/// The loader's message for issues `range` of the archive.
fn batch(archive: &Archive, range: std::ops::Range<usize>) -> Msg {
    let issues = range.map(|k| (IssueIx::new(k), Ok(&archive.issues[k])));
    Msg::Parsed(Box::new(Batch::of(issues)))
}

#[test]
fn issues_arriving_in_batches_read_exactly_like_an_archive_loaded_whole() {
    let archive = common::bundled_archive();
    let mut lazy = listed(&archive);
    lazy.update(batch(&archive, 0..2));
    lazy.update(batch(&archive, 2..3));
    lazy.update(batch(&archive, 3..5));
    lazy.update(Msg::LoadDone);
    assert_eq!(lazy.loaded_count(), archive.issues.len());

    let mut whole = common::bundled_app(120, 40, zzread::text::AmbiguousWidth::Narrow);
    // The loader gave the warm reader the dictionary: rank both with it.
    whole.update(Msg::Words(zzread::words::jieba()));
    for (i, issue) in archive.issues.iter().enumerate() {
        for (a, article) in issue.articles.iter().enumerate() {
            let at = common::at(i, a);
            assert_eq!(
                lazy.article_blocks(at),
                Some(common::reader_blocks(issue, article)),
                "{}",
                article.id
            );
            assert_eq!(
                whole.article_blocks(at),
                Some(common::reader_blocks(issue, article))
            );
        }
    }
    // And the page the reader lays out is the same.
    lazy.open_article(common::at(1, 2));
    whole.open_article(common::at(1, 2));
    assert_eq!(lazy.page, whole.page);
}

#[test]
fn an_open_search_follows_the_issues_as_they_arrive() {
    let archive = common::bundled_archive();
    let mut app = listed(&archive);
    // Typed before anything is indexed: nothing yet, and it says the search is partial.
    common::keys(&mut app, "/医保");
    let count = |app: &App| app.hits.as_ref().map_or(0, |h| h.outcome.results.len());
    assert_eq!(count(&app), 0);
    assert!(common::screen_text(&app).contains("已索引 0/5 期"));

    let mut seen = Vec::new();
    for k in 0..archive.issues.len() {
        app.update(batch(&archive, k..k + 1));
        seen.push(count(&app));
        assert!(app.hits.as_ref().is_some_and(|h| h.partial == (k + 1 < 5)));
    }
    app.update(Msg::LoadDone);
    // The final count, without retyping, equals a fresh search over everything.
    let mut fresh = common::bundled_app(120, 40, zzread::text::AmbiguousWidth::Narrow);
    common::keys(&mut fresh, "/医保");
    assert_eq!(count(&app), count(&fresh));
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(!common::screen_text(&app).contains("已索引"));
    assert!(app.hits.as_ref().is_some_and(|h| !h.partial));
}

/// A warm start: the cached listing shown before any walk, the cached outlines, and
/// nothing parsed — it reads exactly like an archive parsed whole, search included.
#[test]
fn an_archive_from_the_cache_reads_and_searches_like_one_parsed() {
    use zzread::cache::Cache;
    use zzread::cache::warm::{ForCommand, Plan};
    let root = tempfile::tempdir().expect("tempdir");
    let cache = Cache::for_archive(root.path(), &[]);
    ForCommand::load(&[], Some(cache.clone()), || Some(zzread::words::jieba()))
        .store()
        .expect("cache written");
    let opened = cache.open_listing();
    let (msgs, shown, installed) =
        zzread::shell::loader::cached_listing(&opened, zzread::app::Order::Newest)
            .expect("a cached listing");
    let mut warm = App::walking(Settings::default());
    common::resize(&mut warm, 120, 40);
    for msg in msgs {
        warm.update(msg);
    }
    // The walk that checks the listing reports progress: the list shown stays.
    warm.update(Msg::Walking { found: 3 });
    assert!(warm.walking.is_none());
    let plan = Plan::make(&[], &opened);
    assert!(plan.to_parse().is_empty());
    // The loader, as the shell starts it: it checks the listing, puts the rest of the
    // cache in use and sends the outlines.
    let (tx, rx) = std::sync::mpsc::channel();
    let warm_cache = zzread::shell::loader::Warm {
        cache: cache.clone(),
        opened,
        shown,
        installed: Some(installed),
    };
    zzread::shell::loader::spawn(Vec::new(), zzread::app::Order::Newest, tx, Some(warm_cache));
    for msg in rx {
        assert!(
            !matches!(msg, Msg::Parsed(ref b) if !b.corpus.is_empty()),
            "nothing parsed"
        );
        warm.update(msg);
    }
    assert!(!warm.indexing(), "a warm start ends indexed");

    let archive = common::bundled_archive();
    let mut whole = common::bundled_app(120, 40, zzread::text::AmbiguousWidth::Narrow);
    // The loader gave the warm reader the dictionary: rank both with it.
    whole.update(Msg::Words(zzread::words::jieba()));
    for (i, issue) in archive.issues.iter().enumerate() {
        for (a, article) in issue.articles.iter().enumerate() {
            let at = common::at(i, a);
            assert_eq!(
                warm.article_blocks(at),
                Some(common::reader_blocks(issue, article)),
                "{}",
                article.id
            );
            assert_eq!(warm.article(at), whole.article(at));
        }
    }
    for q in ["医保", "株洲", "/"] {
        common::keys(&mut warm, &format!("/{q}<ret>"));
        common::keys(&mut whole, &format!("/{q}<ret>"));
        let ids = |app: &App| {
            app.hits.as_ref().map(|h| {
                h.outcome
                    .results
                    .iter()
                    .map(|r| (r.at, r.hits))
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(ids(&warm), ids(&whole), "{q}");
    }
    warm.open_article(common::at(2, 1));
    whole.open_article(common::at(2, 1));
    assert_eq!(warm.page, whole.page);
}
