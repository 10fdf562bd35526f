//! XDG base directories, the one rule config and state both follow: the variable when it
//! holds an absolute path (the spec says relative ones are invalid), else `$HOME` plus
//! the spec's default, else nothing (zzread then has no such directory).

use std::ffi::OsString;
use std::path::PathBuf;

/// `var` (e.g. `$XDG_STATE_HOME`) or `home/default` (e.g. `~/.local/state`), each only
/// when absolute.
pub fn base_dir(
    var: Option<OsString>,
    home: Option<OsString>,
    default: &[&str],
) -> Option<PathBuf> {
    let absolute = |v: Option<OsString>| v.map(PathBuf::from).filter(|p| p.is_absolute());
    absolute(var).or_else(|| absolute(home).map(|h| default.iter().fold(h, |p, part| p.join(part))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_then_home_then_nothing() {
        let os = |s: &str| Some(OsString::from(s));
        let d = &[".local", "state"];
        assert_eq!(base_dir(os("/x"), os("/h"), d), Some(PathBuf::from("/x")));
        assert_eq!(
            base_dir(os("rel"), os("/h"), d),
            Some(PathBuf::from("/h/.local/state"))
        );
        assert_eq!(
            base_dir(os(""), os("/h"), d),
            Some(PathBuf::from("/h/.local/state"))
        );
        assert_eq!(base_dir(None, os("relative"), d), None);
        assert_eq!(base_dir(None, None, d), None);
    }
}
