//! The allocator's settings for a reader that runs for hours.
//!
//! A keystroke on a term in nearly every article (株) allocates and frees some tens of
//! megabytes of candidate and result arrays, on this thread and on the threads that
//! confirm them. glibc hands blocks that large straight back to the kernel (they are
//! mapped apart, or trimmed off the top of the heap), so every keystroke faulted the
//! same pages in again and the kernel zeroed them: at 10,000 issues a quarter of the
//! keystroke. Kept on the heap instead, they are reused.

/// Blocks up to this size come from the heap (glibc's ceiling for the setting).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MAP_APART_FROM: libc::c_int = 32 << 20;
/// Free memory kept at the top of the heap before it is given back.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const GIVE_BACK_FROM: libc::c_int = 128 << 20;

/// Sets the thresholds (for every thread: glibc's are process-wide); the loader
/// does once everything is searchable. Elsewhere than glibc, nothing to do.
pub fn keep_freed_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: mallopt only sets two of the allocator's thresholds; a value it does
    // not accept leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MAP_APART_FROM);
        libc::mallopt(libc::M_TRIM_THRESHOLD, GIVE_BACK_FROM);
    }
}
