//! The sizes a `sysctl(3)` read of variable size asks for (`sysctl.rs`).
//! The kernel's estimate (a read with no buffer) can stay below what it
//! then writes, again and again: FreeBSD 12's `kern.file` estimate lags a
//! table that grows, so asking for the estimate plus slack each time can
//! fail with `ENOMEM` for ever. Each retry therefore asks for at least
//! twice the last size, up to a bound, then gives up. The bound also keeps
//! a read within what the kernel accepts: XNU's `KERN_PROCARGS2` fails
//! with `EINVAL` for a buffer of more than `ARG_MAX` bytes plus the `argc`
//! word (`sysctl_procargsx` in `bsd/kern/kern_sysctl.c`), slack or not.
//!
//! Plain logic, no system call: `sys/mod.rs` builds this on Linux too,
//! for the unit tests.

/// The size of the next read: the kernel's `estimate` with slack for what
/// appears meanwhile, at least twice the size `tried` last (which was too
/// small), at most `max`; `None` once `max` itself was too small.
pub(crate) fn next_size(estimate: usize, tried: Option<usize>, max: usize) -> Option<usize> {
    let slack = estimate.saturating_add(estimate / 8).saturating_add(64);
    let size = match tried {
        None => slack,
        Some(tried) if tried >= max => return None,
        Some(tried) => slack.max(tried.saturating_mul(2)),
    };
    Some(size.min(max))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 1 << 20;

    #[test]
    fn the_first_read_asks_for_the_estimate_and_slack() {
        assert_eq!(next_size(0, None, MAX), Some(64));
        assert_eq!(next_size(8000, None, MAX), Some(9064));
    }

    #[test]
    fn a_retry_grows_past_an_estimate_that_stays_too_small() {
        // The kernel says 8000 every time, and every read is too small.
        let mut tried = None;
        let mut sizes = Vec::new();
        while let Some(size) = next_size(8000, tried, MAX) {
            sizes.push(size);
            tried = Some(size);
        }
        assert_eq!(sizes[..3], [9064, 18128, 36256]);
        assert_eq!(sizes.last(), Some(&MAX), "up to the bound");
        assert!(sizes.windows(2).all(|pair| pair[1] > pair[0]));
        assert!(sizes.len() < 12, "a bounded number of reads: {sizes:?}");
    }

    #[test]
    fn a_retry_follows_an_estimate_that_grew_more() {
        assert_eq!(next_size(100_000, Some(9064), MAX), Some(112_564));
    }

    #[test]
    fn the_bound_caps_even_the_first_read() {
        // KERN_PROCARGS2 of a command line near ARG_MAX: the slack would
        // pass the bound, where XNU says EINVAL.
        let argmax = 1 << 20;
        let max = argmax + 4;
        assert_eq!(next_size(argmax, None, max), Some(max));
        assert_eq!(next_size(argmax, Some(max), max), None);
        assert_eq!(next_size(usize::MAX, None, usize::MAX), Some(usize::MAX));
    }
}
