//! Synthetic archives derived from the bundled issues, for benchmarks and scale
//! checks: issue `n` is a sample issue with its numbers perturbed and its pages
//! rotated, so every issue differs and text statistics stay those of the paper.

use crate::load::bundled;

/// A small deterministic generator (no dependency; benches must be repeatable).
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64()).unwrap_or(0) % n.max(1)
    }
}

/// The text of synthetic issue `n`.
pub fn issue_text(n: u64) -> String {
    let seeds: Vec<String> = bundled()
        .iter()
        .filter_map(|s| s.read().ok())
        .map(|d| d.text)
        .collect();
    issue_text_from(&seeds, n)
}

/// As [`issue_text`], reusing already-read seed texts.
pub fn issue_text_from(seeds: &[String], n: u64) -> String {
    let mut rng = Lcg::new(n);
    let Some(seed) = seeds.get(rng.below(seeds.len())) else {
        return String::new();
    };
    // Rotate at an article-ish boundary: a line after two blank lines, or any blank.
    let lines: Vec<&str> = seed.lines().collect();
    let cut = if lines.is_empty() {
        0
    } else {
        rng.below(lines.len())
    };
    let cut = (cut..lines.len())
        .find(|&k| lines[k].trim().is_empty())
        .unwrap_or(0);
    let shift = u32::try_from(rng.below(9) + 1).unwrap_or(1);
    let mut out = String::with_capacity(seed.len() + 64);
    for line in lines[cut..].iter().chain(&lines[..cut]) {
        for c in line.chars() {
            out.push(match c.to_digit(10) {
                Some(d) => char::from_digit((d + shift) % 10, 10).unwrap_or(c),
                None => c,
            });
        }
        out.push('\n');
    }
    out
}

/// The file name of synthetic issue `n`: one issue a day from 2000-01-01.
pub fn issue_name(n: u64) -> String {
    let (mut y, mut m, mut d) = (2000u32, 1u32, 1u32);
    for _ in 0..n {
        d += 1;
        let days = match m {
            2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if d > days {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    format!("{y:04}-{m:02}-{d:02}.txt")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_differ_and_are_repeatable() {
        assert_eq!(issue_text(7), issue_text(7));
        assert_ne!(issue_text(7), issue_text(8));
        assert!(issue_text(3).contains("株洲"));
    }

    #[test]
    fn names_are_consecutive_dates() {
        assert_eq!(issue_name(0), "2000-01-01.txt");
        assert_eq!(issue_name(31), "2000-02-01.txt");
        assert_eq!(issue_name(60), "2000-03-01.txt");
        assert_eq!(issue_name(366), "2001-01-01.txt");
    }
}
