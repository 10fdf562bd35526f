//! The reader as the terminal app runs it on a big archive: issues arrive as outlines
//! (no paragraphs) and the text comes from the search index's copy.

use zzread::app::{App, IssueEntry, IssueState};
use zzread::blocks::blocks;
use zzread::text::AmbiguousWidth;

#[test]
fn outlined_issues_read_exactly_like_full_ones() {
    let archive = zzread::archive::load_archive(&[], Some(zzread::words::jieba()));
    let full = App::from_archive(archive.clone(), AmbiguousWidth::Narrow);

    let entries = archive
        .issues
        .iter()
        .map(|i| IssueEntry {
            id: i.id.clone(),
            date: i.date.clone(),
            state: IssueState::Pending,
            outline: true,
        })
        .collect();
    let mut lazy = App::new(entries, Vec::new(), AmbiguousWidth::Narrow);
    lazy.resize(120, 40);
    for (k, issue) in archive.issues.iter().enumerate() {
        lazy.index.write().expect("index").add_issue(k, issue);
        let mut outline = issue.clone();
        for a in &mut outline.articles {
            a.paragraphs.clear();
        }
        lazy.issue_loaded_deferred(k, Ok(outline));
    }
    lazy.settle();
    assert_eq!(lazy.loaded_count(), archive.issues.len());

    for (i, issue) in archive.issues.iter().enumerate() {
        for (a, article) in issue.articles.iter().enumerate() {
            assert_eq!(
                lazy.article_blocks(i, a),
                Some(blocks(article)),
                "{}",
                article.id
            );
            assert_eq!(full.article_blocks(i, a), Some(blocks(article)));
        }
    }
    // And the page the reader lays out is the same.
    lazy.open_article(1, 2);
    let mut reference = App::from_archive(archive, AmbiguousWidth::Narrow);
    reference.resize(120, 40);
    reference.open_article(1, 2);
    assert_eq!(lazy.page, reference.page);
}
