use super::*;
use crate::app::Named;

fn ok(text: &str) -> (Config, Vec<Diagnostic>) {
    match parse(text) {
        Ok(result) => result,
        Err(errors) => panic!("unexpected errors: {errors:#?}"),
    }
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match parse(text) {
        Ok(result) => panic!("expected errors, got {result:#?}"),
        Err(errors) => errors,
    }
}

/// (line, key) of each diagnostic.
fn places(diagnostics: &[Diagnostic]) -> Vec<(usize, &str)> {
    diagnostics
        .iter()
        .map(|d| (d.line, d.key.as_str()))
        .collect()
}

#[test]
fn defaults() {
    let config = Config::default();
    assert_eq!(config.text_width, 80);
    assert_eq!(config.ambiguous_width, AmbiguousSetting::Auto);
    assert_eq!(config.theme, Theme::Auto);
    assert_eq!(config.order, crate::app::Order::Newest);
    assert_eq!(config.punctuation, Punctuation::FullWidth);
    assert!(!config.mouse);
    assert!(config.keys.is_empty());
    assert_eq!(ok(""), (Config::default(), vec![]));
    assert_eq!(ok("# nothing\n\n[keys]\n"), (Config::default(), vec![]));
}

#[test]
fn every_field_is_parsed() {
    let text = "\u{feff}text_width = 100\n\
                ambiguous_width = \"wide\"\n\
                theme = \"light\"\n\
                mouse = true\n\
                order = \"oldest\"\n\
                punctuation = \"as-printed\"\n\
                \n\
                [keys]\n\
                next_article = [\"]\", \"C-j\"]\n\
                quit = [\n  \"Q\",\n  \"Ctrl-q\",\n]\n\
                help = []\n";
    let (config, warnings) = ok(text);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        config,
        Config {
            text_width: 100,
            ambiguous_width: AmbiguousSetting::Wide,
            theme: Theme::Light,
            mouse: true,
            order: crate::app::Order::Oldest,
            punctuation: Punctuation::AsPrinted,
            keys: vec![
                (Action::NextArticle, vec![Key::Char(']'), Key::Ctrl('j')]),
                (Action::Quit, vec![Key::Char('Q'), Key::Ctrl('q')]),
                (Action::Help, vec![]),
            ],
        }
    );
    // The other spellings: narrow/dark, case-insensitive choices, hex, inline table.
    let (config, _) = ok(
        "text_width = 0x14\nambiguous_width = \"Narrow\"\ntheme = 'DARK'\nkeys = { up = [\"k\"] }\n",
    );
    assert_eq!(config.text_width, 20);
    assert_eq!(config.ambiguous_width, AmbiguousSetting::Narrow);
    assert_eq!(config.theme, Theme::Dark);
    assert_eq!(config.keys, vec![(Action::Up, vec![Key::Char('k')])]);
    assert_eq!(ok("text_width = 240").0.text_width, 240);
    assert_eq!(
        ok("ambiguous_width = \"auto\"").0.ambiguous_width,
        AmbiguousSetting::Auto
    );
    assert_eq!(ok("theme = \"auto\"").0.theme, Theme::Auto);
    assert_eq!(ok("order = \"Newest\"").0.order, crate::app::Order::Newest);
}

#[test]
fn new_settings_say_what_they_take() {
    let errs = errors("order = \"latest\"\npunctuation = true\ntheme = \"sepia\"\n");
    let messages: Vec<String> = errs.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "1: order: expected \"newest\" or \"oldest\", found \"latest\"",
            "2: punctuation: expected \"full-width\" or \"as-printed\", found true",
            "3: theme: expected \"auto\", \"dark\" or \"light\", found \"sepia\"",
        ]
    );
}

#[test]
fn a_count_takes_only_digits() {
    let errs = errors("[keys]\ncount = [\"x\"]\n");
    assert_eq!(places(&errs), vec![(2, "keys.count")]);
    assert!(errs[0].message.contains("digit"), "{}", errs[0].message);
    assert!(ok("[keys]\ncount = [\"1\", \"2\"]\n").1.is_empty());
}

#[test]
fn wrong_types_and_ranges_are_errors_at_their_lines() {
    let text = "# settings\n\
                text_width = \"wide\"\n\
                \n\
                ambiguous_width = \"half\"\n\
                theme = 2\n\
                mouse = \"yes\"\n";
    let errs = errors(text);
    assert_eq!(
        places(&errs),
        vec![
            (2, "text_width"),
            (4, "ambiguous_width"),
            (5, "theme"),
            (6, "mouse")
        ]
    );
    assert_eq!(
        errs[0].message,
        "expected an integer from 20 to 240, found \"wide\""
    );
    assert_eq!(
        errs[1].message,
        "expected \"auto\", \"narrow\" or \"wide\", found \"half\""
    );
    assert_eq!(
        errs[2].message,
        "expected \"auto\", \"dark\" or \"light\", found 2"
    );
    assert_eq!(errs[3].message, "expected true or false, found \"yes\"");

    for (value, found) in [
        ("19", "19"),
        ("241", "241"),
        ("-80", "-80"),
        ("80.0", "80.0"),
        ("[80]", "an array"),
    ] {
        let errs = errors(&format!("\n\n\ntext_width = {value}\n"));
        assert_eq!(places(&errs), vec![(4, "text_width")], "{value}");
        assert_eq!(
            errs[0].message,
            format!("expected an integer from 20 to 240, found {found}")
        );
    }
    // An integer TOML cannot hold is a syntax error at its line.
    let errs = errors("\n\ntext_width = 99999999999999999999\n");
    assert_eq!(errs[0].line, 3, "{errs:?}");
    // A table where a value belongs.
    let errs = errors("mouse = true\n[theme]\nname = \"dark\"\n");
    assert_eq!(places(&errs), vec![(2, "theme")]);
    assert!(errs[0].message.ends_with("found a table"), "{errs:?}");
}

#[test]
fn keys_errors_name_the_action_and_the_line() {
    let text = "text_width = 90\n\
                [keys]\n\
                up = [\"k\"]\n\
                down = \"j\"\n\
                quit = [\n\
                \x20 \"Q\",\n\
                \x20 \"Hyper-q\",\n\
                \x20 3,\n\
                ]\n";
    let errs = errors(text);
    assert_eq!(
        places(&errs),
        vec![(4, "keys.down"), (7, "keys.quit"), (8, "keys.quit")]
    );
    assert!(errs[0].message.starts_with("expected an array of keys"));
    assert!(errs[0].message.ends_with("found \"j\""), "{errs:?}");
    assert!(errs[1].message.starts_with("unknown key \"Hyper-q\""));
    assert_eq!(
        errs[2].message,
        "expected a key written as a string such as \"j\", found 3"
    );
    let errs = errors("\nkeys = 5\n");
    assert_eq!(places(&errs), vec![(2, "keys")]);
    assert!(errs[0].message.ends_with("found 5"));
}

#[test]
fn one_key_for_two_actions_is_an_error_naming_both() {
    let text = "[keys]\n\
                next_article = [\"]\", \"C-x\"]\n\
                # a comment\n\
                down = [\"j\"]\n\
                prev_article = [\"[\", \"Ctrl-X\"]\n";
    let errs = errors(text);
    assert_eq!(places(&errs), vec![(5, "keys.prev_article")]);
    assert_eq!(
        errs[0].message,
        "\"Ctrl-X\" is bound to both next_article (line 2) and prev_article"
    );
    // Space and " " are one key; a key repeated within one action is harmless.
    let errs = errors("[keys]\nup = [\"Space\"]\ndown = [\" \"]\n");
    assert_eq!(places(&errs), vec![(3, "keys.down")]);
    let (config, _) = ok("[keys]\nup = [\"k\", \"k\", \"Up\", \"up\"]\n");
    assert_eq!(
        config.keys,
        vec![(Action::Up, vec![Key::Char('k'), Key::Named(Named::Up)])]
    );
    // Keys of different modes may share: Enter opens in the list and submits a search.
    let (config, _) = ok("[keys]\nopen = [\"Enter\"]\nsearch_submit = [\"Enter\"]\n");
    assert_eq!(config.keys.len(), 2);
}

#[test]
fn there_is_always_a_way_out() {
    // Ctrl-C cannot be given away…
    let errs = errors("[keys]\nhelp = [\"C-c\"]\n");
    assert_eq!(places(&errs), vec![(2, "keys.help")]);
    assert!(errs[0].message.contains("always quits"), "{errs:?}");
    // …so removing every other quit key is allowed: Ctrl-C still quits.
    let (config, _) = ok("[keys]\nquit = []\nquit_or_back = []\n");
    let keymap = crate::app::Keymap::with_overrides(&config.keys);
    assert_eq!(
        keymap.action_for(crate::app::Modes::LIST, Key::QUIT),
        Some(Action::Quit)
    );
}

#[test]
fn a_prompt_command_cannot_take_a_typing_key() {
    let errs = errors("[keys]\nsearch_submit = [\"x\"]\n");
    assert_eq!(places(&errs), vec![(2, "keys.search_submit")]);
    assert!(errs[0].message.contains("types text"), "{errs:?}");
}

#[test]
fn syntax_errors_report_their_line() {
    let errs = errors("text_width = 80\ntheme = \"dark\n\nmouse = false\n");
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line, 2);
    assert_eq!(errs[0].key, "");
    assert!(errs[0].message.starts_with("not valid TOML: "), "{errs:?}");

    let errs = errors("mouse = false\n\n[keys\nup = [\"k\"]\n");
    assert_eq!(errs[0].line, 3, "{errs:?}");

    // TOML forbids a key twice.
    let errs = errors("theme = \"dark\"\nmouse = true\ntheme = \"light\"\n");
    assert_eq!(errs[0].line, 3, "{errs:?}");

    let errs = errors("[keys]\nup = [\"k\"]\n\nup = [\"w\"]\n");
    assert_eq!(errs[0].line, 4, "{errs:?}");
}

#[test]
fn unknown_settings_and_actions_are_warnings_at_their_lines() {
    let text = "text_widht = 100\n\
                theme = \"light\"\n\
                colour = \"red\"\n\
                [keys]\n\
                next_artcle = [\"n\"]\n\
                up = [\"k\"]\n\
                frobnicate = [\"Hyper-x\"]\n\
                [extra]\n\
                a = 1\n";
    let (config, warnings) = ok(text);
    assert_eq!(config.theme, Theme::Light);
    assert_eq!(config.text_width, 80);
    assert_eq!(config.keys.len(), 1);
    assert_eq!(
        places(&warnings),
        vec![
            (1, "text_widht"),
            (3, "colour"),
            (5, "keys.next_artcle"),
            (7, "keys.frobnicate"),
            (8, "extra"),
        ]
    );
    assert_eq!(
        warnings[0].message,
        "unknown setting, ignored (did you mean text_width?)"
    );
    assert!(warnings[1].message.contains("the settings are text_width"));
    assert_eq!(
        warnings[2].message,
        "unknown action, ignored (did you mean next_article?)"
    );
    assert_eq!(warnings[3].message, "unknown action, ignored");
    // Warnings do not hide errors.
    let errs = errors("foo = 1\nmouse = 1\n");
    assert_eq!(places(&errs), vec![(2, "mouse")]);
}

#[test]
fn many_unknown_entries_are_each_reported_once_at_their_line() {
    let mut text = String::new();
    for k in 0..5_000 {
        text.push_str(&format!("unknown_{k} = {k}\n"));
    }
    text.push_str("[keys]\n");
    for k in 0..5_000 {
        text.push_str(&format!("no_such_action_{k} = [\"x\"]\n"));
    }
    let (_, warnings) = ok(&text);
    assert_eq!(warnings.len(), 10_000);
    for (k, w) in warnings.iter().enumerate() {
        let line = if k < 5_000 { k + 1 } else { k + 2 };
        assert_eq!(w.line, line, "{w:?}");
    }
}

#[test]
fn diagnostics_render_as_one_line() {
    let d = Diagnostic {
        line: 7,
        key: "text_width".into(),
        message: "expected an integer from 20 to 240, found \"wide\"".into(),
    };
    assert_eq!(
        d.render("config.toml"),
        "config.toml:7: text_width: expected an integer from 20 to 240, found \"wide\""
    );
    let syntax = Diagnostic {
        line: 2,
        key: String::new(),
        message: "not valid TOML: x".into(),
    };
    assert_eq!(syntax.render("c.toml"), "c.toml:2: not valid TOML: x");
}

#[test]
fn load_reads_the_file() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let missing = dir.path().join("none").join("config.toml");
    assert_eq!(load(&missing), Ok((Config::default(), vec![])));

    let file = dir.path().join("config.toml");
    std::fs::write(&file, "mouse = true\nfoo = 1\n")?;
    let (config, warnings) = match load(&file) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert!(config.mouse);
    assert_eq!(places(&warnings), vec![(2, "foo")]);

    std::fs::write(&file, "\n\n\n\n\n\ntext_width = \"wide\"\nmouse = 2\n")?;
    let shown = file.display();
    assert_eq!(
        load(&file).map_err(|e| e.to_string()),
        Err(format!(
            "{shown}:7: text_width: expected an integer from 20 to 240, found \"wide\"\n\
             {shown}:8: mouse: expected true or false, found 2"
        ))
    );

    std::fs::write(&file, b"mouse = true\ntheme = \"\xff\"\n")?;
    assert_eq!(
        load(&file).map_err(|e| e.to_string()),
        Err(format!("{shown}:2: not UTF-8 text"))
    );

    // A directory cannot be read as a file.
    let err = load(dir.path())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with(&format!("{}: cannot read: ", dir.path().display())),
        "{err}"
    );
    Ok(())
}

#[test]
fn default_file_parses_to_the_defaults_and_lists_every_action() {
    let file = default_file();
    assert_eq!(ok(&file), (Config::default(), vec![]));
    for def in crate::app::actions::TABLE {
        assert!(
            file.lines()
                .any(|l| l.starts_with(&format!("# {} = [", def.name))),
            "{} missing from\n{file}",
            def.name
        );
        assert!(file.contains(def.help), "{}", def.help);
    }
    assert!(file.contains("NO_COLOR"));
    assert!(file.lines().any(|l| l == "[keys]"));

    // Uncommenting every example gives the defaults back, spelled out.
    let uncommented: String = file
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest.split_once(" = ").is_some_and(|(key, _)| {
                    key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                }) =>
            {
                rest
            }
            _ => l,
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let (config, warnings) = ok(&uncommented);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        Config {
            keys: vec![],
            ..config.clone()
        },
        Config::default()
    );
    let expected: Vec<(Action, Vec<Key>)> = crate::app::actions::TABLE
        .iter()
        .map(|def| (def.action, def.keys.to_vec()))
        .collect();
    assert_eq!(config.keys, expected);
}

#[test]
fn path_honours_xdg_config_home_then_home() {
    let os = |s: &str| Some(OsString::from(s));
    assert_eq!(
        path_from(os("/x/conf"), os("/home/u")),
        Some(PathBuf::from("/x/conf/zzread/config.toml"))
    );
    assert_eq!(
        path_from(None, os("/home/u")),
        Some(PathBuf::from("/home/u/.config/zzread/config.toml"))
    );
    // Empty or relative XDG_CONFIG_HOME is ignored.
    assert_eq!(
        path_from(os(""), os("/home/u")),
        Some(PathBuf::from("/home/u/.config/zzread/config.toml"))
    );
    assert_eq!(
        path_from(os("conf"), os("/home/u")),
        Some(PathBuf::from("/home/u/.config/zzread/config.toml"))
    );
    assert_eq!(path_from(None, None), None);
    assert_eq!(path_from(None, os("")), None);
    assert_eq!(path_from(os("rel"), None), None);
}

#[test]
fn suggestions_are_for_near_misses_only() {
    assert_eq!(suggest("them", SETTINGS.iter().copied()), Some("theme"));
    assert_eq!(suggest("zzzzzz", SETTINGS.iter().copied()), None);
    assert_eq!(
        suggest("nxt_article", Action::names()),
        Some("next_article")
    );
}
