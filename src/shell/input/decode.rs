//! Terminal input bytes → keys, pastes, mouse events and cursor-position reports.
//!
//! zzread reads the terminal itself rather than through crossterm's event reader,
//! which loops without end when the terminal's other side has gone (a read that keeps
//! failing is retried at once, for ever). Owning the read means an end of input or a
//! read error is seen once and reported once. This decoder is the pure half: bytes in,
//! events out, tested directly.
//!
//! What it understands: UTF-8 text; control characters (Ctrl-letter, Enter, Tab,
//! Backspace); CSI and SS3 sequences for arrows, Home/End, PageUp/PageDown, Delete,
//! Shift-Tab and F1–F12 (xterm, VT220, rxvt and linux console forms); bracketed paste;
//! SGR mouse reports; cursor-position reports; the terminal's answer to an OSC 11
//! background-colour query (other OSC strings are read whole and dropped, never typed).
//! Keys with Alt or with modifiers on named keys are not keys zzread binds and are
//! dropped.

use crate::app::{Key, Mouse, MouseKind, Named};

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;
/// An OSC string longer than this is not an answer zzread asked for: dropped.
const MAX_OSC_BYTES: usize = 256;
/// A paste longer than this is cut: nothing typed into a search prompt needs more.
const MAX_PASTE_BYTES: usize = 1 << 20;

/// One thing the terminal said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    Paste(String),
    Mouse(Mouse),
    /// The answer to a cursor-position request (1-based, as the terminal reports it).
    CursorPosition {
        row: u16,
        column: u16,
    },
    /// The answer to an OSC 11 query: the background colour, each channel 0–65535.
    Background {
        red: u16,
        green: u16,
        blue: u16,
    },
}

/// Bytes from the terminal, decoded incrementally: a sequence cut between two reads
/// is completed by the next one.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
    /// Inside a bracketed paste: what has arrived of it.
    paste: Option<Vec<u8>>,
}

/// What decoding the start of the pending bytes gave.
enum Step {
    /// This many bytes made this input (or nothing, for bytes that mean nothing here).
    Done(usize, Option<Input>),
    /// A sequence has started but is not complete: wait for more bytes.
    Incomplete,
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Decodes `bytes`. `more` says the read that gave them filled its buffer, so a
    /// lone ESC at their end may be the start of a sequence rather than the Esc key.
    pub fn feed(&mut self, bytes: &[u8], more: bool) -> Vec<Input> {
        self.pending.extend_from_slice(bytes);
        let mut out = Vec::new();
        let mut at = 0;
        while at < self.pending.len() {
            if self.paste.is_some() {
                match self.paste_step(at) {
                    Some((used, done)) => {
                        at += used;
                        if let Some(text) = done {
                            out.push(Input::Paste(text));
                        }
                        continue;
                    }
                    None => {
                        // `paste_step` took what it used and kept a possible cut marker.
                        at = 0;
                        break;
                    }
                }
            }
            match step(&self.pending[at..], more) {
                Step::Done(used, input) => {
                    at += used.max(1);
                    match input {
                        Some(Input::Paste(_)) => self.paste = Some(Vec::new()),
                        Some(input) => out.push(input),
                        None => {}
                    }
                }
                Step::Incomplete => break,
            }
        }
        self.pending.drain(..at.min(self.pending.len()));
        out
    }

    /// Collects paste bytes from `at` up to the end marker. `Some((used, Some(text)))`
    /// when the paste ended; `None` when all pending bytes went into the paste (or are a
    /// possibly cut end marker kept for the next read).
    fn paste_step(&mut self, at: usize) -> Option<(usize, Option<String>)> {
        const END: &[u8] = b"\x1b[201~";
        let rest = &self.pending[at..];
        let paste = self.paste.as_mut()?;
        if let Some(end) = memchr::memmem::find(rest, END) {
            extend_capped(paste, &rest[..end]);
            let text = String::from_utf8_lossy(paste).into_owned();
            self.paste = None;
            return Some((end + END.len(), Some(text)));
        }
        // Keep a tail that could be the start of the end marker.
        let keep = (1..END.len())
            .rev()
            .find(|&n| rest.ends_with(&END[..n]))
            .unwrap_or(0);
        extend_capped(paste, &rest[..rest.len() - keep]);
        let cut = self.pending.len() - keep;
        self.pending.drain(..cut);
        None
    }
}

fn extend_capped(paste: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_PASTE_BYTES.saturating_sub(paste.len());
    paste.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

/// Decodes one input at the start of `bytes` (never empty).
fn step(bytes: &[u8], more: bool) -> Step {
    let b = bytes[0];
    let key = |used, k| Step::Done(used, Some(Input::Key(k)));
    match b {
        ESC => escape(bytes, more),
        b'\r' | b'\n' => key(1, Key::Named(Named::Enter)),
        b'\t' => key(1, Key::Named(Named::Tab)),
        0x7f => key(1, Key::Named(Named::Backspace)),
        // Ctrl-letter: 0x01 is Ctrl-A … 0x1a Ctrl-Z (Tab, Enter handled above).
        0x01..=0x1a => key(1, Key::Ctrl(char::from(b - 1 + b'a'))),
        0x00..=0x1f => Step::Done(1, None),
        _ => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Step {
    let len = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        // Not the start of a character: skip it.
        _ => return Step::Done(1, None),
    };
    let Some(head) = bytes.get(..len) else {
        return Step::Incomplete;
    };
    match std::str::from_utf8(head)
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) => Step::Done(len, Some(Input::Key(Key::Char(c)))),
        None => Step::Done(1, None),
    }
}

fn escape(bytes: &[u8], more: bool) -> Step {
    match bytes.get(1) {
        None if more => Step::Incomplete,
        None => Step::Done(1, Some(Input::Key(Key::Named(Named::Esc)))),
        // Esc pressed twice: the first one is a key.
        Some(&ESC) => Step::Done(1, Some(Input::Key(Key::Named(Named::Esc)))),
        Some(b'[') => csi(bytes),
        Some(b']') => osc(bytes),
        Some(b'O') => match bytes.get(2) {
            None => Step::Incomplete,
            Some(&f) => Step::Done(3, ss3(f).map(|k| Input::Key(Key::Named(k)))),
        },
        // Alt with a key: not bound.
        Some(_) => match utf8(&bytes[1..]) {
            Step::Done(n, _) => Step::Done(1 + n, None),
            Step::Incomplete => Step::Incomplete,
        },
    }
}

/// ESC ] … (BEL or ESC \): an operating-system command string. The only one a
/// terminal sends unasked for is none; the one zzread asks for is OSC 11, the
/// background colour: `ESC ] 11 ; rgb:RRRR/GGGG/BBBB`.
fn osc(bytes: &[u8]) -> Step {
    let body = &bytes[2..];
    let end = body
        .iter()
        .enumerate()
        .find(|&(i, &b)| b == BEL || (b == ESC && body.get(i + 1) == Some(&b'\\')));
    let Some((end, &terminator)) = end else {
        // Alt-] followed by more typing is not the start of an answer: drop the Alt-]
        // alone, as before, and let the rest be keys.
        let answer_so_far = body.starts_with(b"11;") || b"11;".starts_with(body);
        return if !answer_so_far {
            Step::Done(2, None)
        } else if body.len() > MAX_OSC_BYTES {
            Step::Done(bytes.len(), None)
        } else {
            Step::Incomplete
        };
    };
    let used = 2 + end + if terminator == BEL { 1 } else { 2 };
    let input = std::str::from_utf8(&body[..end])
        .ok()
        .and_then(|s| s.strip_prefix("11;"))
        .and_then(parse_rgb)
        .map(|(red, green, blue)| Input::Background { red, green, blue });
    Step::Done(used, input)
}

/// `rgb:R/G/B` with 1 to 4 hex digits a channel (X11 colour syntax), scaled to 16 bits.
fn parse_rgb(spec: &str) -> Option<(u16, u16, u16)> {
    let spec = spec.strip_prefix("rgb:")?;
    let mut channels = spec.split('/').map(|c| {
        let digits = u32::try_from(c.len())
            .ok()
            .filter(|n| (1..=4).contains(n))?;
        let v = u32::from_str_radix(c, 16).ok()?;
        let max = (1u32 << (4 * digits)) - 1;
        u16::try_from(v * 0xffff / max).ok()
    });
    let (r, g, b) = (channels.next()??, channels.next()??, channels.next()??);
    channels.next().is_none().then_some((r, g, b))
}

/// SS3 finals: ESC O x.
fn ss3(f: u8) -> Option<Named> {
    Some(match f {
        b'A' => Named::Up,
        b'B' => Named::Down,
        b'C' => Named::Right,
        b'D' => Named::Left,
        b'H' => Named::Home,
        b'F' => Named::End,
        b'P' => Named::F(1),
        b'Q' => Named::F(2),
        b'R' => Named::F(3),
        b'S' => Named::F(4),
        _ => return None,
    })
}

/// ESC [ params final.
fn csi(bytes: &[u8]) -> Step {
    let body = &bytes[2..];
    let Some(end) = body.iter().position(|b| (0x40..=0x7e).contains(b)) else {
        // Parameters and intermediates only so far; give up on garbage that never ends.
        return if body.len() > 64 {
            Step::Done(bytes.len(), None)
        } else {
            Step::Incomplete
        };
    };
    let used = 2 + end + 1;
    let params = &body[..end];
    let fin = body[end];
    if let Some(sgr) = params.strip_prefix(b"<") {
        return Step::Done(used, mouse(sgr, fin).map(Input::Mouse));
    }
    let nums: Vec<u16> = std::str::from_utf8(params)
        .unwrap_or("")
        .split(';')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let first = nums.first().copied().unwrap_or(0);
    // A modifier (second parameter above 1) makes a key zzread does not bind.
    let modified = nums.get(1).is_some_and(|&m| m > 1);
    let named = match fin {
        b'R' if nums.len() == 2 => {
            return Step::Done(
                used,
                Some(Input::CursorPosition {
                    row: nums[0],
                    column: nums[1],
                }),
            );
        }
        b'~' if first == 200 => return Step::Done(used, Some(Input::Paste(String::new()))),
        b'~' => tilde(first),
        b'Z' => Some(Named::BackTab),
        f => ss3(f),
    };
    let input = named
        .filter(|_| !modified || fin == b'Z')
        .map(|k| Input::Key(Key::Named(k)));
    Step::Done(used, input)
}

/// The VT220 `ESC [ n ~` keys.
fn tilde(n: u16) -> Option<Named> {
    Some(match n {
        1 | 7 => Named::Home,
        3 => Named::Delete,
        4 | 8 => Named::End,
        5 => Named::PageUp,
        6 => Named::PageDown,
        11..=15 => Named::F(u8::try_from(n - 10).ok()?),
        17..=21 => Named::F(u8::try_from(n - 11).ok()?),
        23 | 24 => Named::F(u8::try_from(n - 12).ok()?),
        _ => return None,
    })
}

/// SGR mouse: `ESC [ < button ; column ; row M` (press) or `m` (release).
fn mouse(params: &[u8], fin: u8) -> Option<Mouse> {
    let text = std::str::from_utf8(params).ok()?;
    let mut it = text.split(';').map(|p| p.parse::<u16>().ok());
    let (button, column, row) = (it.next()??, it.next()??, it.next()??);
    if fin != b'M' {
        return None;
    }
    let kind = match button {
        0 => MouseKind::Click,
        64 => MouseKind::ScrollUp,
        65 => MouseKind::ScrollDown,
        _ => return None,
    };
    Some(Mouse {
        kind,
        column: column.saturating_sub(1),
        row: row.saturating_sub(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Input> {
        Decoder::new().feed(bytes, false)
    }

    fn key(k: Key) -> Input {
        Input::Key(k)
    }

    #[test]
    fn text_controls_and_named_keys() {
        assert_eq!(
            keys("j医G".as_bytes()),
            [
                key(Key::Char('j')),
                key(Key::Char('医')),
                key(Key::Char('G'))
            ]
        );
        assert_eq!(
            keys(b"\r\t\x7f\x0e\x03"),
            [
                key(Key::Named(Named::Enter)),
                key(Key::Named(Named::Tab)),
                key(Key::Named(Named::Backspace)),
                key(Key::Ctrl('n')),
                key(Key::Ctrl('c')),
            ]
        );
        for (seq, named) in [
            (&b"\x1b[A"[..], Named::Up),
            (b"\x1bOB", Named::Down),
            (b"\x1b[C", Named::Right),
            (b"\x1b[D", Named::Left),
            (b"\x1b[H", Named::Home),
            (b"\x1b[1~", Named::Home),
            (b"\x1b[4~", Named::End),
            (b"\x1b[F", Named::End),
            (b"\x1b[5~", Named::PageUp),
            (b"\x1b[6~", Named::PageDown),
            (b"\x1b[3~", Named::Delete),
            (b"\x1b[Z", Named::BackTab),
            (b"\x1bOP", Named::F(1)),
            (b"\x1b[15~", Named::F(5)),
            (b"\x1b[24~", Named::F(12)),
        ] {
            assert_eq!(keys(seq), [key(Key::Named(named))], "{seq:?}");
        }
    }

    #[test]
    fn esc_alone_is_a_key_but_may_start_a_sequence_when_more_is_coming() {
        assert_eq!(keys(b"\x1b"), [key(Key::Named(Named::Esc))]);
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b", true).is_empty());
        assert_eq!(d.feed(b"[B", false), [key(Key::Named(Named::Down))]);
        assert_eq!(
            keys(b"\x1b\x1b[A"),
            [key(Key::Named(Named::Esc)), key(Key::Named(Named::Up))]
        );
    }

    #[test]
    fn sequences_cut_between_reads_are_completed() {
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b[", false).is_empty());
        assert!(d.feed(b"6", false).is_empty());
        assert_eq!(
            d.feed(b"~j", false),
            [key(Key::Named(Named::PageDown)), key(Key::Char('j'))]
        );
        let bytes = "医".as_bytes();
        assert!(d.feed(&bytes[..1], false).is_empty());
        assert_eq!(d.feed(&bytes[1..], false), [key(Key::Char('医'))]);
    }

    #[test]
    fn alt_and_modified_keys_are_dropped() {
        assert!(keys(b"\x1bx").is_empty());
        assert!(keys(b"\x1b[1;5A").is_empty());
        assert_eq!(keys(b"\x1b[1;5Aj"), [key(Key::Char('j'))]);
    }

    #[test]
    fn bracketed_paste_is_one_input_even_across_reads() {
        assert_eq!(
            keys(b"\x1b[200~\xe5\x8c\xbb\xe4\xbf\x9d\n\x1b[Aq\x1b[201~j"),
            [Input::Paste("医保\n\u{1b}[Aq".into()), key(Key::Char('j'))]
        );
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b[200~ab\x1b[2", false).is_empty());
        assert_eq!(d.feed(b"01~", false), [Input::Paste("ab".into())]);
    }

    #[test]
    fn mouse_and_cursor_reports() {
        assert_eq!(
            keys(b"\x1b[<65;10;5M\x1b[<0;3;4M\x1b[<0;3;4m"),
            [
                Input::Mouse(Mouse {
                    kind: MouseKind::ScrollDown,
                    column: 9,
                    row: 4
                }),
                Input::Mouse(Mouse {
                    kind: MouseKind::Click,
                    column: 2,
                    row: 3
                }),
            ]
        );
        assert_eq!(
            keys(b"\x1b[1;2R"),
            [Input::CursorPosition { row: 1, column: 2 }]
        );
    }

    #[test]
    fn background_colour_answers_are_read_and_other_osc_strings_dropped() {
        let white = Input::Background {
            red: 0xffff,
            green: 0xffff,
            blue: 0xffff,
        };
        assert_eq!(
            keys(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\"),
            std::slice::from_ref(&white)
        );
        assert_eq!(
            keys(b"\x1b]11;rgb:ff/ff/ff\x07j"),
            [white, key(Key::Char('j'))]
        );
        assert_eq!(
            keys(b"\x1b]11;rgb:1e1e/1e1e/2e2e\x07"),
            [Input::Background {
                red: 0x1e1e,
                green: 0x1e1e,
                blue: 0x2e2e
            }]
        );
        // Cut between reads, it is completed by the next one.
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b]11;rgb:00", false).is_empty());
        assert_eq!(d.feed(b"00/0000/0000\x07", false).len(), 1);
        // Anything else is read whole and never typed as keys.
        assert!(keys(b"\x1b]10;rgb:0/0/0\x07").is_empty());
        assert!(keys(b"\x1b]52;c;aGk=\x07").is_empty());
        assert!(keys(b"\x1b]11;rgb:zz/00/00\x07").is_empty());
        // Alt-] then typing: the typing stays keys.
        assert_eq!(keys(b"\x1b]jk"), [key(Key::Char('j')), key(Key::Char('k'))]);
    }

    #[test]
    fn any_bytes_decode_without_panicking_and_always_make_progress() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..2_000 {
            let mut d = Decoder::new();
            let mut bytes = Vec::new();
            for _ in 0..(seed % 64) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                bytes.push((seed >> 56) as u8);
            }
            let _ = d.feed(&bytes, seed.is_multiple_of(2));
            let _ = d.feed(b"", false);
            assert!(d.pending.len() <= bytes.len());
        }
    }
}
