use super::{Context, Finding};
use crate::units::human_bytes;

crate::declare_rule! {
    /// Memory once peaked at more than 1.5 times what is used now.
    ///
    /// ## What it checks
    /// INFO's `used_memory_peak` above 1.5 × `used_memory`, on an instance using 5 MB or more
    /// (the `MEMORY DOCTOR` thresholds).
    ///
    /// ## Why it matters
    /// The allocator rarely gives memory back after a peak, so RSS and the fragmentation ratio
    /// stay high; that is harmless if the peak is normal (it will be reused), but the host must
    /// still be sized for the peak, not for today's `used_memory`. A one-off peak (a bulk
    /// import, a backlog of jobs) can be reclaimed with `MEMORY PURGE` or a restart.
    ///
    /// ## Example
    /// ```text
    /// used_memory:1054058256
    /// used_memory_peak:8394904312
    /// ```
    ///
    /// ## Sources
    /// - Redis source, `src/object.c`, `getMemoryDoctorReport()`: peak above 150% of current, instance above 5 MB.
    pub(crate) static RULE = {
        id: MemoryPastPeak,
        category: Memory,
        severity: Info,
        since: (2, 4, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(used), Some(peak)) = (cx.info_u64("used_memory"), cx.info_u64("used_memory_peak"))
    else {
        return;
    };
    if used < 5 * 1024 * 1024 || (peak as f64) <= used as f64 * 1.5 {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        format!("Memory peaked at {:.1}× today's use", peak as f64 / used as f64),
        format!(
            "used_memory_peak is {} against {} now. Size the host for the peak; if it was a one-off, MEMORY PURGE or a restart returns the memory the allocator kept.",
            human_bytes(peak),
            human_bytes(used)
        ),
    );
    f.evidence.extend(cx.info_evidence("used_memory"));
    f.evidence.extend(cx.info_evidence("used_memory_human"));
    f.evidence.extend(cx.info_evidence("used_memory_peak"));
    f.evidence
        .extend(cx.info_evidence("used_memory_peak_human"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_above_one_and_a_half() {
        assert_eq!(
            run(
                RuleId::MemoryPastPeak,
                &[(
                    "i",
                    "# Memory\nused_memory:1054058256\nused_memory_peak:8394904312\n"
                )]
            )
            .len(),
            1
        );
        assert!(
            run(
                RuleId::MemoryPastPeak,
                &[(
                    "i",
                    "# Memory\nused_memory:1054058256\nused_memory_peak:1254058256\n"
                )]
            )
            .is_empty()
        );
        assert!(
            run(
                RuleId::MemoryPastPeak,
                &[(
                    "i",
                    "# Memory\nused_memory:1000000\nused_memory_peak:9000000\n"
                )]
            )
            .is_empty()
        );
    }
}
