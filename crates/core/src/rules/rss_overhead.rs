use super::{Context, Finding};
use crate::units::human_bytes;

crate::declare_rule! {
    /// RSS held by the allocator or by the process beyond the allocator is more than 10% above what it uses.
    ///
    /// ## What it checks
    /// INFO (Redis 5.0+): `allocator_rss_ratio` above 1.1 with `allocator_rss_bytes` above
    /// 10 MB (pages the allocator holds but does not use), or `rss_overhead_ratio` above 1.1
    /// with `rss_overhead_bytes` above 10 MB (memory outside the allocator: Lua, modules,
    /// buffers) — `MEMORY DOCTOR`'s "high allocator RSS" and "high process RSS" checks.
    ///
    /// ## Why it matters
    /// Both are memory the host pays for that `maxmemory` does not count. Allocator RSS
    /// overhead usually follows a peak and `MEMORY PURGE` can return it; process RSS overhead
    /// points at Lua scripts or modules.
    ///
    /// ## Example
    /// ```text
    /// allocator_rss_ratio:1.35
    /// allocator_rss_bytes:52428800
    /// ```
    ///
    /// ## Sources
    /// - Redis source, `src/object.c`, `getMemoryDoctorReport()`: allocator RSS and non-allocator RSS above 1.1 and 10 MB.
    pub(crate) static RULE = {
        id: RssOverhead,
        category: Memory,
        severity: Info,
        since: (5, 0, 0),
        check: check,
    }
}

const MB10: u64 = 10 << 20;

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.info_u64("used_memory").is_none_or(|u| u < 5 << 20) {
        return;
    }
    let over = |ratio: &str, bytes: &str| -> Option<(f64, u64)> {
        let r = cx.info_f64(ratio)?;
        let b = crate::units::int::<i64>(cx.info(bytes)?)?.max(0) as u64;
        (r > 1.1 && b > MB10).then_some((r, b))
    };
    if let Some((r, b)) = over("allocator_rss_ratio", "allocator_rss_bytes") {
        let mut f = cx.finding(
            &RULE,
            format!("The allocator holds {} of pages it does not use", human_bytes(b)),
            format!("allocator_rss_ratio is {r:.2}: usually left over from a memory peak. MEMORY PURGE asks jemalloc to return them to the OS."),
        );
        f.evidence.extend(cx.info_evidence("allocator_rss_ratio"));
        f.evidence.extend(cx.info_evidence("allocator_rss_bytes"));
        out.push(f);
    }
    if let Some((r, b)) = over("rss_overhead_ratio", "rss_overhead_bytes") {
        let mut f = cx.finding(
            &RULE,
            format!("{} of RSS outside the allocator", human_bytes(b)),
            format!("rss_overhead_ratio is {r:.2}: memory the process holds beyond the allocator, usually Lua scripts or modules."),
        );
        f.evidence.extend(cx.info_evidence("rss_overhead_ratio"));
        f.evidence.extend(cx.info_evidence("rss_overhead_bytes"));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn reports_each_kind() {
        let info = "# Memory\nused_memory:1073741824\nallocator_rss_ratio:1.35\nallocator_rss_bytes:52428800\nrss_overhead_ratio:1.20\nrss_overhead_bytes:20971520\n";
        assert_eq!(run(RuleId::RssOverhead, &[("i", info)]).len(), 2);
        let small = "# Memory\nused_memory:1073741824\nallocator_rss_ratio:1.35\nallocator_rss_bytes:5242880\n";
        assert!(run(RuleId::RssOverhead, &[("i", small)]).is_empty());
    }
}
