//! Gives the C allocator's free pages back to the system once the models are loaded, and
//! after each final transcript (the 30-s window's working memory).
//!
//! Loading Whisper allocates each weight twice for a moment (as read, then packed for the
//! matrix kernels) and frees the first copy. glibc raises its mmap threshold after the first
//! multi-megabyte free, so the later copies come from the heap, and the freed ones stay
//! resident as holes between live blocks: 86 MB of them after loading (348 MB resident
//! instead of 262). `malloc_trim(0)` returns those pages. Other C libraries (Android's scudo,
//! Apple's malloc, musl) unmap large freed blocks themselves, so there it does nothing.

/// Returns the allocator's free pages to the system (glibc only; elsewhere a no-op).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn release_free_memory() {
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: glibc's `malloc_trim` takes no pointer and has no precondition: it walks the
    // allocator's own free lists under the allocator's lock and advises the kernel that
    // whole free pages are unused. Live allocations are not touched.
    unsafe {
        malloc_trim(0);
    }
}

/// Returns the allocator's free pages to the system (glibc only; elsewhere a no-op).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_free_memory() {}
