//! Signals in a real terminal (tmux): TERM, HUP, INT and QUIT put the terminal back
//! exactly as it was and save where you were, then the process ends as that signal
//! would end it; Ctrl-Z and SIGTSTP suspend like less and vim, and `fg` (SIGCONT)
//! brings the whole screen back in raw mode.

mod common;

use common::tmux::*;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// zzread on the bundled issues with a private state directory. The shell around it
/// records the terminal settings (`stty -g`) before and after, and how zzread ended.
fn start(state: &Path, w: u16, h: u16) -> Tmux {
    let script = format!(
        "before=$(stty -g); XDG_STATE_HOME={} XDG_CONFIG_HOME={} XDG_CACHE_HOME={} {} --ambiguous-width narrow; \
         echo {EXIT_MARK}$?; \
         if [ \"$(stty -g)\" = \"$before\" ]; then echo ZZ_TTY=same; else echo ZZ_TTY=changed; fi; \
         echo ZZ_RAW=; exec sleep 600",
        sh_quote(&state.display().to_string()),
        sh_quote(&state.join("config").display().to_string()),
        sh_quote(&state.join("cache").display().to_string()),
        sh_quote(BIN)
    );
    Tmux::start_script(&script, w, h)
}

/// The zzread process: the pane shell's child of that name.
fn zzread_pid(t: &Tmux) -> String {
    let shell = t.display("#{pane_pid}");
    let start = Instant::now();
    loop {
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
            .unwrap_or_default();
        let zzread = children.split_whitespace().find(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|comm| comm.trim() == "zzread")
        });
        if let Some(pid) = zzread {
            return pid.to_string();
        }
        assert!(start.elapsed() < DEADLINE, "zzread did not start");
        std::thread::sleep(POLL);
    }
}

fn kill(signal: &str, pid: &str) {
    let ok = Command::new("kill")
        .args(["-s", signal, pid])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "kill -s {signal} {pid}");
}

/// The process state letter from /proc (R, S, T for stopped, …).
fn process_state(pid: &str) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')').next()?.trim_start().chars().next()
}

fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        std::thread::sleep(POLL);
    }
}

/// Opens the first article long enough to page of the newest issue (the one the
/// cursor starts in) and pages into it; returns its id.
fn read_somewhere(t: &Tmux) -> String {
    let app = common::bundled_app(100, 30, zzread::text::AmbiguousWidth::Narrow);
    // Every issue parsed: keys sent earlier would land on issue rows.
    let header = format!("5 期 · {} 篇", app.corpus.len());
    t.wait_for("the bundled issues", |s| {
        s.contains(&header) && !status_row(s).contains("索引")
    });
    let newest = common::NEWEST;
    let n = (0..common::article_count(&app, newest))
        .find(|&a| {
            let mut app = common::bundled_app(100, 30, zzread::text::AmbiguousWidth::Narrow);
            app.open_article(common::at(newest, a));
            app.max_top() > 0
        })
        .expect("a long article");
    let mut keys = vec!["j"; n];
    keys.push("Enter");
    keys.push("NPage");
    t.send(&keys);
    t.wait_for("paged into the article", |s| {
        let status = status_row(s);
        status.contains(&format!("第 {}/", n + 1))
            && status.contains('%')
            && !status.contains(" 0%")
    });
    app.article_id(common::at(newest, n))
        .expect("id")
        .to_owned()
}

/// Where the state file says the reader was.
fn remembered_article(state: &Path) -> Option<String> {
    let loaded = zzread::state::load(&state.join("zzread"));
    let mut s = loaded.state;
    s.archive("bundled").last.clone().map(|p| p.article)
}

#[test]
fn terminating_signals_restore_the_terminal_save_and_end_as_the_signal() {
    if !tmux_available() {
        return;
    }
    for (signal, number) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        let state = tempfile::tempdir().expect("tempdir");
        let t = start(state.path(), 100, 30);
        let pid = zzread_pid(&t);
        let id = read_somewhere(&t);
        kill(signal, &pid);
        let screen = t.wait_for_exit();
        assert!(
            screen.contains(&format!("{EXIT_MARK}{}", 128 + number)),
            "SIG{signal} ends zzread as SIG{signal} would: {screen}"
        );
        assert!(
            screen.contains("ZZ_TTY=same"),
            "SIG{signal}: stty changed: {screen}"
        );
        assert_eq!(
            t.display("#{alternate_on}"),
            "0",
            "SIG{signal}: main screen"
        );
        assert_eq!(
            t.display("#{cursor_flag}"),
            "1",
            "SIG{signal}: cursor shown"
        );
        assert_eq!(t.display("#{mouse_any_flag}"), "0", "SIG{signal}: no mouse");
        assert_eq!(
            remembered_article(state.path()),
            Some(id),
            "SIG{signal}: the last article is saved"
        );
    }
}

#[test]
fn ctrl_z_and_sigtstp_suspend_and_continuing_redraws_the_whole_screen() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("tempdir");
    let t = start(state.path(), 100, 30);
    let pid = zzread_pid(&t);
    let id = read_somewhere(&t);
    let reading = t.capture();
    for how in ["C-z", "TSTP"] {
        if how == "C-z" {
            t.send(&["C-z"]);
        } else {
            kill("TSTP", &pid);
        }
        wait_until(&format!("{how} to stop zzread"), || {
            process_state(&pid) == Some('T')
        });
        assert_eq!(
            t.display("#{alternate_on}"),
            "0",
            "{how}: the terminal is given back"
        );
        assert_eq!(t.display("#{cursor_flag}"), "1", "{how}: cursor shown");
        assert_eq!(
            remembered_article(state.path()),
            Some(id.clone()),
            "{how}: saved"
        );
        // `fg`, as the shell does it.
        kill("CONT", &pid);
        let screen = t.wait_for("the reader back", |s| s == reading);
        assert_eq!(screen, reading, "{how}: the whole screen is redrawn");
        assert_eq!(t.display("#{alternate_on}"), "1");
        // Keys work again: raw mode is back (a cooked terminal would echo and wait).
        t.send(&["k"]);
        t.wait_for("keys reach zzread", |s| s != reading);
        t.send(&["j"]);
        t.wait_for("and back", |s| s == reading);
    }
    t.send(&["q", "q"]);
    let screen = t.wait_for_exit();
    assert!(screen.contains(&format!("{EXIT_MARK}0")), "{screen}");
    assert!(screen.contains("ZZ_TTY=same"), "{screen}");
}
