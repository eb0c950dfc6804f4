use super::{Context, Finding};
use crate::units::human_bytes;

crate::declare_rule! {
    /// The process holds much more memory than its data needs (fragmentation above 1.4).
    ///
    /// ## What it checks
    /// `mem_fragmentation_ratio` (RSS / used_memory) above 1.4 with more than 10 MB in
    /// `mem_fragmentation_bytes`, on an instance using at least 5 MB — the thresholds of
    /// Redis's own `MEMORY DOCTOR`. Where INFO has `allocator_frag_ratio` above 1.1, the
    /// allocator's fragmentation is the cause and active defragmentation can reclaim it.
    ///
    /// ## Why it matters
    /// The host pays for RSS, not for `used_memory`. A ratio of 1.5 on a 10 GB dataset
    /// means 5 GB of RAM holding nothing, and `maxmemory` does not count it: an instance
    /// well under its limit can still be killed by the host. It usually follows a large
    /// deletion or expiry wave, or many values changing size.
    ///
    /// ## Example
    /// ```text
    /// used_memory:4294967296
    /// mem_fragmentation_ratio:1.62
    /// mem_fragmentation_bytes:2662879232
    /// allocator_frag_ratio:1.55
    /// ```
    /// Fix: `activedefrag yes` (jemalloc builds, Redis 4.0+), or a restart from a
    /// snapshot/failover to a replica in a quiet hour.
    ///
    /// ## Sources
    /// - Redis source, `src/object.c`, `getMemoryDoctorReport()`: fragmentation > 1.4 and > 10 MB; allocator fragmentation > 1.1 and > 10 MB; "empty" below 5 MB.
    /// - redis.conf (7.0), `ACTIVE DEFRAGMENTATION`: `activedefrag`, `active-defrag-ignore-bytes 100mb`, `active-defrag-threshold-lower 10`.
    pub(crate) static RULE = {
        id: MemoryFragmentation,
        category: Memory,
        severity: Warning,
        since: (2, 2, 0),
        check: check,
    }
}

const MB: u64 = 1024 * 1024;

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(ratio), Some(used)) = (
        cx.info_f64("mem_fragmentation_ratio"),
        cx.info_u64("used_memory"),
    ) else {
        return;
    };
    let rss = cx.info_u64("used_memory_rss");
    let frag_bytes = cx
        .info("mem_fragmentation_bytes")
        .and_then(|v| v.parse::<i64>().ok())
        .map(|b| b.max(0) as u64)
        .or_else(|| rss.map(|r| r.saturating_sub(used)));
    if used < 5 * MB || ratio <= 1.4 || frag_bytes.is_none_or(|b| b <= 10 * MB) {
        return;
    }
    let allocator = cx.info_f64("allocator_frag_ratio");
    let cause = match allocator {
        Some(a) if a > 1.1 => format!(
            " The allocator's own fragmentation is {a:.2}, so active defragmentation can give most of it back."
        ),
        Some(_) => " The allocator's fragmentation is low: the overhead is RSS the allocator has not returned (after a peak, or from Lua/modules), which a restart or `MEMORY PURGE` addresses better than defragmentation.".to_string(),
        None => String::new(),
    };
    let mut f = cx.finding(
        &RULE,
        format!("Memory fragmentation {ratio:.2}: {} held beyond the data", human_bytes(frag_bytes.unwrap_or(0))),
        format!(
            "The process uses {ratio:.2}× the memory its data needs ({} of data). maxmemory does not count the difference, the host does.{cause}",
            human_bytes(used)
        ),
    );
    f.evidence
        .extend(cx.info_evidence("mem_fragmentation_ratio"));
    f.evidence
        .extend(cx.info_evidence("mem_fragmentation_bytes"));
    f.evidence.extend(cx.info_evidence("allocator_frag_ratio"));
    if allocator.is_none_or(|a| a > 1.1) && cx.config.bool("activedefrag") != Some(true) {
        f.fix = Some(cx.fix(&[("activedefrag", "yes")]));
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_with_allocator_fragmentation() {
        let info = "# Memory\nused_memory:4294967296\nmem_fragmentation_ratio:1.62\nmem_fragmentation_bytes:2662879232\nallocator_frag_ratio:1.55\n";
        let f = run(RuleId::MemoryFragmentation, &[("info", info)]);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].fix
                .as_ref()
                .is_some_and(|x| x.conf == ["activedefrag yes"])
        );
        assert_eq!(f[0].evidence.len(), 3);
    }

    #[test]
    fn no_defrag_fix_when_the_allocator_is_not_the_cause() {
        let info = "# Memory\nused_memory:4294967296\nmem_fragmentation_ratio:1.62\nmem_fragmentation_bytes:2662879232\nallocator_frag_ratio:1.02\n";
        let f = run(RuleId::MemoryFragmentation, &[("info", info)]);
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.is_none());
    }

    #[test]
    fn silent_on_small_or_healthy_instances() {
        // A fresh server: ratio 7.39 but under 5 MB of data.
        let empty = "# Memory\nused_memory:965824\nmem_fragmentation_ratio:7.39\nmem_fragmentation_bytes:5599368\n";
        assert!(run(RuleId::MemoryFragmentation, &[("info", empty)]).is_empty());
        let fine = "# Memory\nused_memory:4294967296\nmem_fragmentation_ratio:1.08\nmem_fragmentation_bytes:343597383\n";
        assert!(run(RuleId::MemoryFragmentation, &[("info", fine)]).is_empty());
    }
}
