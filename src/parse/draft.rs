//! An article while it is being built: the `Article` itself plus what the later steps
//! need to know about its paragraphs and how it began and ended.

use crate::model::{Article, Paragraph, ParagraphKind};

/// A paragraph being built.
#[derive(Debug, Clone)]
pub struct Piece {
    pub para: Paragraph,
    /// A sub-head guessed from a short unpunctuated line (not marked with ●): it may be
    /// a sentence fragment cut by a column break after all.
    pub guessed: bool,
}

impl Piece {
    pub fn new(kind: ParagraphKind, text: &str, line: u32) -> Piece {
        Piece {
            para: Paragraph {
                kind,
                text: text.to_owned(),
                lines: vec![line],
            },
            guessed: false,
        }
    }

    pub fn kind(&self) -> ParagraphKind {
        self.para.kind
    }

    pub fn text(&self) -> &str {
        &self.para.text
    }

    /// Body text, or a guessed sub-head that may turn out to be body text.
    pub fn is_textual(&self) -> bool {
        self.para.kind == ParagraphKind::Text
            || (self.para.kind == ParagraphKind::Subhead && self.guessed)
    }
}

/// An article being built. `article.paragraphs` stays empty until [`Draft::finish`].
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub article: Article,
    pub pieces: Vec<Piece>,
    /// Which run of section headings the article sits under (a compiler's credit at the
    /// end of a column covers every article of the run).
    pub section_run: usize,
    /// Begun by a headline, a byline or a jump marker: its first text is a lead, never
    /// the tail of a sentence printed elsewhere.
    pub headed: bool,
    /// Nothing more of this article follows here: a byline printed after the text, a
    /// 下转 marker or the end of its page closed it.
    pub closed: bool,
}

impl Draft {
    pub fn starting_at(line: u32) -> Draft {
        let mut d = Draft::default();
        d.article.lines = [line, line];
        d
    }

    /// Extends the article's source line span to cover `line`.
    pub fn touch(&mut self, line: u32) {
        let [first, last] = &mut self.article.lines;
        if *first == 0 || line < *first {
            *first = line;
        }
        *last = (*last).max(line);
    }

    pub fn push(&mut self, piece: Piece) {
        for &l in &piece.para.lines {
            self.touch(l);
        }
        self.pieces.push(piece);
    }

    pub fn has_text(&self) -> bool {
        self.pieces.iter().any(|p| p.kind() == ParagraphKind::Text)
    }

    /// Whether anything of the article was found at all.
    pub fn is_empty(&self) -> bool {
        self.article.title.is_empty() && self.pieces.is_empty() && self.article.byline.is_none()
    }

    /// The finished article, its paragraphs in place.
    pub fn finish(mut self, id: String) -> Article {
        let mut article = std::mem::take(&mut self.article);
        article.id = id;
        article.paragraphs = self
            .pieces
            .into_iter()
            .map(|p| {
                let mut para = p.para;
                // Joined paragraphs grew by doubling; an archive keeps millions.
                para.text.shrink_to_fit();
                para
            })
            .collect();
        for p in &article.paragraphs {
            for &l in &p.lines {
                let [first, last] = &mut article.lines;
                if *first == 0 || l < *first {
                    *first = l;
                }
                *last = (*last).max(l);
            }
        }
        let [first, last] = &mut article.lines;
        *last = (*last).max(*first);
        article
    }
}
