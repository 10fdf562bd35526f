//! The archive as the reader knows it: every issue listed at once, each filled in
//! when its batch arrives from the background loader.

use super::msg::{ArticleMeta, Batch, IssueMeta};
use super::{App, Mode};
use crate::ids::{ArticleIx, IssueIx};
use crate::load::Source;
use crate::model::Issue;

/// An issue: listed at once, parsed later.
#[derive(Debug, Clone)]
pub struct IssueEntry {
    /// The file stem.
    pub id: String,
    pub date: Option<String>,
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
            date: source.date.clone(),
            state: IssueState::Pending,
        }
    }

    /// An issue as the cache lists it, its outline to come.
    pub fn listed_as(id: &str, date: Option<String>) -> IssueEntry {
        IssueEntry {
            id: id.to_owned(),
            date,
            state: IssueState::Pending,
        }
    }

    /// The listing of an issue already parsed.
    pub fn listed(issue: &Issue) -> IssueEntry {
        IssueEntry {
            id: issue.id.clone(),
            date: issue.date.clone(),
            state: IssueState::Pending,
        }
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

    /// The date when known, else the file stem.
    pub fn label(&self) -> &str {
        self.date.as_deref().unwrap_or(&self.id)
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
        }
        self.errors = skipped;
        if issues.is_empty() {
            return self.leave(super::Quit::NoIssues);
        }
        self.newness = crate::search::newness(issues.iter().map(|e| e.date.as_deref()));
        self.folds = super::list::Folds::for_archive(issues.len());
        self.issues = issues;
        self.loaded = 0;
        self.corpus = crate::store::Corpus::new();
        self.index = crate::search::Index::new();
        if let Some(cached) = cached {
            cached.into_store(&mut self.corpus, &mut self.index);
        }
        self.rebuild_rows();
        self.refresh_search();
    }

    /// Parsed issues arrive: their text and index segment are appended, their outlines
    /// fill the list, remembered marks apply, and an open search is brought up to date.
    pub(super) fn add_batch(&mut self, batch: Batch) {
        self.corpus.append(batch.corpus);
        self.index.append(batch.index);
        for (ix, result) in batch.issues {
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
        if matches!(self.mode, Mode::Search(_)) || self.hits.is_some() {
            self.refresh_search();
        }
    }
}
