//! Terminal events → messages, on their own thread.

use crate::app::{Key, Mouse, MouseKind, Msg, Named};
use crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use std::sync::mpsc::Sender;

/// Reads the terminal until it ends. An error ends the thread after one
/// `Msg::InputClosed`: a failing read is never retried in a loop.
pub fn spawn(tx: Sender<Msg>) {
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(ev) => match message(ev) {
                    Some(msg) => msg,
                    None => continue,
                },
                Err(_) => Msg::InputClosed,
            };
            let closed = matches!(msg, Msg::InputClosed);
            if tx.send(msg).is_err() || closed {
                break;
            }
        }
    });
}

/// The message a terminal event becomes, if any.
pub fn message(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => key(&k).map(Msg::Key),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(m) => {
            let kind = match m.kind {
                MouseEventKind::ScrollDown => MouseKind::ScrollDown,
                MouseEventKind::ScrollUp => MouseKind::ScrollUp,
                MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
                _ => return None,
            };
            Some(Msg::Mouse(Mouse {
                kind,
                column: m.column,
                row: m.row,
            }))
        }
        _ => None,
    }
}

/// A crossterm key as zzread's key; Alt combinations and unnamed keys are not keys
/// zzread binds.
pub fn key(ev: &KeyEvent) -> Option<Key> {
    if ev.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let named = |n| Some(Key::Named(n));
    match ev.code {
        KeyCode::Char(c) if ctrl => c
            .is_ascii_alphabetic()
            .then(|| Key::Ctrl(c.to_ascii_lowercase())),
        KeyCode::Char(c) => Some(Key::Char(c)),
        _ if ctrl => None,
        KeyCode::Enter => named(Named::Enter),
        KeyCode::Esc => named(Named::Esc),
        KeyCode::Tab => named(Named::Tab),
        KeyCode::BackTab => named(Named::BackTab),
        KeyCode::Backspace => named(Named::Backspace),
        KeyCode::Delete => named(Named::Delete),
        KeyCode::Up => named(Named::Up),
        KeyCode::Down => named(Named::Down),
        KeyCode::Left => named(Named::Left),
        KeyCode::Right => named(Named::Right),
        KeyCode::PageUp => named(Named::PageUp),
        KeyCode::PageDown => named(Named::PageDown),
        KeyCode::Home => named(Named::Home),
        KeyCode::End => named(Named::End),
        KeyCode::F(n) => named(Named::F(n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_keys_become_zzread_keys() {
        let ev = |code, m| KeyEvent::new(code, m);
        assert_eq!(
            key(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Key::Char('G'))
        );
        assert_eq!(
            key(&ev(KeyCode::Char('C'), KeyModifiers::CONTROL)),
            Some(Key::Ctrl('c'))
        );
        assert_eq!(key(&ev(KeyCode::Char('x'), KeyModifiers::ALT)), None);
        assert_eq!(key(&ev(KeyCode::Down, KeyModifiers::CONTROL)), None);
        assert_eq!(
            key(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Key::Named(Named::BackTab))
        );
        assert_eq!(
            key(&ev(KeyCode::Char('医'), KeyModifiers::NONE)),
            Some(Key::Char('医'))
        );
    }
}
