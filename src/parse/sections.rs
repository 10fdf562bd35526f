//! Page and column headings (生命周刊, 医讯速递, “献策株洲”金点子摘登, 简讯): the section
//! each article sits under. A heading never outlives its page.

/// How an article's byline was printed; a sub-column gathers articles of one form.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BylineForm {
    Inline,
    Lines,
    Authors,
    None,
}

/// Column headings: a kicker-position line ending in one of these names a section.
const SECTION_SUFFIXES: &[&str] = &[
    "周刊", "专刊", "专版", "版", "摘登", "速递", "专栏", "简讯", "短讯", "快讯", "速览", "集锦",
    "新闻",
];

/// Columns of briefs: every headline in them heads an article of its own.
const BRIEF_COLUMNS: &[&str] = &[
    "简讯",
    "短讯",
    "快讯",
    "速递",
    "速览",
    "集锦",
    "一句话新闻",
    "图片新闻",
    "新闻动态",
];

/// Joins a page heading and the column heading under it in `Article::section`.
pub const PATH_SEPARATOR: &str = " / ";

#[derive(Default)]
pub struct Sections {
    top: Option<String>,
    sub: Option<(String, Option<BylineForm>)>,
    pub run: usize,
    /// A heading was just set, by the heading group of the article being admitted.
    fresh: bool,
}

impl Sections {
    pub fn current(&self) -> Option<String> {
        match (&self.top, &self.sub) {
            (Some(t), Some((s, _))) => Some(format!("{t}{PATH_SEPARATOR}{s}")),
            (Some(t), None) => Some(t.clone()),
            (None, Some((s, _))) => Some(s.clone()),
            (None, None) => None,
        }
    }

    /// A new page: its headings are its own.
    pub fn reset(&mut self) {
        if self.top.is_some() || self.sub.is_some() {
            self.run += 1;
        }
        self.top = None;
        self.sub = None;
    }

    pub fn set(&mut self, lines: &[&str]) {
        self.run += 1;
        self.fresh = true;
        match lines {
            [] => {}
            [one] if is_brief_column(one) => {
                self.sub = Some(((*one).to_owned(), None));
            }
            [one] => {
                self.top = Some((*one).to_owned());
                self.sub = None;
            }
            [top, rest @ ..] => {
                self.top = Some((*top).to_owned());
                self.sub = Some((rest.join(PATH_SEPARATOR), None));
            }
        }
    }

    /// A sub-column (医讯速递) gathers articles of one byline form; an article of
    /// another form, or one with its own kicker, is back under the page heading.
    pub fn admit(&mut self, form: BylineForm, has_kicker: bool) {
        if let Some((_, seen)) = &mut self.sub {
            match seen {
                // The article its heading stands over is always in it.
                None if self.fresh => *seen = Some(form),
                None if !has_kicker => *seen = Some(form),
                Some(f) if *f == form && !has_kicker => {}
                _ => {
                    self.sub = None;
                    self.run += 1;
                }
            }
        }
        self.fresh = false;
    }

    /// Inside a column of briefs.
    pub fn in_briefs(&self) -> bool {
        self.sub.as_ref().is_some_and(|(s, _)| is_brief_column(s))
            || self.top.as_deref().is_some_and(is_brief_column)
    }
}

pub fn has_section_suffix(s: &str) -> bool {
    SECTION_SUFFIXES.iter().any(|x| s.ends_with(x))
}

fn is_brief_column(s: &str) -> bool {
    BRIEF_COLUMNS.iter().any(|x| s.ends_with(x))
}
