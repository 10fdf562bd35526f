//! The archive as the reader knows it: every issue listed at once, each filled in
//! when its batch arrives from the background loader.

use super::msg::{ArticleMeta, Batch, IssueMeta};
use super::{App, Mode};
use crate::ids::{ArticleIx, IssueIx};
use crate::load::{Origin, Source};
use crate::model::Issue;

/// An issue: listed at once, parsed later.
#[derive(Debug, Clone)]
pub struct IssueEntry {
    /// The file stem.
    pub id: String,
    /// What the reader calls an undated issue: its file stem without the hash
    /// (`000_03d9866ece675afd` → `第 000 期`); see [`short_name`].
    pub name: String,
    pub date: Option<String>,
    /// Where its text is (the source view and `$PAGER` read it again, through
    /// [`IssueEntry::source`]); `None` when not known. Only the origin is kept: the
    /// id and date are the entry's own, and at 100,000 issues a second copy of each
    /// was felt in the first frame.
    pub origin: Option<Origin>,
    pub state: IssueState,
}

#[derive(Debug, Clone)]
pub enum IssueState {
    Pending,
    Ready(IssueMeta),
    /// Why it could not be loaded.
    Failed(String),
}

impl IssueEntry {
    /// An issue found by the loader, not parsed yet.
    pub fn of_source(source: &Source) -> IssueEntry {
        IssueEntry {
            id: source.id.clone(),
            name: short_name(&source.id),
            date: source.date.clone(),
            origin: Some(source.origin.clone()),
            state: IssueState::Pending,
        }
    }

    /// An issue as the cache lists it, its outline to come; `source` is the file's
    /// label (a path, or `bundled:NAME`).
    pub fn listed_as(id: &str, date: Option<&str>, source: &str) -> IssueEntry {
        IssueEntry {
            id: id.to_owned(),
            // Named with the others by `name_issues` (names depend on each other).
            name: String::new(),
            date: date.map(str::to_owned),
            origin: Source::origin_of_label(source),
            state: IssueState::Pending,
        }
    }

    /// The listing of an issue already parsed.
    pub fn listed(issue: &Issue) -> IssueEntry {
        IssueEntry {
            id: issue.id.clone(),
            name: short_name(&issue.id),
            date: issue.date.clone(),
            origin: Source::origin_of_label(&issue.source),
            state: IssueState::Pending,
        }
    }

    /// The issue's source file, when known. Its date is the entry's: an issue's date
    /// is the one in its file name ([`Source::date`]).
    pub fn source(&self) -> Option<Source> {
        Some(Source {
            id: self.id.clone(),
            date: self.date.clone(),
            origin: self.origin.clone()?,
        })
    }

    pub fn meta(&self) -> Option<&IssueMeta> {
        match &self.state {
            IssueState::Ready(m) => Some(m),
            _ => None,
        }
    }

    /// Articles of the issue once parsed (0 before).
    pub fn article_count(&self) -> usize {
        self.meta().map_or(0, |m| m.articles.len())
    }

    /// The date the issue's jump halves pair within: its file name's, else the one
    /// its pages print.
    pub fn printed_date(&self) -> Option<&str> {
        self.date
            .as_deref()
            .or_else(|| self.meta()?.pages.iter().find_map(|p| p.date.as_deref()))
    }

    /// What the reader calls the issue: its date when known, else its short name.
    pub fn label(&self) -> &str {
        self.date.as_deref().unwrap_or(&self.name)
    }
}

/// A readable name for an issue file stem: the stem without its hash-like parts (runs
/// of 8 or more hex digits holding both letters and digits), `第 N 期` when what is
/// left is a number. `000_03d9866ece675afd` → `第 000 期`, `zzrb_special` stays.
pub fn short_name(id: &str) -> String {
    let parts = || id.split(['_', '-', '.', ' ']).filter(|p| !p.is_empty());
    // Most stems have no hash (dates, numbers): named before the first frame, one
    // per issue, so without gathering their parts.
    if !parts().any(is_hash) {
        return id.to_owned();
    }
    let parts: Vec<&str> = parts().collect();
    let kept: Vec<&str> = parts.iter().copied().filter(|p| !is_hash(p)).collect();
    if kept.len() == parts.len() {
        return id.to_owned();
    }
    if kept.is_empty() {
        // Nothing but a hash: its first characters, as git shortens a commit.
        return id.chars().take(8).collect();
    }
    let name = kept.join("_");
    if name.bytes().all(|b| b.is_ascii_digit()) {
        crate::strings::numbered_issue(&name)
    } else {
        name
    }
}

fn is_hash(part: &str) -> bool {
    part.len() >= 8
        && part.bytes().all(|b| b.is_ascii_hexdigit())
        && part.bytes().any(|b| b.is_ascii_digit())
        && part.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Gives each issue its short name; two issues that would share one keep the first
/// characters of their hash too.
pub fn name_issues(issues: &mut [IssueEntry]) {
    for e in issues.iter_mut() {
        e.name = short_name(&e.id);
    }
    // Only a shortened name is ever changed below: when every name is its issue's
    // id (dated file names), there is nothing to count.
    if issues.iter().all(|e| e.name == e.id) {
        return;
    }
    // Counted over borrowed names, Fx-hashed: this runs before the first frame.
    let mut seen: rustc_hash::FxHashMap<&str, usize> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(issues.len(), Default::default());
    for e in issues.iter() {
        *seen.entry(e.name.as_str()).or_default() += 1;
    }
    let seen: rustc_hash::FxHashSet<String> = seen
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(name, _)| name.to_owned())
        .collect();
    for e in issues.iter_mut() {
        if seen.contains(&e.name) && e.name != e.id {
            let hash =
                e.id.split(['_', '-', '.', ' '])
                    .find(|p| is_hash(p))
                    .map(|h| h.chars().take(6).collect::<String>())
                    .unwrap_or_default();
            e.name = crate::strings::disambiguated(&e.name, &hash);
        }
    }
}

impl App {
    pub fn issue(&self, ix: IssueIx) -> Option<&IssueEntry> {
        self.issues.get(ix.get())
    }

    /// An article's outline, once its issue is parsed.
    pub fn article(&self, at: ArticleIx) -> Option<&ArticleMeta> {
        self.issue(at.issue)?.meta()?.articles.get(at.n())
    }

    /// `ISSUE#N`, the id the state file knows the article by.
    pub fn article_id(&self, at: ArticleIx) -> Option<&str> {
        self.article(at).map(|a| a.id.as_str())
    }

    /// The article with id `ISSUE#N`, once its issue is parsed.
    pub(super) fn find_article(&self, id: &str) -> Option<ArticleIx> {
        let (issue_id, _) = id.rsplit_once('#')?;
        let i = self.issues.iter().position(|e| e.id == issue_id)?;
        let n = self.issues[i]
            .meta()?
            .articles
            .iter()
            .position(|a| a.id == id)?;
        Some(IssueIx::new(i).article(n))
    }

    /// The walk is done: the issues take their places in the list (and an archive with
    /// none is nothing to read).
    pub(super) fn listed(
        &mut self,
        issues: Vec<IssueEntry>,
        skipped: Vec<crate::model::LoadError>,
        cached: Option<Box<crate::cache::warm::Installed>>,
    ) {
        self.walking = None;
        if !self.issues.is_empty() {
            self.carry_over();
            // The cursor went back to the top: the first screen is set again.
            self.placed = false;
        }
        self.errors = skipped;
        if issues.is_empty() {
            return self.leave(super::Quit::NoIssues);
        }
        self.newness = crate::search::newness(issues.iter().map(|e| e.date.as_deref()));
        self.folds = super::list::Folds::for_archive(issues.len());
        self.issues = issues;
        self.jumping.clear();
        self.loaded = 0;
        self.corpus = crate::store::Corpus::new();
        self.index = crate::search::Index::new();
        if let Some(cached) = cached {
            cached.into_store(&mut self.corpus, &mut self.index);
        }
        super::library::name_issues(&mut self.issues);
        self.reorder();
        self.rebuild_rows();
        self.refresh_search();
    }

    /// The rest of the cached text and lists arrive: put in use after what is there,
    /// and an open search is brought up to date.
    pub(super) fn installed(&mut self, cached: crate::cache::warm::Installed) {
        cached.into_store(&mut self.corpus, &mut self.index);
        self.refresh_search();
    }

    /// The cache writer saved issues this run parsed: from now on their text and lists
    /// are read from the saved segment, and the memory the parsed copies held is given
    /// back (a cold start would otherwise hold the whole archive twice over, parsed
    /// and being written). Nothing shown or found changes: the documents keep their ids.
    pub(super) fn saved(&mut self, saved: crate::cache::warm::Installed) {
        saved.replace_in(&mut self.corpus, &mut self.index);
    }

    /// Parsed issues arrive: their text and index segment are appended, their outlines
    /// fill the list, remembered marks apply, and an open search is brought up to date.
    pub(super) fn add_batch(&mut self, batch: Batch) {
        self.corpus.adopt(&batch.corpus);
        self.index.adopt(&batch.index);
        let mut jumping = Vec::new();
        for (ix, result) in batch.issues {
            if let Ok(meta) = &result
                && meta
                    .articles
                    .iter()
                    .any(|a| a.continued_from.is_some() || a.continued_to.is_some())
            {
                jumping.push(ix);
            }
            let Some(entry) = self.issues.get_mut(ix.get()) else {
                continue;
            };
            if matches!(entry.state, IssueState::Pending) {
                self.loaded += 1;
            }
            entry.state = match result {
                Ok(meta) => IssueState::Ready(meta),
                Err(e) => {
                    let message = e.message.clone();
                    self.errors.push(e);
                    IssueState::Failed(message)
                }
            };
            self.apply_remembered(ix);
        }
        self.link_jumps(&jumping);
        self.rebuild_rows();
        self.place_first_screen();
        self.refresh_search();
    }

    /// Links jump halves across the issues of each date that `arrived` issues (ones
    /// with jump markers) belong to, with the rule `zzread dump` uses
    /// ([`crate::archive::pair_jumps`]): the parser linked the halves within a file,
    /// the other files of a date may arrive in any batch.
    fn link_jumps(&mut self, arrived: &[IssueIx]) {
        use crate::archive::{JumpHalf, jump_group, pair_jumps};
        let mut groups: Vec<String> = Vec::new();
        for &ix in arrived {
            let Some(entry) = self.issue(ix) else {
                continue;
            };
            let group = jump_group(entry.printed_date(), &entry.id);
            let members = self.jumping.entry(group.clone()).or_default();
            if !members.contains(&ix) {
                members.push(ix);
                members.sort_unstable();
            }
            if !groups.contains(&group) {
                groups.push(group);
            }
        }
        for group in groups {
            let members = self.jumping.get(&group).cloned().unwrap_or_default();
            if members.len() < 2 {
                // One file: the parser's links stand.
                continue;
            }
            let mut at: Vec<ArticleIx> = Vec::new();
            let mut halves: Vec<JumpHalf<'_>> = Vec::new();
            for &ix in &members {
                let Some(meta) = self.issue(ix).and_then(IssueEntry::meta) else {
                    continue;
                };
                for (n, a) in meta.articles.iter().enumerate() {
                    if a.continued_from.is_some() || a.continued_to.is_some() {
                        at.push(ix.article(n));
                        halves.push(JumpHalf {
                            continued_from: a.continued_from.as_deref(),
                            continued_to: a.continued_to.as_deref(),
                            page_number: meta.page_of(a).and_then(|p| p.number.as_deref()),
                            headless: a.headless,
                            title: &a.title,
                        });
                    }
                }
            }
            let pairs = pair_jumps(&halves);
            for &half in &at {
                if let Some(a) = self.article_mut(half) {
                    a.continued_from_article = None;
                    a.continued_to_article = None;
                }
            }
            for (f, s) in pairs {
                let (first, second) = (at[f], at[s]);
                let first_id = self.article_id(first).map(str::to_owned);
                let second_id = self.article_id(second).map(str::to_owned);
                if let Some(a) = self.article_mut(first) {
                    a.continued_to_article = second_id;
                }
                if let Some(a) = self.article_mut(second) {
                    a.continued_from_article = first_id;
                }
            }
        }
    }

    fn article_mut(&mut self, at: ArticleIx) -> Option<&mut ArticleMeta> {
        match &mut self.issues.get_mut(at.issue.get())?.state {
            IssueState::Ready(meta) => meta.articles.get_mut(at.n()),
            _ => None,
        }
    }

    /// The first screen: the cursor on the newest issue's first article, as soon as
    /// that issue is parsed (the loader parses it first). An issue that failed or has
    /// no article gives way to the next one. Nothing moves once the user has pressed a
    /// key or an article is open (a resumed one, say).
    fn place_first_screen(&mut self) {
        if self.placed || self.open.is_some() {
            return;
        }
        for k in 0..self.display.len() {
            let ix = self.display[k];
            match self.issue(ix).map(|e| &e.state) {
                Some(IssueState::Pending) | None => return,
                Some(IssueState::Ready(meta)) if !meta.articles.is_empty() => {
                    self.placed = true;
                    self.reveal(ix.article(0));
                    return;
                }
                Some(_) => {}
            }
        }
    }

    /// Damaged cached copies are put out of sight; the issues wait for their fresh
    /// parse like any other (a search over them says it is partial meanwhile).
    pub(super) fn cache_damaged(&mut self, issues: &[IssueIx]) {
        for &ix in issues {
            self.corpus.retire_cached(ix);
            if let Some(entry) = self.issues.get_mut(ix.get())
                && !matches!(entry.state, IssueState::Pending)
            {
                entry.state = IssueState::Pending;
                self.loaded = self.loaded.saturating_sub(1);
            }
        }
        self.message = Some(crate::strings::CACHE_REBUILT.into());
        self.rebuild_rows();
        self.refresh_search();
    }

    /// The loader has finished: an open search is no longer partial, and an issue it
    /// never delivered (its thread died) says so instead of loading for ever.
    pub(super) fn loading_done(&mut self) {
        for entry in &mut self.issues {
            if matches!(entry.state, IssueState::Pending) {
                entry.state = IssueState::Failed(crate::strings::NOT_LOADED.into());
            }
        }
        self.loaded = self.issues.len();
        self.rebuild_rows();
        self.place_first_screen();
        if matches!(self.mode, Mode::Search(_)) || self.hits.is_some() {
            self.refresh_search();
        }
    }
}
