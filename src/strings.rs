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
pub const UNREAD_ONLY: &str = "只看未读";

pub fn list_header(issues: usize, articles: usize) -> String {
    format!(" {PAPER} · {issues} 期 · {articles} 篇")
}

/// The list's header while it shows unread articles only.
pub fn list_header_unread(unread: usize) -> String {
    format!(" {PAPER} · {UNREAD_ONLY} · {unread} 篇")
}

/// An undated issue whose file name is a number and a hash (`000_03d9…`).
pub fn numbered_issue(number: &str) -> String {
    format!("第 {number} 期")
}

/// Two issues that would share a short name keep a few characters of their hash.
pub fn disambiguated(name: &str, hash: &str) -> String {
    format!("{name}（{hash}）")
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

/// The empty reader, with the cursor on an article: what Enter opens.
pub fn open_this(open_key: &str, title: &str) -> String {
    format!("按 {open_key} 阅读：{title}")
}

/// The note a jump continuation opens with.
pub fn continued_from(page: &str) -> String {
    format!("上接{page}")
}

/// The note of an article that continues on another page.
pub fn continued_to(page: &str) -> String {
    format!("下转{page}")
}

/// What the reader calls a page: `03版 综合`, `03版`, `综合`.
pub fn page_name(number: Option<&str>, name: Option<&str>) -> Option<String> {
    match (number, name) {
        (Some(n), Some(m)) => Some(format!("{n}版 {m}")),
        (Some(n), None) => Some(format!("{n}版")),
        (None, Some(m)) => Some(m.to_owned()),
        (None, None) => None,
    }
}

/// One editor credit of a page: `责任编辑 王建设`.
pub fn editor(role: &str, name: &str) -> String {
    format!("{role} {name}")
}

/// Between the parts of the note over an article (page, date, editors, jumps).
pub const NOTE_SEPARATOR: &str = " · ";

/// `J` on an article that does not jump.
pub const NO_OTHER_HALF: &str = "这篇文章没有转版";

/// `J` on a jumped article whose other half is in no loaded issue.
pub fn other_half_not_loaded(marker: &str) -> String {
    format!("{marker}：另一半不在已载入的期中")
}

/// The status-bar hint of `J`, by which half it opens.
pub const HINT_NEXT_HALF: &str = "下半篇";
pub const HINT_PREV_HALF: &str = "上半篇";

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

pub fn files_failed(n: usize, key: &str) -> String {
    if key.is_empty() {
        format!("⚠ {n} 个文件未能载入")
    } else {
        format!("⚠ {n} 个文件未能载入（{key} 查看）")
    }
}

/// 字数 and reading time of the open article.
pub fn reading_time(chars: &str, minutes: u32) -> String {
    format!("{chars} 字 · 约 {minutes} 分钟")
}

/// A key and what it does, for the status bar's hints (`? 帮助`).
pub fn hint(key: &str, what: &str) -> String {
    format!("{key} {what}")
}

pub const HINT_HELP: &str = "帮助";
pub const HINT_QUIT: &str = "退出";
pub const HINT_BACK: &str = "返回";
pub const HINT_OPEN: &str = "打开";
pub const HINT_READ_ON: &str = "翻页";
pub const HINT_GOTO: &str = "跳转";
pub const HINT_CLOSE: &str = "关闭";

// ----- width -----
pub fn width_now(columns: u16) -> String {
    format!("正文栏 {columns} 列")
}

pub fn width_reset(columns: u16) -> String {
    format!("正文栏 {columns} 列（设定宽度）")
}

pub fn widest(columns: u16) -> String {
    format!("正文栏 {columns} 列，已是窗格能容下的最宽")
}

pub fn narrowest(columns: u16) -> String {
    format!("正文栏 {columns} 列，已是最窄")
}

// ----- notices -----
pub const NO_MORE_UNREAD: &str = "没有更多未读文章";
pub const NOTHING_TO_MARK: &str = "这里的文章都已读过";
pub const PERCENT_NEEDS_COUNT: &str = "先输入数字再按 %，如 50%";
pub const NO_SOURCE: &str = "找不到这一期的原文文件";
pub const NO_FAILED_FILES: &str = "没有未能载入的文件";

pub fn marked_read(n: usize, undo_key: &str) -> String {
    format!("已将 {n} 篇标为已读 · 按 {undo_key} 撤销")
}

pub fn unmarked(n: usize) -> String {
    format!("已撤销：{n} 篇恢复未读")
}

pub fn showing_unread_only(key: &str) -> String {
    format!("只看未读（按 {key} 显示全部）")
}

pub fn showing_all(key: &str) -> String {
    format!("显示全部文章（按 {key} 只看未读）")
}

pub fn source_unreadable(why: &str) -> String {
    format!("未能读取原文：{why}")
}

pub const NO_PAGER_HERE: &str = "这里不能把终端交给分页程序";

pub fn pager_failed(why: &str) -> String {
    format!("未能打开分页程序：{why}")
}
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

/// A config.toml warning (its own words name the line and the key), and how many more
/// `zzread config` lists.
pub fn config_warning(first: &str, more: usize) -> String {
    if more == 0 {
        format!("配置文件有误，已忽略：{first}")
    } else {
        format!("配置文件有误，已忽略：{first}（另有 {more} 处，运行 zzread config 查看）")
    }
}

pub const CACHE_REBUILT: &str = "缓存已损坏，正在重建";
pub const CACHE_OUTDATED: &str = "缓存来自旧版本，正在重建";
/// The cache writer's thread failed (the finish note is `cache_unwritable` of this).
pub const CACHE_WRITER_DIED: &str = "写缓存的线程意外退出";

pub fn cache_unwritable(why: &str) -> String {
    format!("无法写入缓存，本次不用缓存：{why}")
}

pub const CWD_IN_ARCHIVE: &str = "当前目录在存档里；请在别处启动 zzread";

// ----- marks that keep roles apart without colour -----
/// Before a photo caption (as many papers print it).
pub const CAPTION_MARK: &str = "▲";
/// Before a subtitle (副题), as Chinese papers print it.
pub const SUBTITLE_MARK: &str = "——";

// ----- exports -----
pub const CAPTION_LABEL: &str = "图：";

/// The citation line of `y` and `s`.
pub fn citation(when: &str, title: &str) -> String {
    format!("《{PAPER}》{when} · {title}")
}

// ----- search -----
pub const SEARCH_HINT: &str = "输入要搜索的文字 · 空格分隔多个词";

/// The result list's header before anything is typed: what to type, and the keys
/// that change the scope and the order.
pub fn search_hint(scope_key: &str, sort_key: &str) -> String {
    format!("{SEARCH_HINT} · {scope_key} 范围 · {sort_key} 排序")
}

/// The order the results are in, and the key that changes it.
pub fn sorted(order: &str, key: &str) -> String {
    format!("{order}（{key}）")
}
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

/// `n` past the last hit of the last result.
pub const WRAPPED_TO_START: &str = "已到末尾，从头继续";
/// `N` before the first hit of the first result.
pub const WRAPPED_TO_END: &str = "已到开头，从末尾继续";

/// After the first Esc: the highlights are gone, the search is not.
pub fn highlights_hidden(next: &str, prev: &str, esc: &str) -> String {
    format!("已隐藏高亮 · {next}/{prev} 继续 · 再按 {esc} 清除搜索")
}

pub const SEARCH_CLEARED: &str = "已清除搜索";

/// A result found by the pinyin of what was typed (yibao → 医保).
pub const PINYIN_MATCH: &str = "拼音";

/// The search prompt's scope tag: the whole archive or the article that was open.
pub const SCOPE_ALL: &str = "全部";
pub const SCOPE_ARTICLE: &str = "本文";
pub const SCOPE_NEEDS_ARTICLE: &str = "没有打开的文章，只能搜索全部";

/// The result list's order, as its header says it.
pub const SORT_RELEVANCE: &str = "按相关度";
pub const SORT_NEWEST: &str = "最新在前";
pub const SORT_OLDEST: &str = "最早在前";

/// The header of a "more like this" list: the keywords searched for.
pub fn related(keywords: &[String]) -> String {
    format!("相关：{}", keywords.join(" · "))
}

pub const RELATED_WAITING: &str = "词典加载中，载入后列出相关文章…";
pub const RELATED_NONE: &str = "这篇文章找不到可用的关键词";
pub const RELATED_NOTHING: &str = "没有找到相关文章";

// ----- going places -----
pub const GOTO_PROMPT: &str = "跳到：";
pub const GOTO_HINT: &str = "日期（2023-04-26、20230426、4月26日、0426）、期名或第几期";

pub fn goto_nearest(wanted: &str, found: &str) -> String {
    format!("没有 {wanted} 的报纸，最近的一期是 {found}")
}

pub fn goto_nothing(query: &str) -> String {
    format!("没有与“{query}”相符的期")
}

pub fn month_day(m: u32, d: u32) -> String {
    format!("{m}月{d}日")
}

pub fn candidates(n: usize) -> String {
    format!("{n} 期")
}

// ----- overlays -----
pub const HELP_READING: &str = "阅读";
pub const HELP_PROMPT: &str = "搜索框与跳转框（其余按键即输入）";
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

/// How far into its article a bookmark points.
pub fn read_to(percent: u16) -> String {
    format!("读到 {percent}%")
}

pub fn source_title(path: &str, first: u32, last: u32, pager_key: &str, close_key: &str) -> String {
    format!(" 原文 {path} 第 {first}–{last} 行（{pager_key} 用分页程序打开 · {close_key} 关闭） ")
}

pub fn errors_title(n: usize, close_key: &str) -> String {
    format!(" 未能载入的文件 {n} 个（{close_key} 关闭） ")
}

// ----- why a file was not read -----

/// The reason a file could not be loaded, in Chinese. The loader words its reasons in
/// English for `zzread dump` and stderr; the reader shows them through this. A reason
/// it does not know (an error from the system) keeps its own words after a Chinese
/// lead.
pub fn load_reason(message: &str) -> String {
    let m = message.trim();
    let after = |prefix: &str| m.strip_prefix(prefix);
    if m == NOT_LOADED {
        return m.to_owned();
    }
    let fixed = [
        ("empty file (no text)", "空文件（没有文字）"),
        (
            "binary data, not a text dump",
            "二进制数据，不是文本版面存档",
        ),
        (
            "directory holds no .txt issue files",
            "文件夹里没有 .txt 期刊文件",
        ),
        ("no such file or directory", "文件或文件夹不存在"),
        ("permission denied", "没有读取权限"),
        ("internal error while parsing", "解析时出现内部错误"),
    ];
    if let Some((_, zh)) = fixed.iter().find(|(en, _)| m == *en) {
        return (*zh).to_owned();
    }
    if m.starts_with("not valid UTF-8, UTF-16 or GB18030 text") {
        return "不是有效的 UTF-8、UTF-16 或 GB18030 文本".into();
    }
    if let Some(rest) = after("looks like ")
        && let Some((name, rest)) = rest.split_once(" (")
        && let Some((language, rest)) = rest.split_once(')')
    {
        let language = match language {
            "traditional Chinese" => "繁体中文",
            "Japanese" => "日文",
            "Korean" => "韩文",
            other => other,
        };
        let fix = rest
            .split_once("convert it: ")
            .map(|(_, cmd)| format!("；请先转换：{cmd}"))
            .unwrap_or_default();
        return format!("看来是 {name} 编码的{language}，zzread 不读{fix}");
    }
    if let Some((encoding, rest)) = m.split_once(" text with ")
        && let Some((bad, _)) = rest.split_once(" malformed byte sequences")
    {
        return format!(
            "{encoding} 文本中有 {bad} 处错误字节，不像只是损坏：可能是别的编码，或不是文本"
        );
    }
    if let Some(rest) = after("larger than any issue dump (limit ")
        && let Some((mb, _)) = rest.split_once(" MB")
    {
        return format!("文件过大（上限 {mb} MB），已跳过");
    }
    if let Some((kind, _)) = m.split_once(", not a regular file") {
        let kind = match kind {
            "a named pipe (FIFO)" => "命名管道（FIFO）",
            "a socket" => "套接字",
            "a character device" => "字符设备",
            "a block device" => "块设备",
            "a directory" => "文件夹",
            _ => "特殊文件",
        };
        return format!("{kind}，不是普通文件，已跳过");
    }
    if let Some(rest) = after("symbolic link loop: leads back to ")
        && let Some((to, _)) = rest.split_once(", which contains it")
    {
        return format!("符号链接成环：指回包含它的 {to}，已跳过");
    }
    if let Some(rest) = after("more than ")
        && let Some((n, _)) = rest.split_once(" folder levels deep")
    {
        return format!("文件夹嵌套超过 {n} 层，已跳过");
    }
    if let Some(rest) = after("could not list the whole folder: ") {
        return format!("未能列出整个文件夹：{}", load_reason(rest));
    }
    if let Some(rest) = after("broken symbolic link (to ")
        && let Some((to, _)) = rest.rsplit_once("); skipped")
    {
        return format!("符号链接已断（指向 {to}），已跳过");
    }
    format!("未能读取：{m}")
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
            open_this("Enter", "标题"),
            NO_MORE_UNREAD.into(),
            OPEN_AN_ARTICLE_FIRST.into(),
            NO_OTHER_HALF.into(),
            other_half_not_loaded("下转02版"),
            page_name(Some("03"), Some("综合")).unwrap_or_default(),
            BOOKMARK_REMOVED.into(),
            ISSUE_NOT_LOADED.into(),
            COPIED.into(),
            bookmark_added(2),
            too_long_to_copy(80, "s"),
            no_bookmarks("m"),
            not_saved("x"),
            state_not_saved("x"),
            CWD_IN_ARCHIVE.into(),
            config_warning("config.toml:3: x: unknown setting", 2),
            CAPTION_LABEL.into(),
            SEARCH_HINT.into(),
            search_hint("Tab", "^S"),
            sorted(SORT_NEWEST, "^S"),
            fallback("医保 + 支付"),
            WRAPPED_TO_START.into(),
            WRAPPED_TO_END.into(),
            highlights_hidden("n", "N", "Esc"),
            SEARCH_CLEARED.into(),
            SCOPE_NEEDS_ARTICLE.into(),
            related(&["医保".into(), "支付".into()]),
            RELATED_WAITING.into(),
            RELATED_NONE.into(),
            RELATED_NOTHING.into(),
            HELP_PROMPT.into(),
            help_title("j/k", "Esc"),
            help_title_short("?", "Esc"),
            bookmarks_title("Enter", "m", "Esc"),
            hit_position(1, 2, 3, 4),
            files_failed(3, "!"),
            reading_time("1,234", 4),
            width_now(40),
            width_reset(80),
            widest(46),
            narrowest(20),
            NOTHING_TO_MARK.into(),
            PERCENT_NEEDS_COUNT.into(),
            NO_SOURCE.into(),
            NO_FAILED_FILES.into(),
            marked_read(8, "r"),
            unmarked(8),
            showing_unread_only("U"),
            showing_all("U"),
            source_unreadable("x"),
            pager_failed("x"),
            GOTO_PROMPT.into(),
            GOTO_HINT.into(),
            goto_nearest("2023-04-26", "2023-04-27"),
            goto_nothing("x"),
            source_title("a.txt", 1, 9, "V", "Esc"),
            errors_title(2, "Esc"),
            read_to(37),
            numbered_issue("000"),
            disambiguated("第 000 期", "03d986"),
        ];
        for s in samples {
            assert!(chinese_punctuation_ok(&s), "{s}");
        }
        assert!(!chinese_punctuation_ok("选择,打开"));
    }

    /// Every reason the loader gives reads as Chinese in the reader (a drift in the
    /// loader's wording shows up here, not as English on screen).
    #[test]
    fn every_load_reason_is_told_in_chinese() {
        use crate::load::DecodeError;
        let reasons = [
            DecodeError::Empty.to_string(),
            DecodeError::Binary.to_string(),
            DecodeError::UnknownEncoding.to_string(),
            DecodeError::OtherEncoding {
                name: "Big5",
                language: "traditional Chinese",
                iconv: "BIG5",
            }
            .to_string(),
            DecodeError::TooDamaged {
                encoding: "UTF-8",
                bad: 412,
            }
            .to_string(),
            "larger than any issue dump (limit 256 MB); skipped".into(),
            "a named pipe (FIFO), not a regular file; skipped".into(),
            "directory holds no .txt issue files".into(),
            "symbolic link loop: leads back to /a, which contains it; skipped".into(),
            "more than 64 folder levels deep; skipped".into(),
            "could not list the whole folder: permission denied".into(),
            "broken symbolic link (to /x); skipped".into(),
            "no such file or directory".into(),
            "permission denied".into(),
            "internal error while parsing".into(),
        ];
        for r in reasons {
            let zh = load_reason(&r);
            assert!(!zh.starts_with("未能读取："), "{r} → {zh}");
            assert!(chinese_punctuation_ok(&zh), "{zh}");
            let english_words = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 3 && !["zzread", "iconv", "FIFO"].contains(w))
                .count();
            assert_eq!(english_words, 0, "{r} → {zh}");
        }
        assert!(load_reason("Input/output error (os error 5)").starts_with("未能读取："));
    }
}
