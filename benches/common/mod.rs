//! Shared by the benchmarks.

/// The largest resident set of any child waited for so far, in kilobytes (Linux units).
#[allow(unsafe_code)]
pub fn peak_child_rss_kb() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete rusage into the pointer we own.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) != 0 {
            return 0;
        }
        usage.assume_init()
    };
    usage.ru_maxrss
}
