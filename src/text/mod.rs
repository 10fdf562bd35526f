//! Text as the terminal shows it: display width, sanitising, Chinese line breaking.
//!
//! Every terminal reader we studied gets Chinese wrong in the same ways: it wraps only at
//! spaces, starts lines with ，, splits 2050户, counts bytes or chars as columns, or lets a
//! wide char spill past the border. The reader therefore lays text out itself and hands
//! the UI finished lines; these pieces live together because they must agree on one
//! notion of width ([`str_width`]) or highlights and cursors drift off the text.
//!
//! This module is pure (no terminal, no file system) so the layout rules can be tested
//! exhaustively and used by the UI, the `dump` command and benches alike. Archive text is
//! untrusted: pass it through [`sanitize`] before it is measured or drawn.

mod punct;
mod sanitize;
mod script;
mod width;
mod wrap;

pub use punct::{Punctuated, full_width};
pub use sanitize::{is_unsafe, sanitize, sanitize_lines, write_json};
pub use script::is_han;
pub use width::{
    AmbiguousWidth, char_width, grapheme_width, graphemes, str_width, truncate_to_width,
};
pub use wrap::{Line, WrapOptions, wrap};
