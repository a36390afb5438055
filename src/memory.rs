//! Giving freed memory back to the system between the stages of a long export.
//!
//! ```
//! let model = vec![String::from("a question"); 1000];
//! drop(model);
//! prep_pdf::memory::give_back();
//! ```
//!
//! glibc's allocator keeps memory a process frees for the process's next requests,
//! and returns it only from the top of the heap. A long book's stages free tens of
//! megabytes of small objects at a time (the content model and the first layout
//! pass, the document's blocks once it is laid out, the page dictionaries once they
//! are written) and then ask for a few large buffers (the finished file), which the
//! scattered holes cannot hold: without this the 3,000-question role's peak was
//! about 40 MB above what it had live at any moment. `malloc_trim` hands back every
//! whole free page, wherever it lies. It walks the heap, so it is called only after
//! a long document's stages, never for a role of ordinary length.

/// Returns the pages of freed memory to the system. A no-op where the allocator is
/// not glibc's.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only inspects and releases the allocator's free chunks; it
    // takes no pointers and is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}
