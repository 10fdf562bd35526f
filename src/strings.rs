//! Every string the reader shows a person, in one place, so the language and the
//! punctuation of the whole interface can be read and checked together.
//!
//! The interface speaks Chinese with full-width punctuation（，：；（））, as Chinese
//! software does; a test below holds every constant to that. Numbers and key names stay
//! ASCII. Command-line output for scripts (`dump`, `search`) keeps its own formats in
//! `cli`.

/// The paper, as the list header and citations name it.
pub const PAPER: &str = "株洲日报";

// ----- the list -----
pub const LOADING: &str = "载入中…";
pub const NOT_LOADED: &str = "未能载入";
pub const UNTITLED: &str = "（无标题）";

pub fn list_header(issues: usize, articles: usize) -> String {
    format!(" {PAPER} · {issues} 期 · {articles} 篇")
}

pub fn walking(found: usize) -> String {
    format!(" 正在查找期刊文件… 已找到 {found} 个")
}

pub fn article_count(n: usize) -> String {
    format!("{n} 篇")
}

pub fn unread_count(unread: usize, total: usize) -> String {
    format!("{unread}/{total} 未读")
}

// ----- the reader -----
pub fn open_hint(open_key: &str) -> String {
    format!("选择一篇文章，按 {open_key} 打开")
}

/// The note a jump continuation opens with.
pub fn continued_from(page: &str) -> String {
    format!("上接{page}")
}

// ----- the status bar -----
pub fn issue_count(n: usize) -> String {
    format!("{n} 期")
}

pub fn article_position(k: usize, n: usize) -> String {
    format!("第 {k}/{n} 篇")
}

pub fn percent(p: u16) -> String {
    format!("{p}%")
}

pub fn hit_position(hit: usize, hits: usize, result: usize, results: usize) -> String {
    format!("第 {hit}/{hits} 处 · 第 {result}/{results} 篇")
}

pub fn indexing(done: &str, total: &str) -> String {
    format!("索引 {done}/{total}")
}

pub fn files_failed(n: usize) -> String {
    format!("⚠ {n} 个文件未能载入")
}

pub fn hint_help(key: &str) -> String {
    format!("{key} 帮助")
}

pub fn hint_quit(key: &str) -> String {
    format!("{key} 退出")
}

// ----- notices -----
pub const NO_MORE_UNREAD: &str = "没有更多未读文章";
pub const OPEN_AN_ARTICLE_FIRST: &str = "先打开一篇文章";
pub const BOOKMARK_REMOVED: &str = "已取消书签";
pub const ISSUE_NOT_LOADED: &str = "该期尚未载入";
pub const COPIED: &str = "已复制全文到剪贴板（OSC 52）";

pub fn too_long_to_copy(kb: usize, save_key: &str) -> String {
    format!("文章太长（{kb} KB），终端剪贴板放不下；按 {save_key} 存为文件")
}

pub fn bookmark_added(total: usize) -> String {
    format!("已加书签 · 共 {total} 个")
}

pub fn no_bookmarks(add_key: &str) -> String {
    format!("还没有书签 · 阅读时按 {add_key} 添加")
}

pub fn saved_to(path: &str) -> String {
    format!("已保存 {path}")
}

pub fn not_saved(why: &str) -> String {
    format!("未能保存：{why}")
}

pub fn state_not_saved(why: &str) -> String {
    format!("阅读记录未能保存：{why}")
}

pub const CACHE_REBUILT: &str = "缓存已损坏，正在重建";
pub const CACHE_OUTDATED: &str = "缓存来自旧版本，正在重建";

pub fn cache_unwritable(why: &str) -> String {
    format!("无法写入缓存，本次不用缓存：{why}")
}

pub const CWD_IN_ARCHIVE: &str = "当前目录在存档里；请在别处启动 zzread";

// ----- exports -----
pub const CAPTION_MARK: &str = "[图] ";
pub const CAPTION_LABEL: &str = "图：";

/// The citation line of `y` and `s`.
pub fn citation(when: &str, title: &str) -> String {
    format!("《{PAPER}》{when} · {title}")
}

// ----- search -----
pub const SEARCH_HINT: &str = "输入要搜索的文字 · 空格分隔多个词";
pub const NOT_FOUND: &str = "没有找到";

pub fn fallback(words: &str) -> String {
    format!("没有完全匹配 · 显示同时包含 {words} 的文章")
}

pub fn results(articles: usize, hits: usize) -> String {
    format!("{articles} 篇 · {hits} 处")
}

pub fn hits(n: usize) -> String {
    format!("{n} 处")
}

pub fn indexed_so_far(done: usize, total: usize) -> String {
    format!("已索引 {done}/{total} 期")
}

// ----- overlays -----
pub const HELP_READING: &str = "阅读";
pub const HELP_PROMPT: &str = "搜索框（其余按键即输入）";
pub const MORE_BELOW: &str = "↓ 更多";

pub fn help_title(scroll_keys: &str, close_key: &str) -> String {
    format!(" 按键（{scroll_keys} 滚动 · {close_key} 关闭） ")
}

pub fn help_title_short(toggle_key: &str, close_key: &str) -> String {
    format!(" 按键（{toggle_key} 或 {close_key} 关闭） ")
}

pub fn bookmarks_title(open_key: &str, remove_key: &str, close_key: &str) -> String {
    format!(" 书签（{open_key} 打开 · {remove_key} 删除 · {close_key} 关闭） ")
}

// ----- the terminal -----
pub const TOO_SMALL: &str = "终端太小";
pub const DUMB_TERMINAL: &str =
    "TERM=dumb: this terminal cannot draw the reader; use `zzread dump` or `zzread search`";

pub fn at_least(w: u16, h: u16) -> String {
    format!("至少 {w}×{h}")
}

pub fn now_size(w: u16, h: u16) -> String {
    format!("现在 {w}×{h}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chinese text uses full-width ，：；（）, never the ASCII forms.
    fn chinese_punctuation_ok(s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        chars.iter().enumerate().all(|(i, &c)| {
            if !matches!(c, ',' | ':' | ';' | '(' | ')') {
                return true;
            }
            let near_cjk = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|k| chars.get(k))
                .any(|&n| crate::parse::is_cjk(n));
            !near_cjk
        })
    }

    #[test]
    fn interface_strings_use_full_width_punctuation() {
        let samples = [
            LOADING.to_string(),
            UNTITLED.into(),
            open_hint("Enter"),
            NO_MORE_UNREAD.into(),
            OPEN_AN_ARTICLE_FIRST.into(),
            BOOKMARK_REMOVED.into(),
            ISSUE_NOT_LOADED.into(),
            COPIED.into(),
            bookmark_added(2),
            too_long_to_copy(80, "s"),
            no_bookmarks("m"),
            not_saved("x"),
            state_not_saved("x"),
            CWD_IN_ARCHIVE.into(),
            CAPTION_LABEL.into(),
            SEARCH_HINT.into(),
            fallback("医保 + 支付"),
            HELP_PROMPT.into(),
            help_title("j/k", "Esc"),
            help_title_short("?", "Esc"),
            bookmarks_title("Enter", "m", "Esc"),
            hit_position(1, 2, 3, 4),
        ];
        for s in samples {
            assert!(chinese_punctuation_ok(&s), "{s}");
        }
        assert!(!chinese_punctuation_ok("选择,打开"));
    }
}
