use super::{Context, Finding, Severity};
use crate::config::Policy;
use crate::units::human_bytes;

crate::declare_rule! {
    /// Memory in use is at 90% or more of `maxmemory`.
    ///
    /// ## What it checks
    /// `used_memory / maxmemory` from INFO, when `maxmemory` is set. 90% warns; under
    /// `noeviction`, 98% is critical because the next writes will be refused. A pure cache
    /// under an `allkeys-*` policy is meant to run at its limit and is not reported.
    ///
    /// ## Why it matters
    /// At the limit Redis applies its eviction policy. Under `noeviction` every write
    /// command fails with `OOM command not allowed when used memory > 'maxmemory'`:
    /// producers cannot enqueue and workers cannot move jobs between states. Under the
    /// other policies keys start to disappear, which is only acceptable for a cache.
    ///
    /// ## Example
    /// ```text
    /// used_memory:1932735283
    /// maxmemory:2147483648
    /// maxmemory_policy:noeviction
    /// ```
    /// 90% of the limit is used; raise `maxmemory` (if the host has room), remove
    /// data that should not be there (finished jobs kept forever, keys without TTL), or
    /// move the cache to its own instance.
    ///
    /// ## Sources
    /// - Redis docs, "Key eviction": behaviour of each policy when `maxmemory` is reached.
    /// - samber/awesome-prometheus-alerts, Redis rules: "Redis out of configured maxmemory" fires above 90%.
    pub(crate) static RULE = {
        id: MemoryNearLimit,
        category: Memory,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(used), Some(max)) = (cx.info_u64("used_memory"), cx.config.bytes("maxmemory")) else {
        return;
    };
    if max == 0 {
        return;
    }
    let ratio = used as f64 / max as f64;
    if ratio < 0.9 {
        return;
    }
    let policy = cx.config.policy();
    // A pure cache running at its limit under an allkeys policy is working as designed.
    if cx.workload.evictable_only() && policy.is_some_and(Policy::is_allkeys) {
        return;
    }
    let noeviction = policy == Some(Policy::Noeviction);
    let pct = ratio * 100.0;
    let consequence = if noeviction {
        "Under noeviction the next writes will fail with `OOM command not allowed`."
    } else {
        "Redis is evicting (or about to evict) keys to stay under the limit."
    };
    let mut f = cx.finding(
        &RULE,
        format!("Memory at {pct:.0}% of maxmemory"),
        format!(
            "{} used of a {} limit. {consequence}",
            human_bytes(used),
            human_bytes(max)
        ),
    );
    if noeviction && ratio >= 0.98 {
        f.severity = Severity::Critical;
    }
    f.evidence.extend(cx.info_evidence("used_memory"));
    f.evidence.extend(cx.info_evidence("used_memory_human"));
    f.evidence.extend(cx.config_evidence("maxmemory"));
    f.evidence.extend(cx.info_evidence("maxmemory_human"));
    f.evidence.extend(cx.config_evidence("maxmemory-policy"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::report::Severity;
    use crate::rules::testing::run;

    const NEAR: &str =
        "# Memory\nused_memory:1933000000\nmaxmemory:2147483648\nmaxmemory_policy:allkeys-lru\n";

    #[test]
    fn fires_at_ninety_percent() {
        let f = run(RuleId::MemoryNearLimit, &[("info", NEAR)]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].title, "Memory at 90% of maxmemory");
    }

    #[test]
    fn critical_when_noeviction_is_full() {
        let info =
            "# Memory\nused_memory:2140000000\nmaxmemory:2147483648\nmaxmemory_policy:noeviction\n";
        let f = run(RuleId::MemoryNearLimit, &[("info", info)]);
        assert_eq!(f[0].severity, Severity::Critical);
    }

    #[test]
    fn a_full_cache_under_allkeys_lru_is_fine() {
        use crate::rules::testing::{Use, run_with};
        assert!(run_with(RuleId::MemoryNearLimit, &[("info", NEAR)], &[Use::Cache]).is_empty());
    }

    #[test]
    fn silent_below_or_without_limit() {
        let info = "# Memory\nused_memory:1000\nmaxmemory:2147483648\n";
        assert!(run(RuleId::MemoryNearLimit, &[("info", info)]).is_empty());
        assert!(
            run(
                RuleId::MemoryNearLimit,
                &[("info", "# Memory\nused_memory:1000\nmaxmemory:0\n")]
            )
            .is_empty()
        );
    }
}
