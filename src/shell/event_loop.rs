//! The one message loop: draw, wait for something to happen, let the app update,
//! carry out its effects, draw again. Generic over the ratatui backend, so tests run it
//! on a `TestBackend` with the same code the terminal runs.
//!
//! The loop blocks on its channel (an idle reader uses no CPU), drains whatever queued
//! up, then draws once. The clock is read here and handed to the app as `Msg::Tick`
//! before each batch of messages; a `Effect::WakeAt` sets how long the wait may last.

use super::effects::Perform;
use super::timings::Timings;
use crate::app::{App, Effect, Msg, Time};
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
    let mut wake: Option<Time> = None;
    // Outcomes an effect produced at once: handled before waiting again.
    let mut queued: VecDeque<Msg> = VecDeque::new();
    let mut key_at: Option<Instant> = None;
    loop {
        terminal.draw(|f| crate::ui::render(app, f))?;
        timings.frame_drawn(app);
        if let Some(at) = key_at.take() {
            timings.key_done(at);
        }
        let first = match queued.pop_front() {
            Some(msg) => Some(msg),
            None => match wait(rx, wake) {
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
        if wake.is_some_and(|w| w <= clock) {
            wake = None;
        }
        let mut effects = app.update(Msg::Tick(clock));
        if let Some(msg) = first {
            effects.extend(app.update(msg));
        }
        while let Ok(more) = rx.try_recv() {
            effects.extend(app.update(more));
        }
        for effect in effects {
            match effect {
                Effect::Quit => return Ok(Ended::Quit),
                Effect::WakeAt(t) => wake = Some(wake.map_or(t, |w| w.min(t))),
                other => queued.extend(shell.perform(other)),
            }
        }
    }
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
