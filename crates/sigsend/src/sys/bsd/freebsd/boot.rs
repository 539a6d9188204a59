//! FreeBSD: a process's start as a value that a clock step does not move.
//!
//! The kernel keeps a process's start in uptime (`p_stats->p_start`, set
//! with `microuptime` at fork) and gives it as `ki_start`, that uptime
//! plus the boot time (`fill_kinfo_proc_only` in `sys/kern/kern_proc.c`:
//! `getboottime(&boottime); timevaladd(&kp->ki_start, &boottime)`). The
//! boot time is wall time minus uptime, and a clock step
//! (`settimeofday`, an ntpd step, a VM resync) moves it (`tc_setclock` in
//! `sys/kern/kern_tc.c`), and with it every `ki_start`: a start kept
//! before the step no longer matches the process's own after it. The boot
//! time the kernel adds is the one `kern.boottime` gives (`getboottime`
//! too), so `ki_start` minus a `kern.boottime` read on both sides of the
//! `kinfo_proc` read, unchanged, is the uptime start, to the microsecond.
//!
//! Plain logic, no system call: `sys/mod.rs` builds this on Linux too,
//! for the unit tests.

/// How many times a read is tried while the clock steps between.
pub(crate) const TRIES: usize = 4;

/// A `struct timeval` (seconds and microseconds) in microseconds.
pub(crate) fn micros(sec: i64, usec: i64) -> i64 {
    sec.saturating_mul(1_000_000).saturating_add(usec)
}

/// The start of a process in microseconds since boot, from its
/// `ki_start` and the boot time read before and after it, in
/// microseconds; `None` when the two boot times differ (the clock stepped
/// meanwhile: read again).
pub(crate) fn since_boot(ki_start: i64, boot_before: i64, boot_after: i64) -> Option<u64> {
    if boot_before != boot_after {
        return None;
    }
    // Never negative from the kernel: ki_start is the boot time plus an
    // uptime.
    Some(u64::try_from(ki_start.saturating_sub(boot_before)).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The uptime at which the process started: 1234.5 s.
    const UPTIME: i64 = 1_234_500_000;

    /// Its `ki_start` under the boot time `boot` (microseconds): the
    /// kernel adds the two.
    fn ki_start(boot: i64) -> i64 {
        boot + UPTIME
    }

    #[test]
    fn a_clock_step_moves_ki_start_but_not_the_start_since_boot() {
        let boot = micros(1_700_000_000, 250_000);
        let before = since_boot(ki_start(boot), boot, boot);
        assert_eq!(before, Some(UPTIME as u64));
        // settimeofday one hour ahead: the boot time and ki_start move
        // together, and ki_start alone no longer matches.
        let ahead = micros(1_700_003_600, 250_000);
        assert_ne!(ki_start(ahead), ki_start(boot));
        assert_eq!(since_boot(ki_start(ahead), ahead, ahead), before);
        // and back, a year: still the same start.
        let back = micros(1_668_464_000, 999_999);
        assert_eq!(since_boot(ki_start(back), back, back), before);
    }

    #[test]
    fn a_step_between_the_reads_asks_for_another() {
        let boot = micros(1_700_000_000, 0);
        let ahead = micros(1_700_003_600, 0);
        assert_eq!(since_boot(ki_start(boot), boot, ahead), None);
    }

    #[test]
    fn timevals_add_up_to_microseconds() {
        assert_eq!(micros(0, 0), 0);
        assert_eq!(micros(2, 999_999), 2_999_999);
        assert_eq!(micros(i64::MAX, 1), i64::MAX);
    }
}
