//! Giving freed memory back to the system between the stages of a long export.
//!
//! ```
//! let model = vec![String::from("a question"); 1000];
//! drop(model);
//! prep_pdf::memory::give_back();
//! ```
//!
//! Whether an export does so is its caller's choice ([`Reclaim`], in
//! `export::Settings`): the allocator is the process's, so the command-line tool asks
//! for it and a program using the library decides for itself.
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

/// What a long export does with the memory its stages free.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reclaim {
    /// Leave the allocator alone: freed memory stays with the process.
    #[default]
    Keep,
    /// After a long document's stages, hand freed pages back ([`give_back`]), and
    /// from its second layout pass on give large blocks memory of their own
    /// ([`return_large_blocks`]).
    GiveBack,
}

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

/// From now on, allocations of 256 KiB or more get memory of their own from the
/// system and give it back when freed. glibc starts so, but raises that threshold to
/// the size of each such block freed (up to 32 MiB), after which big buffers come
/// from the heap and leave holes in it when freed; a long book's last stages (pages
/// laid out a second time, the structure tree, the file) ask for many. Set for a long
/// document only (from the second layout pass on), where it lowers the peak by about
/// a tenth at no cost in time (`docs/benchmarks.md`). Process-wide, and it stays: a
/// batch's later roles allocate the same way. A no-op where the allocator is not
/// glibc's.
pub fn return_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes an allocator setting; it is thread-safe.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}
