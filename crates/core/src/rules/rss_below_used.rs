use super::{Context, Finding};
use crate::units::human_bytes;

crate::declare_rule! {
    /// The process's resident memory is well below the memory Redis allocated:
    /// part of the data is in swap, or the accounting is broken.
    ///
    /// ## What it checks
    /// `used_memory_rss` below 80% of `used_memory` (a `mem_fragmentation_ratio`
    /// under 0.8), with at least 64 MB allocated.
    ///
    /// ## Why it matters
    /// RSS counts the pages in RAM; `used_memory` counts what the allocator handed
    /// out. When RSS is the smaller, the missing pages are on the swap device (every
    /// access to them is a disk read: latency jumps to milliseconds), or the numbers
    /// come from a platform that does not measure RSS the same way (Windows ports,
    /// some container setups). Either way, the fragmentation ratio means nothing here.
    ///
    /// ## Example
    /// ```text
    /// used_memory:1000000000
    /// used_memory_rss:108736512
    /// mem_fragmentation_ratio:0.11
    /// ```
    /// Check swap on the host (`free -m`, `vmstat 1`); give Redis enough RAM or a
    /// lower maxmemory; disable swap for it if latency matters.
    ///
    /// ## Sources
    /// - Redis docs, `INFO` reference (Memory section): ideally `used_memory_rss` is only slightly above `used_memory`; when `used_memory` is well above RSS, part of Redis's memory has been swapped out by the operating system: expect significant latencies.
    /// - Redis 7.0 `src/server.c` (`genRedisInfoString`): how the ratio is computed.
    pub(crate) static RULE = {
        id: RssBelowUsed,
        category: Memory,
        severity: Warning,
        since: (2, 4, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(used), Some(rss)) = (cx.info_u64("used_memory"), cx.info_u64("used_memory_rss"))
    else {
        return;
    };
    if used < 64 << 20 || rss == 0 || rss as f64 >= used as f64 * 0.8 {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        format!(
            "Resident memory ({}) is below the memory Redis uses ({}): swapping or broken accounting",
            human_bytes(rss),
            human_bytes(used)
        ),
        "The pages missing from RAM are on the swap device (every access to them waits for the disk), or this platform does not report RSS as Linux does. The fragmentation ratio means nothing here. Check swap on the host (free -m, vmstat 1) and give Redis enough memory, or a lower maxmemory.",
    );
    f.evidence.extend(cx.info_evidence("used_memory"));
    f.evidence.extend(cx.info_evidence("used_memory_rss"));
    f.evidence
        .extend(cx.info_evidence("mem_fragmentation_ratio"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_below_eighty_percent() {
        let info = "# Memory\nused_memory:1000000000\nused_memory_rss:108736512\nmem_fragmentation_ratio:0.11\n";
        assert_eq!(run(RuleId::RssBelowUsed, &[("info", info)]).len(), 1);
        let fine = "# Memory\nused_memory:1000000000\nused_memory_rss:1100000000\n";
        assert!(run(RuleId::RssBelowUsed, &[("info", fine)]).is_empty());
    }
}
