//! Membership in a set of characters written as a string (a surname list, the
//! characters that open sentences): the parser asks these for every line, so the
//! string is turned once into a sorted table searched by halving, not scanned.

use std::sync::OnceLock;

/// A set of characters given as a string literal.
pub struct CharSet {
    chars: &'static str,
    sorted: OnceLock<Vec<char>>,
}

impl CharSet {
    pub const fn new(chars: &'static str) -> CharSet {
        CharSet {
            chars,
            sorted: OnceLock::new(),
        }
    }

    pub fn contains(&self, c: char) -> bool {
        let sorted = self.sorted.get_or_init(|| {
            let mut v: Vec<char> = self.chars.chars().collect();
            v.sort_unstable();
            v.dedup();
            v
        });
        sorted.binary_search(&c).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_matches_the_string() {
        static SET: CharSet = CharSet::new("王李张刘陈王");
        for c in "王李张刘陈".chars() {
            assert!(SET.contains(c));
        }
        assert!(!SET.contains('株'));
        assert!(!SET.contains('a'));
    }
}
