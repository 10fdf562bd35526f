//! The one place zzread maps a file into memory, and the crate's only unsafe code.
//!
//! Mapping is what lets a warm start use a cache larger than memory: pages are read
//! when touched, and are the kernel's to drop again, so 1.8 GB of cached archive costs
//! what is actually looked at. `memmap2::Mmap::map` is unsafe because the program must
//! promise the file will not change while mapped. zzread keeps that promise for its
//! own files: a cache file is written once under a temporary name and renamed into
//! place, never opened for writing again, and replaced only by renaming a new file over
//! its name (the mapped inode lives on, unchanged, until unmapped). Anything else that
//! rewrites files in the cache directory in place is outside the promise; the
//! checksums then refuse what changed rather than show it, and a file truncated under
//! a mapping can at worst end the process (SIGBUS), never show wrong text.

use std::fs::File;
use std::io;
use std::sync::Arc;

/// A read-only mapping, shared by the store parts read from it.
pub struct Mapped(memmap2::Mmap);

impl AsRef<[u8]> for Mapped {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Maps `file` read-only. An empty file cannot be mapped; it comes back as no bytes.
pub fn map(file: &File) -> io::Result<crate::store::part::Bytes> {
    if file.metadata()?.len() == 0 {
        return Ok(Arc::new(Vec::<u8>::new()));
    }
    // SAFETY: see the module comment — zzread never writes a cache file after renaming
    // it into place, and every byte read from the mapping is checked (bounds, alignment
    // and checksums) before it is believed.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::Mmap::map(file)? };
    Ok(Arc::new(Mapped(map)))
}
