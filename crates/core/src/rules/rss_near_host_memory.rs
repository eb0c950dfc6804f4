use super::{Context, Finding};
use crate::units::human_bytes;

crate::declare_rule! {
    /// The Redis process holds more than 90% of the host's memory.
    ///
    /// ## What it checks
    /// INFO's `used_memory_rss` (what the process really holds) against
    /// `total_system_memory`, above 90%.
    ///
    /// ## Why it matters
    /// RSS is what the kernel counts. At this level the next fork for a save, a burst of client
    /// buffers or a fragmentation spike is enough for the OOM killer to end Redis, or for the
    /// host to swap, which makes every command slow. `maxmemory` cannot help: it counts
    /// `used_memory`, not RSS.
    ///
    /// ## Example
    /// ```text
    /// used_memory_rss:7900000000
    /// total_system_memory:8589934592
    /// ```
    ///
    /// ## Sources
    /// - samber/awesome-prometheus-alerts, Redis rules: "Redis out of system memory" at 90%.
    /// - Redis docs, INFO: `used_memory_rss` is the memory allocated as seen by the operating system.
    pub(crate) static RULE = {
        id: RssNearHostMemory,
        category: Memory,
        severity: Warning,
        since: (3, 2, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(rss), Some(host)) = (
        cx.info_u64("used_memory_rss"),
        cx.info_u64("total_system_memory"),
    ) else {
        return;
    };
    if host == 0 || (rss as f64) <= host as f64 * 0.9 {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        format!("Redis holds {:.0}% of the host's memory", rss as f64 / host as f64 * 100.0),
        format!(
            "The process's RSS is {} of {}. A fork for BGSAVE or a burst of client buffers can now trigger the OOM killer or swapping; maxmemory does not count RSS.",
            human_bytes(rss),
            human_bytes(host)
        ),
    );
    f.evidence.extend(cx.info_evidence("used_memory_rss"));
    f.evidence.extend(cx.info_evidence("total_system_memory"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_above_ninety_percent_only() {
        assert_eq!(
            run(
                RuleId::RssNearHostMemory,
                &[(
                    "i",
                    "# Memory\nused_memory_rss:7900000000\ntotal_system_memory:8589934592\n"
                )]
            )
            .len(),
            1
        );
        assert!(
            run(
                RuleId::RssNearHostMemory,
                &[(
                    "i",
                    "# Memory\nused_memory_rss:790000000\ntotal_system_memory:8589934592\n"
                )]
            )
            .is_empty()
        );
    }
}
