//! Column breaks: which pieces of text are one paragraph cut apart, chosen for the
//! whole issue at once.
//!
//! Every text piece that stops mid-sentence is the left side of a possible seam. Its
//! partner is the next piece of its article (layout adjacency is evidence), or a
//! piece printed elsewhere when the text says so (see `evidence`): far-away partners
//! need strong evidence. Candidates compete for partners, and the set of seams with the
//! best total evidence wins (not the first that fits). A piece taken far away brings
//! along the rest of its column: the paragraphs after it up to a cut end, a heading, the
//! article's end, or the point where the article it interrupted resumes. A cut piece
//! with no partner stays a paragraph end; a sub-head never fuses into text without
//! evidence, and a sentence fragment that has a partner is text, not a sub-head.

use super::classify::ends_sentence;
use super::draft::{Draft, Piece};
use super::evidence::{
    Evidence, FAR_SEAM_MIN, LeftEnd, RightStart, carries_far, determiner_before_word, fit,
    han_pairs, is_headless, left_end, lexical, lexical_known, looks_unfinished, may_be_headless,
    may_continue, opens_a_tail, repeated_across, right_start, word_may_cross,
};
use crate::model::ParagraphKind;
use jieba_rs::Jieba;
use rustc_hash::FxHashSet;

/// Left pieces searched for a far-away partner, per issue: a real issue has a handful,
/// a hostile file thousands, and each search looks at every piece of the issue.
const MAX_FAR_TAILS: usize = 32;

/// How many paragraphs either side of a seam are searched for the phrase across it.
const PHRASE_REACH: usize = 8;

/// Phrase look-ups per issue.
const MAX_PHRASE_CHECKS: usize = 64;

/// Components of competing seams up to this many candidates are solved exactly.
const EXACT_MAX_EDGES: usize = 14;

#[derive(Debug, Clone, Copy)]
struct Edge {
    l: usize,
    r: usize,
    score: f32,
    far: bool,
}

/// A flat numbering of every piece of the issue.
struct Index {
    /// (draft, piece) of each id.
    at: Vec<(usize, usize)>,
    /// First id of each draft.
    offset: Vec<usize>,
}

impl Index {
    fn new(drafts: &[Draft]) -> Index {
        let mut at = Vec::new();
        let mut offset = Vec::with_capacity(drafts.len());
        for (d, draft) in drafts.iter().enumerate() {
            offset.push(at.len());
            for k in 0..draft.pieces.len() {
                at.push((d, k));
            }
        }
        Index { at, offset }
    }

    fn id(&self, d: usize, k: usize) -> usize {
        self.offset[d] + k
    }
}

fn piece<'a>(drafts: &'a [Draft], ix: &Index, id: usize) -> &'a Piece {
    let (d, k) = ix.at[id];
    &drafts[d].pieces[k]
}

/// Stops mid-sentence: text without a full stop, or a short line that may be a
/// sub-head or a cut sentence.
fn is_open(p: &Piece) -> bool {
    (p.kind() == ParagraphKind::Text && !ends_sentence(p.text()))
        || (p.kind() == ParagraphKind::Subhead && p.guessed)
        || (p.kind() == ParagraphKind::ListItem && !ends_sentence(p.text()))
}

/// The next piece of the draft after `k`, captions skipped (a caption sits inside a
/// column without interrupting its text).
fn next_piece(draft: &Draft, k: usize) -> Option<usize> {
    (k + 1..draft.pieces.len()).find(|&j| draft.pieces[j].kind() != ParagraphKind::Caption)
}

/// A list of cited documents — `《…》(文号)` then `《…` — stops without punctuation
/// but is not cut: a closing bracket meeting an opening one is a seam, not a break.
fn is_list_seam(a: &str, b: &str) -> bool {
    a.ends_with([')', '）', '》', '」', '』', '”', '】'])
        && b.starts_with(['(', '（', '《', '「', '『', '“', '【'])
}

/// Whether a piece stands where a column of text may begin: after a piece cut
/// mid-sentence, after a heading or label, or first in an article without a headline.
/// Only such a piece is taken far away on the evidence of a word broken across the
/// cut; elsewhere it takes evidence no paragraph start could show (`may_continue`).
fn column_top(draft: &Draft, k: usize) -> bool {
    match draft.pieces[..k]
        .iter()
        .rposition(|p| p.kind() != ParagraphKind::Caption)
    {
        None => !draft.headed,
        Some(j) => {
            let p = &draft.pieces[j];
            is_open(p) || !p.is_textual()
        }
    }
}

/// Every piece that may continue a sentence from elsewhere (and may fail to open a
/// paragraph), with what its start
/// offers (`wanted`: what the left pieces searching opened) and whether it stands at
/// the top of a column.
fn far_rights(
    drafts: &[Draft],
    ix: &Index,
    headish: &[bool],
    wanted: &LeftEnd,
) -> Vec<(usize, RightStart, bool)> {
    let firsts: Vec<Option<usize>> = drafts
        .iter()
        .map(|d| {
            d.pieces
                .iter()
                .position(|p| p.kind() != ParagraphKind::Caption)
        })
        .collect();
    // Only a piece that may fail to open a paragraph can be taken far away.
    (0..ix.at.len())
        .filter_map(|id| {
            let (d, k) = ix.at[id];
            let draft = &drafts[d];
            let text = draft.pieces[k].text();
            (headish[id] && may_be_far_right(draft, k, firsts[d])).then(|| {
                let start = right_start(text, wanted);
                (id, start, column_top(draft, k))
            })
        })
        .collect()
}

/// Whether a piece may continue a sentence from elsewhere: body text that is not the
/// lead of an article (a lead begins its story). `first` is the index of the draft's
/// first piece that is not a caption.
fn may_be_far_right(draft: &Draft, k: usize, first: Option<usize>) -> bool {
    draft.pieces[k].is_textual() && (!draft.headed || first.is_some_and(|f| f < k))
}

pub fn rejoin(drafts: &mut [Draft], jieba: Option<&Jieba>) {
    let ix = Index::new(drafts);
    let n = ix.at.len();
    let mut c = Candidates::new(drafts, &ix, jieba);
    c.adjacent();
    c.search_from_cut_ends();
    c.search_for_orphan_heads();
    c.rivals();
    c.weigh_contested();

    // (A neighbour taken with no words for it stays listed, at zero, for `resumption`.)
    let edges = c.edges;
    let weighed: Vec<Edge> = edges.iter().filter(|e| e.score > 0.0).copied().collect();
    let mut chosen = solve(&weighed, n);
    let no_stops = vec![false; n];
    let mut runs = runs_of(drafts, &ix, &chosen, &no_stops);

    // Where an article was interrupted by a column of another, it resumes after that
    // column: the piece that lost its neighbour looks for its partner inside the run
    // that was taken away, and the run ends there.
    let mut right_of: Vec<Option<usize>> = vec![None; n];
    let mut left_of: Vec<Option<usize>> = vec![None; n];
    for e in &chosen {
        right_of[e.l] = Some(e.r);
        left_of[e.r] = Some(e.l);
    }
    let orphans: Vec<(usize, usize)> = edges
        .iter()
        .filter(|e| !e.far && right_of[e.l].is_none() && left_of[e.r].is_some_and(|x| x != e.l))
        .map(|e| (e.l, e.r))
        .collect();
    let mut stops = vec![false; n];
    for (l, taken) in orphans {
        let Some(run) = runs.iter().find(|run| run.first() == Some(&taken)) else {
            continue;
        };
        let Some(resume) = resumption(drafts, &ix, l, run, &right_of, &left_of) else {
            continue;
        };
        stops[resume] = true;
        let (lp, rp) = (piece(drafts, &ix, l), piece(drafts, &ix, resume));
        let mut s = lexical(jieba, lp.text(), rp.text()).score;
        if determiner_before_word(jieba, lp.text(), rp.text()) {
            s += 1.0;
        }
        if s >= RESUMED_SEAM_MIN {
            chosen.push(Edge {
                l,
                r: resume,
                score: s,
                far: true,
            });
            right_of[l] = Some(resume);
            left_of[resume] = Some(l);
        }
    }
    runs = runs_of(drafts, &ix, &chosen, &stops);
    // A seam whose left piece would travel inside its own right piece's run (or in a
    // loop of such runs) cannot be laid out; drop it.
    loop {
        let moved = moved_by(&runs, n);
        let bad = chosen
            .iter()
            .position(|e| e.far && loops(e, &chosen, &runs, &moved));
        match bad {
            Some(b) => {
                chosen.remove(b);
                runs = runs_of(drafts, &ix, &chosen, &stops);
            }
            None => break,
        }
    }
    lay_out(drafts, &ix, &chosen, &runs);
}

/// The candidate seams of an issue, gathered in steps: neighbours, then partners
/// printed far away found from either side.
struct Candidates<'a> {
    drafts: &'a [Draft],
    ix: &'a Index,
    jieba: Option<&'a Jieba>,
    edges: Vec<Edge>,
    /// (left, right) of every edge, to add none twice.
    known: FxHashSet<(usize, usize)>,
    /// Cut pieces with no partner beside them.
    unresolved: Vec<usize>,
    /// What each piece's end offers, worked out on first use.
    ends: Vec<Option<LeftEnd>>,
    /// Whether each piece opens with a lone character, by jieba, worked out on
    /// first use.
    lone: Vec<Option<bool>>,
    /// Whether each piece may fail to open a paragraph (`may_be_headless`).
    headish: Vec<bool>,
}

impl<'a> Candidates<'a> {
    fn new(drafts: &'a [Draft], ix: &'a Index, jieba: Option<&'a Jieba>) -> Candidates<'a> {
        Candidates {
            drafts,
            ix,
            jieba,
            edges: Vec::new(),
            known: FxHashSet::default(),
            unresolved: Vec::new(),
            ends: vec![None; ix.at.len()],
            lone: vec![None; ix.at.len()],
            headish: (0..ix.at.len())
                .map(|id| may_be_headless(piece(drafts, ix, id).text()))
                .collect(),
        }
    }

    fn text(&self, id: usize) -> &'a str {
        piece(self.drafts, self.ix, id).text()
    }

    fn end(&mut self, l: usize) -> LeftEnd {
        let text = self.text(l);
        *self.ends[l].get_or_insert_with(|| left_end(text))
    }

    fn evidence(&mut self, l: usize, r: usize) -> Evidence {
        let end = self.end(l);
        let lone = self.jieba.map(|_| self.lone(r));
        lexical_known(self.jieba, self.text(l), &end, self.text(r), lone)
    }

    /// Whether piece `r` opens with a lone character no sentence opens with, by
    /// jieba (worked out once per piece; false without jieba).
    fn lone(&mut self, r: usize) -> bool {
        let text = self.text(r);
        let jieba = self.jieba;
        *self.lone[r].get_or_insert_with(|| jieba.is_some_and(|j| is_headless(j, text)))
    }

    fn push(&mut self, l: usize, r: usize, score: f32, far: bool) {
        if self.known.insert((l, r)) {
            self.edges.push(Edge { l, r, score, far });
        }
    }

    /// Whether piece `r` cannot open a paragraph (worked out once per piece): it opens
    /// with punctuation, a unit or, by jieba, a lone character no sentence opens with.
    fn headless(&mut self, r: usize) -> bool {
        let text = self.text(r);
        self.headish[r] && (text.starts_with(opens_a_tail) || self.jieba.is_none() || self.lone(r))
    }

    /// Adds `l → r` when the text carries a seam between pieces printed apart. A
    /// piece that could open a paragraph is never taken from far away, so that is
    /// asked first (once per piece) before the words of the pair are weighed.
    fn try_far(&mut self, l: usize, r: usize) {
        if l != r
            && !self.known.contains(&(l, r))
            && self.headish[r]
            && self.may_join(l, r)
            && self.headless_after(l, r)
        {
            let e = self.evidence(l, r);
            if carries_far(e) {
                self.push(l, r, e.score, true);
            }
        }
    }

    /// Whether the words could carry a seam at all: evidence the pieces' ends show by
    /// themselves, or a dictionary word across the cut (cheap tests before `lexical`).
    fn may_join(&mut self, l: usize, r: usize) -> bool {
        let end = self.end(l);
        let (left, right) = (self.text(l), self.text(r));
        may_continue(&end, &right_start(right, &end))
            || self.jieba.is_some_and(|j| word_may_cross(j, left, right))
    }

    /// `headless(r)`, or a figure on the left running into a unit on the right.
    fn headless_after(&mut self, l: usize, r: usize) -> bool {
        self.headless(r) || (self.end(l).ends_in_figure() && self.headish[r])
    }

    /// Every cut piece and the next piece of its article.
    fn adjacent(&mut self) {
        let mut phrase_checks = 0;
        for (d, draft) in self.drafts.iter().enumerate() {
            let last_text = draft.pieces.iter().rposition(Piece::is_textual);
            for k in 0..draft.pieces.len() {
                let p = &draft.pieces[k];
                if !is_open(p) {
                    continue;
                }
                // The rest of this sentence is on another page.
                if draft.article.continued_to.is_some() && Some(k) == last_text {
                    continue;
                }
                let l = self.ix.id(d, k);
                let Some(j) = next_piece(draft, k) else {
                    self.unresolved.push(l);
                    continue;
                };
                let r = self.ix.id(d, j);
                let q = &draft.pieces[j];
                // A sub-head-like line that shows it is cut (…推动, …投入5) is text
                // here; a list item without a full stop is usually whole.
                let text_like = p.kind() == ParagraphKind::Text
                    || (p.kind() == ParagraphKind::Subhead && looks_unfinished(p.text()));
                let both_text = text_like && q.kind() == ParagraphKind::Text;
                if both_text && is_list_seam(p.text(), q.text()) {
                    continue;
                }
                if both_text {
                    self.push(l, r, 1.0, false);
                    // A sub-head-like fragment may have its partner elsewhere.
                    if p.kind() == ParagraphKind::Subhead {
                        self.unresolved.push(l);
                    }
                } else if q.is_textual() {
                    // A sub-head on either side joins only on evidence.
                    let mut s = self.evidence(l, r).score;
                    if s < FAR_SEAM_MIN && phrase_checks < MAX_PHRASE_CHECKS {
                        phrase_checks += 1;
                        let near = k.saturating_sub(PHRASE_REACH)
                            ..(j + PHRASE_REACH + 1).min(draft.pieces.len());
                        let others = draft.pieces[near.clone()]
                            .iter()
                            .zip(near)
                            .filter(|&(_, x)| x != k && x != j)
                            .map(|(o, _)| o.text());
                        if repeated_across(p.text(), q.text(), others) {
                            s += FAR_SEAM_MIN;
                        }
                    }
                    if s >= FAR_SEAM_MIN {
                        self.push(l, r, s, false);
                    } else {
                        self.unresolved.push(l);
                    }
                } else {
                    self.unresolved.push(l);
                }
            }
        }
    }

    /// Far partners for the pieces whose sentence has no partner beside them. A
    /// piece that has a neighbour to join keeps it unless someone else's evidence
    /// takes that neighbour away (see `rivals`, `resumption`). A sub-head-like line
    /// looks only when it shows it is a cut sentence: headlines end without
    /// punctuation anyway.
    fn search_from_cut_ends(&mut self) {
        let searching: Vec<usize> = self
            .unresolved
            .iter()
            .copied()
            .filter(|&l| {
                let p = piece(self.drafts, self.ix, l);
                p.kind() != ParagraphKind::Subhead || looks_unfinished(p.text())
            })
            .take(MAX_FAR_TAILS)
            .collect();
        self.search(&searching);
    }

    /// Far partners for `lefts` among the pieces that stand at a column's top or
    /// whose start carries evidence by itself.
    fn search(&mut self, lefts: &[usize]) {
        if lefts.is_empty() {
            return;
        }
        let wanted = lefts
            .iter()
            .fold(LeftEnd::default(), |a, &l| a.union(self.end(l)));
        let rights = far_rights(self.drafts, self.ix, &self.headish, &wanted);
        for &l in lefts {
            let end = self.end(l);
            for &(r, start, top) in &rights {
                if top || may_continue(&end, &start) {
                    self.try_far(l, r);
                }
            }
        }
    }

    /// A piece that cannot open a paragraph (求。如今…, 行问题,…) standing after a
    /// complete one is the tail of a sentence cut somewhere: every cut piece of the
    /// issue is asked whether it is the head, whatever lies beside that piece.
    fn search_for_orphan_heads(&mut self) {
        let Some(jieba) = self.jieba else {
            return;
        };
        let heads = self.orphan_heads(jieba);
        if heads.is_empty() {
            return;
        }
        let opens: Vec<usize> = (0..self.ix.at.len())
            .filter(|&id| {
                let p = piece(self.drafts, self.ix, id);
                p.kind() == ParagraphKind::Text && is_open(p)
            })
            .take(MAX_FAR_TAILS * 2)
            .collect();
        for &r in &heads {
            for &l in &opens {
                self.try_far(l, r);
            }
        }
    }

    /// Pieces after a complete paragraph that cannot open one: a lone character no
    /// sentence opens with, by jieba, before anything else. Few in any issue: most
    /// paragraphs open with a word (今年, 会议, 据统计), which the dictionary tells at once.
    fn orphan_heads(&mut self, jieba: &Jieba) -> Vec<usize> {
        let firsts: Vec<Option<usize>> = self
            .drafts
            .iter()
            .map(|d| {
                d.pieces
                    .iter()
                    .position(|p| p.kind() != ParagraphKind::Caption)
            })
            .collect();
        let mut out = Vec::new();
        let mut two = String::new();
        for id in 0..self.ix.at.len() {
            let (d, k) = self.ix.at[id];
            let draft = &self.drafts[d];
            let p = &draft.pieces[k];
            if p.kind() != ParagraphKind::Text
                || !may_be_far_right(draft, k, firsts[d])
                || column_top(draft, k)
                || !self.headish[id]
            {
                continue;
            }
            two.clear();
            two.extend(p.text().chars().take(2));
            if !jieba.has_word(&two) && self.lone(id) {
                out.push(id);
            }
            if out.len() >= MAX_FAR_TAILS {
                break;
            }
        }
        out
    }

    /// A neighbour that a cut piece elsewhere claims with strong evidence is no
    /// longer a neighbour by default: the adjacent seam keeps only what its words say,
    /// and its left piece looks for a partner of its own too.
    fn rivals(&mut self) {
        let claimed: FxHashSet<usize> = self.edges.iter().filter(|e| e.far).map(|e| e.r).collect();
        let contested: Vec<usize> = (0..self.edges.len())
            .filter(|&k| !self.edges[k].far && claimed.contains(&self.edges[k].r))
            .collect();
        let mut lefts = Vec::new();
        for k in contested {
            let (l, r) = (self.edges[k].l, self.edges[k].r);
            self.edges[k].score = self.evidence(l, r).score;
            lefts.push(l);
        }
        lefts.truncate(MAX_FAR_TAILS);
        self.search(&lefts);
    }

    /// Adjacent seams that compete with far ones weigh their words too.
    fn weigh_contested(&mut self) {
        let n = self.ix.at.len();
        let mut rs = vec![0u8; n];
        let mut ls = vec![0u8; n];
        for e in &self.edges {
            rs[e.r] = rs[e.r].saturating_add(1);
            ls[e.l] = ls[e.l].saturating_add(1);
        }
        for k in 0..self.edges.len() {
            let e = self.edges[k];
            if (rs[e.r] > 1 || ls[e.l] > 1) && !e.far && e.score == 1.0 {
                self.edges[k].score += self.evidence(e.l, e.r).score;
            }
        }
    }
}

/// Pieces of text before `id` in its article that belong to its column: up to this
/// many, back to a heading.
const COLUMN_PIECES: usize = 4;

/// How much better a piece must fit the interrupted article than the column that
/// interrupted it for the article to resume there: a clear majority of the shared
/// vocabulary (the interrupting side is measured over more text, so the test leans
/// towards leaving the run whole), and more than a few pairs in common.
const RESUME_RATIO: f32 = 1.25;
const RESUME_MIN_SHARE: f32 = 0.1;

/// Evidence a resumed article needs to re-join the cut sentence across the column
/// that interrupted it (the two pieces end up side by side, as adjacent pieces do).
const RESUMED_SEAM_MIN: f32 = 1.0;

/// The texts of `id` and the pieces before it in its column.
fn column_before<'a>(drafts: &'a [Draft], ix: &Index, id: usize) -> Vec<&'a str> {
    let (d, k) = ix.at[id];
    drafts[d].pieces[..=k]
        .iter()
        .rev()
        .take_while(|p| p.is_textual() || p.kind() == ParagraphKind::Caption)
        .take(COLUMN_PIECES)
        .map(Piece::text)
        .collect()
}

/// Where an article interrupted after `l` resumes inside the run that took `l`'s
/// neighbour: the first piece of the run that fits `l`'s column better than the
/// column the run joins. A piece whose sentence continues elsewhere stays with the run.
fn resumption(
    drafts: &[Draft],
    ix: &Index,
    l: usize,
    run: &[usize],
    right_of: &[Option<usize>],
    left_of: &[Option<usize>],
) -> Option<usize> {
    let head = *run.first()?;
    let interrupted = column_before(drafts, ix, l);
    let mut joined = left_of[head]
        .map(|far_l| column_before(drafts, ix, far_l))
        .unwrap_or_default();
    joined.push(piece(drafts, ix, head).text());
    for &x in run.iter().skip(1) {
        let text = piece(drafts, ix, x).text();
        if left_of[x].is_some() {
            return None;
        }
        if right_of[x].is_none() {
            let pairs = han_pairs(text);
            let fits_interrupted = fit(&pairs, interrupted.iter().copied());
            let fits_run = fit(&pairs, joined.iter().copied());
            if fits_interrupted >= RESUME_MIN_SHARE && fits_interrupted >= fits_run * RESUME_RATIO {
                return Some(x);
            }
        }
        joined.push(text);
    }
    None
}

/// The set of seams with the best total evidence: each piece joins at most one on
/// each side. Competing candidates form small groups, solved exactly; a large group
/// (only hostile input makes one) is solved greedily, best evidence first.
fn solve(edges: &[Edge], n: usize) -> Vec<Edge> {
    // Group edges that share a piece (union-find over piece ids).
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for e in edges {
        let (a, b) = (find(&mut parent, e.l), find(&mut parent, e.r));
        parent[a] = b;
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Edge>> = Default::default();
    for e in edges {
        let g = find(&mut parent, e.l);
        groups.entry(g).or_default().push(*e);
    }
    let mut chosen = Vec::new();
    for (_, mut group) in groups {
        // Best evidence first; adjacency breaks ties (the layout's own order).
        group.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.far.cmp(&b.far))
                .then(a.l.cmp(&b.l))
                .then(a.r.cmp(&b.r))
        });
        if group.len() <= EXACT_MAX_EDGES {
            let mut best = (0.0f32, Vec::new());
            let mut pick = Vec::new();
            exact(&group, 0, &mut pick, 0.0, &mut best);
            chosen.extend(best.1.into_iter().map(|i| group[i]));
        } else {
            let mut used_l = std::collections::HashSet::new();
            let mut used_r = std::collections::HashSet::new();
            for e in group {
                if !used_l.contains(&e.l) && !used_r.contains(&e.r) {
                    used_l.insert(e.l);
                    used_r.insert(e.r);
                    chosen.push(e);
                }
            }
        }
    }
    chosen.sort_by_key(|e| (e.l, e.r));
    chosen
}

fn exact(
    group: &[Edge],
    i: usize,
    pick: &mut Vec<usize>,
    total: f32,
    best: &mut (f32, Vec<usize>),
) {
    if i == group.len() {
        // Equal evidence: columns are read in order, so the first cut piece goes with
        // the first continuation (the set with fewer crossing seams wins).
        let better = total > best.0 + 1e-6
            || (total > best.0 - 1e-6 && crossings(group, pick) < crossings(group, &best.1));
        if better {
            *best = (total, pick.clone());
        }
        return;
    }
    let e = group[i];
    let free = pick.iter().all(|&p| group[p].l != e.l && group[p].r != e.r);
    if free {
        pick.push(i);
        exact(group, i + 1, pick, total + e.score, best);
        pick.pop();
    }
    exact(group, i + 1, pick, total, best);
}

/// Pairs of chosen seams that cross: an earlier cut piece with a later continuation
/// while a later cut piece takes an earlier one.
fn crossings(group: &[Edge], pick: &[usize]) -> usize {
    let mut n = 0;
    for (a, &x) in pick.iter().enumerate() {
        for &y in &pick[a + 1..] {
            let (e, f) = (group[x], group[y]);
            if (e.l < f.l) != (e.r < f.r) {
                n += 1;
            }
        }
    }
    n
}

/// For each far seam, the pieces its right piece brings along: itself, then the rest
/// of its column.
fn runs_of(drafts: &[Draft], ix: &Index, chosen: &[Edge], stops: &[bool]) -> Vec<Vec<usize>> {
    let n = ix.at.len();
    let mut right_of: Vec<Option<&Edge>> = vec![None; n];
    let mut left_of: Vec<Option<&Edge>> = vec![None; n];
    for e in chosen {
        right_of[e.l] = Some(e);
        left_of[e.r] = Some(e);
    }
    let mut runs = Vec::new();
    for e in chosen.iter().filter(|e| e.far) {
        let (d, k) = ix.at[e.r];
        let draft = &drafts[d];
        let mut run = vec![e.r];
        let mut last = k;
        loop {
            let last_id = ix.id(d, last);
            match right_of[last_id] {
                Some(x) if x.far => break,
                None if is_open(&draft.pieces[last]) => break,
                _ => {}
            }
            let Some(j) = next_piece(draft, last) else {
                break;
            };
            let id = ix.id(d, j);
            let p = &draft.pieces[j];
            if stops[id] {
                break;
            }
            if let Some(x) = left_of[id] {
                if x.l == last_id && !x.far {
                    run.push(id);
                    last = j;
                    continue;
                }
                break;
            }
            // A sentence fragment with a partner is text, whatever it looked like.
            let body = matches!(
                p.kind(),
                ParagraphKind::Text
                    | ParagraphKind::ListItem
                    | ParagraphKind::TableRow
                    | ParagraphKind::Attribution
            ) || right_of[id].is_some();
            if !body {
                break;
            }
            run.push(id);
            last = j;
        }
        runs.push(run);
    }
    runs
}

fn moved_by(runs: &[Vec<usize>], n: usize) -> Vec<Option<usize>> {
    let mut moved = vec![None; n];
    for (r, run) in runs.iter().enumerate() {
        for &id in run {
            moved[id] = Some(r);
        }
    }
    moved
}

/// Whether the left piece of `e` ends up carried by `e`'s own run, directly or
/// through a chain of runs.
fn loops(e: &Edge, chosen: &[Edge], runs: &[Vec<usize>], moved: &[Option<usize>]) -> bool {
    let far: Vec<&Edge> = chosen.iter().filter(|x| x.far).collect();
    let mut at = e.l;
    for _ in 0..=runs.len() {
        let Some(r) = moved[at] else {
            return false;
        };
        // The run carrying `at` is brought by the far seam whose right piece heads it.
        let Some(owner) = far.iter().find(|x| runs[r].first() == Some(&x.r)) else {
            return false;
        };
        if owner.r == e.r {
            return true;
        }
        at = owner.l;
    }
    true
}

/// Rebuilds every draft's pieces: joined seams, runs moved after their left piece.
fn lay_out(drafts: &mut [Draft], ix: &Index, chosen: &[Edge], runs: &[Vec<usize>]) {
    let n = ix.at.len();
    let mut right_of: Vec<Option<(usize, bool)>> = vec![None; n];
    for e in chosen {
        right_of[e.l] = Some((e.r, e.far));
    }
    let mut run_of: Vec<Option<usize>> = vec![None; n];
    let mut moved = vec![false; n];
    for (r, run) in runs.iter().enumerate() {
        if let Some(&head) = run.first() {
            run_of[head] = Some(r);
        }
        for &id in run {
            moved[id] = true;
        }
    }
    let mut taken: Vec<Option<Piece>> = Vec::with_capacity(n);
    for d in drafts.iter_mut() {
        taken.extend(std::mem::take(&mut d.pieces).into_iter().map(Some));
    }
    let mut emitted = vec![false; n];
    let mut out: Vec<Vec<Piece>> = vec![Vec::new(); drafts.len()];
    for (d, draft_out) in out.iter_mut().enumerate() {
        let end = ix.offset.get(d + 1).copied().unwrap_or(n);
        for id in ix.offset[d]..end {
            if !moved[id] && !emitted[id] {
                emit(
                    id,
                    &mut taken,
                    &mut emitted,
                    &right_of,
                    &run_of,
                    runs,
                    draft_out,
                );
            }
        }
    }
    // Whatever no chain reached (only a malformed set of seams could leave any) stays
    // where it was printed: text is never lost.
    for id in 0..n {
        if !emitted[id]
            && let Some(p) = taken[id].take()
        {
            out[ix.at[id].0].push(p);
        }
    }
    for (d, pieces) in drafts.iter_mut().zip(out) {
        d.pieces = pieces;
    }
}

/// Emits piece `id` as a paragraph, joins its right partners onto it, then emits the
/// runs those partners brought along.
#[allow(clippy::too_many_arguments)]
fn emit(
    id: usize,
    taken: &mut [Option<Piece>],
    emitted: &mut [bool],
    right_of: &[Option<(usize, bool)>],
    run_of: &[Option<usize>],
    runs: &[Vec<usize>],
    out: &mut Vec<Piece>,
) {
    let Some(mut para) = taken[id].take() else {
        return;
    };
    emitted[id] = true;
    let mut pending: Vec<usize> = Vec::new();
    let mut tail = id;
    while let Some((r, _)) = right_of[tail] {
        if emitted[r] {
            break;
        }
        let Some(next) = taken[r].take() else {
            break;
        };
        emitted[r] = true;
        join(&mut para, next);
        if let Some(run) = run_of[r] {
            pending.push(run);
        }
        tail = r;
    }
    out.push(para);
    for run in pending {
        for &m in runs[run].iter().skip(1) {
            if !emitted[m] {
                emit(m, taken, emitted, right_of, run_of, runs, out);
            }
        }
    }
}

/// Joins the right piece of a seam onto the left one: one text paragraph. Latin words
/// meeting at the cut keep the space the line break took away.
fn join(left: &mut Piece, right: Piece) {
    let latin_end = left.text().ends_with(|c: char| c.is_ascii_alphabetic());
    let latin_start = right.text().starts_with(|c: char| c.is_ascii_alphabetic());
    if latin_end && latin_start {
        left.para.text.push(' ');
    }
    left.para.text.push_str(right.text());
    left.para.lines.extend(right.para.lines);
    left.para.kind = ParagraphKind::Text;
    left.guessed = false;
}
