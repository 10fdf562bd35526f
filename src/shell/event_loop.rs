//! The one message loop: draw, wait for something to happen, let the app update,
//! carry out its effects, draw again. Generic over the ratatui backend, so tests run it
//! on a `TestBackend` with the same code the terminal runs.
//!
//! The loop blocks on its channel (an idle reader uses no CPU), drains whatever queued
//! up, then draws once. The clock is read here and handed to the app as `Msg::Tick`
//! before each batch of messages; the earliest `Effect::WakeAt` not yet due sets how
//! long the wait may last.

use super::effects::Perform;
use super::timings::Timings;
use crate::app::{App, Effect, Msg, Signal, Time};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How the loop ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// The app asked to quit.
    Quit,
    /// Every sender is gone (nothing more can happen).
    Disconnected,
    /// Drawing failed: the terminal is gone. The app has handed over its state.
    TerminalGone,
}

/// The wall clock, as the app's `Time`.
pub fn now() -> Time {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    Time(ms)
}

pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    rx: &Receiver<Msg>,
    shell: &mut impl Perform,
    timings: &mut Timings,
) -> Result<Ended, B::Error> {
    // Every wake-up asked for and not yet due. Each is some part of the app's own
    // deadline (a notice's end, the read rule, a save), asked for once: keeping only
    // the earliest lost the others, and an article whose end was on screen then never
    // counted as read when a notice ended first.
    let mut wakes: Vec<Time> = Vec::new();
    // Outcomes an effect produced at once: handled before waiting again.
    let mut queued: VecDeque<Msg> = VecDeque::new();
    let mut key_at: Option<Instant> = None;
    // Where a keystroke's time went: updating the app, then drawing it.
    let mut updated: Option<Instant> = None;
    loop {
        let drawing = Instant::now();
        let mut rendered = drawing;
        let drew = terminal.draw(|f| {
            crate::ui::render(app, f);
            rendered = Instant::now();
        });
        if drew.is_err() {
            return Ok(gone(app, shell));
        }
        timings.frame_drawn(app);
        if let (Some(at), Some(updated)) = (key_at.take(), updated.take()) {
            timings.key_done(at, updated, drawing, rendered);
        }
        let first = match queued.pop_front() {
            Some(msg) => Some(msg),
            None => match wait(rx, wakes.iter().copied().min()) {
                Waited::Msg(msg) => Some(msg),
                Waited::Timeout => None,
                Waited::Disconnected => return Ok(Ended::Disconnected),
            },
        };
        let arrived = Instant::now();
        if first.as_ref().is_some_and(|m| matches!(m, Msg::Key(_))) {
            key_at = Some(arrived);
        }
        let clock = now();
        wakes.retain(|&w| w > clock);
        let mut effects = app.update(Msg::Tick(clock));
        if let Some(msg) = first {
            effects.extend(app.update(msg));
        }
        while let Ok(more) = rx.try_recv() {
            effects.extend(app.update(more));
        }
        updated = Some(Instant::now());
        for effect in effects {
            match effect {
                Effect::Quit => return Ok(Ended::Quit),
                Effect::WakeAt(t) if !wakes.contains(&t) => wakes.push(t),
                Effect::WakeAt(_) => {}
                Effect::Suspend => {
                    shell.suspend();
                    if redraw_all(terminal).is_err() {
                        return Ok(gone(app, shell));
                    }
                }
                Effect::Redraw => {
                    shell.retake();
                    if redraw_all(terminal).is_err() {
                        return Ok(gone(app, shell));
                    }
                }
                Effect::Pager { source, line } => {
                    queued.push_back(shell.pager(&source, line));
                    // Ctrl-C, Ctrl-\ and Ctrl-Z pressed in the pager were the pager's:
                    // the signals the terminal also sent zzread are not for it.
                    while let Ok(msg) = rx.try_recv() {
                        if !matches!(
                            msg,
                            Msg::Signal(
                                Signal::Terminate(2 | 3) | Signal::Suspend | Signal::Continue
                            )
                        ) {
                            queued.push_back(msg);
                        }
                    }
                    if redraw_all(terminal).is_err() {
                        return Ok(gone(app, shell));
                    }
                }
                other => queued.extend(shell.perform(other)),
            }
        }
    }
}

/// A write to the terminal failed: it is gone. The app hands over what it remembers;
/// nothing else is done (least of all drawing).
fn gone(app: &mut App, shell: &mut impl Perform) -> Ended {
    for effect in app.update(Msg::TerminalGone) {
        if matches!(effect, Effect::Remember(_)) {
            shell.perform(effect);
        }
    }
    Ended::TerminalGone
}

/// Makes the next draw repaint every cell. (`Terminal::clear` would ask the terminal
/// where its cursor is, a reply the input thread would read instead.)
fn redraw_all<B: Backend>(terminal: &mut Terminal<B>) -> Result<(), B::Error> {
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

enum Waited {
    Msg(Msg),
    Timeout,
    Disconnected,
}

fn wait(rx: &Receiver<Msg>, wake: Option<Time>) -> Waited {
    match wake {
        None => match rx.recv() {
            Ok(msg) => Waited::Msg(msg),
            Err(_) => Waited::Disconnected,
        },
        Some(at) => {
            let ms = at.since(now());
            match rx.recv_timeout(Duration::from_millis(ms)) {
                Ok(msg) => Waited::Msg(msg),
                Err(RecvTimeoutError::Timeout) => Waited::Timeout,
                Err(RecvTimeoutError::Disconnected) => Waited::Disconnected,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Key, Settings};
    use ratatui::backend::TestBackend;
    use std::sync::mpsc::channel;

    /// Effects the loop hands over, recorded instead of carried out.
    #[derive(Default)]
    struct Recorder(Vec<Effect>);

    impl Perform for Recorder {
        fn perform(&mut self, effect: Effect) -> Option<Msg> {
            let answer = match &effect {
                Effect::SaveFile { name, .. } => Some(Msg::FileSaved(Ok(name.clone()))),
                _ => None,
            };
            self.0.push(effect);
            answer
        }
    }

    fn app() -> App {
        let archive = crate::archive::load_archive(&[], None);
        App::from_archive(archive, Settings::default())
    }

    /// The screen as shown: a wide char's symbol once (the cell it covers may hold a
    /// stale symbol the terminal never shows).
    fn screen(terminal: &Terminal<TestBackend>) -> String {
        use unicode_width::UnicodeWidthStr;
        let buf = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut x = 0;
            while x < buf.area.width {
                let symbol = buf[(x, y)].symbol();
                out.push_str(symbol);
                x += u16::try_from(symbol.width().max(1)).unwrap_or(1);
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn keys_sent_on_the_channel_are_drawn_and_quitting_saves_first() -> Result<(), String> {
        let mut app = app();
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).map_err(|e| e.to_string())?;
        app.update(Msg::Resize {
            width: 100,
            height: 30,
        });
        let (tx, rx) = channel();
        for key in [
            Key::Named(crate::app::Named::Enter),
            Key::Char('r'),
            Key::Char('s'),
        ] {
            tx.send(Msg::Key(key)).map_err(|e| e.to_string())?;
        }
        let mut shell = Recorder::default();
        let mut timings = Timings::from_env();
        // The first batch is drawn, then the loop waits: run it on a thread and quit it
        // from here once the save's outcome is on screen.
        let handle = std::thread::spawn(move || {
            let ended = run(&mut terminal, &mut app, &rx, &mut shell, &mut timings);
            (ended.map_err(|e| e.to_string()), terminal, shell)
        });
        std::thread::sleep(Duration::from_millis(200));
        tx.send(Msg::Key(Key::QUIT)).map_err(|e| e.to_string())?;
        let (ended, terminal, shell) = handle.join().map_err(|_| "loop panicked")?;
        assert_eq!(ended?, Ended::Quit);
        let shown = screen(&terminal);
        assert!(
            shown.contains("已保存"),
            "the save's outcome came back: {shown}"
        );
        assert!(shell.0.iter().any(|e| matches!(e, Effect::SaveFile { .. })));
        let mut saved = crate::state::ArchiveState::default();
        for effect in &shell.0 {
            if let Effect::Remember(changes) = effect {
                changes.apply_to(&mut saved);
            }
        }
        assert!(
            saved.last.is_some() && !saved.read.is_empty(),
            "the position and the read mark went out before the loop ended: {:?}",
            shell.0
        );
        Ok(())
    }

    /// The bundled app at 100×30 given `keys`, then left to its loop with no other
    /// message for `idle` (what only a wake-up can move on), until its channel closes.
    fn left_alone(keys: &[Key], idle: Duration) -> Result<(App, Recorder), String> {
        let mut app = app();
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).map_err(|e| e.to_string())?;
        app.update(Msg::Resize {
            width: 100,
            height: 30,
        });
        let (tx, rx) = channel();
        for &key in keys {
            tx.send(Msg::Key(key)).map_err(|e| e.to_string())?;
        }
        let mut shell = Recorder::default();
        let mut timings = Timings::from_env();
        let handle = std::thread::spawn(move || {
            let ended = run(&mut terminal, &mut app, &rx, &mut shell, &mut timings);
            (ended.map_err(|e| e.to_string()), app, shell)
        });
        std::thread::sleep(idle);
        drop(tx);
        let (ended, app, shell) = handle.join().map_err(|_| "loop panicked")?;
        assert_eq!(ended?, Ended::Disconnected);
        Ok((app, shell))
    }

    /// Two parts of the app each ask for a wake-up: the earlier one (a notice's end)
    /// does not swallow the later one (the read rule's two seconds), or the article
    /// on screen would wait for another key to count as read.
    #[test]
    fn a_later_wake_up_still_comes_after_an_earlier_one() -> Result<(), String> {
        // Open the first article (whole on screen: read two seconds later), then ask
        // for a notice (gone after a second and a half).
        let keys = [Key::Named(crate::app::Named::Enter), Key::Char('=')];
        let (app, _) = left_alone(&keys, Duration::from_millis(2_800))?;
        let open = app.open.ok_or("an article is open")?;
        assert_eq!(app.max_top(), 0, "the article is whole on screen");
        assert!(app.message.is_none(), "the notice has gone");
        assert!(app.is_read(open), "read without another key");
        Ok(())
    }

    #[test]
    fn a_wake_up_ends_the_wait_with_a_tick() -> Result<(), String> {
        // Open an article and scroll: the position is saved within two seconds
        // without another key.
        let keys = [
            Key::Char('j'),
            Key::Named(crate::app::Named::Enter),
            Key::Char('j'),
        ];
        let (_, shell) = left_alone(&keys, Duration::from_millis(2_600))?;
        assert!(
            shell.0.iter().any(|e| match e {
                Effect::Remember(changes) => {
                    let mut state = crate::state::ArchiveState::default();
                    changes.apply_to(&mut state);
                    state.last.is_some()
                }
                _ => false,
            }),
            "the position was handed over after the wake-up: {:?}",
            shell.0
        );
        Ok(())
    }
}
