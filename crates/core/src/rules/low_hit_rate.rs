use super::{Context, Finding, Severity};

crate::declare_rule! {
    /// A cache answers fewer than 90% of lookups from memory.
    ///
    /// ## What it checks
    /// For an instance used as a cache, INFO's `keyspace_hits / (keyspace_hits +
    /// keyspace_misses)` over at least 1,000 lookups: below 90% is reported as information,
    /// below 70% as a warning. On instances with other uses the ratio mixes them and is not
    /// reported.
    ///
    /// ## Why it matters
    /// Each miss costs a trip to the source the cache was meant to protect. A low rate points
    /// at TTLs shorter than the reuse interval, keys written and never read, keys invalidated
    /// too eagerly, or entries evicted while still in use (`evicted_keys` rising with the
    /// cache at its limit: give it more memory).
    ///
    /// ## Example
    /// ```text
    /// keyspace_hits:610000
    /// keyspace_misses:390000
    /// ```
    ///
    /// ## Sources
    /// - fanvue/redis-analyzer, `src/utils/thresholds.js`: hit rate below 90% warn, below 70% critical.
    /// - Redis docs, INFO: `keyspace_hits`, `keyspace_misses`.
    pub(crate) static RULE = {
        id: LowHitRate,
        category: Keyspace,
        severity: Info,
        since: (2, 2, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if !cx.workload.evictable_only() || !cx.workload.has_cache() {
        return;
    }
    let (Some(hits), Some(misses)) = (cx.info_u64("keyspace_hits"), cx.info_u64("keyspace_misses"))
    else {
        return;
    };
    let total = u128::from(hits) + u128::from(misses);
    if total < 1000 {
        return;
    }
    let rate = hits as f64 / total as f64;
    if rate >= 0.9 {
        return;
    }
    let evicted = cx.info_u64("evicted_keys").unwrap_or(0);
    let hint = if evicted > 0 {
        format!(" {evicted} keys were evicted: the cache may be too small for its working set.")
    } else {
        " Check TTLs against how often entries are reused.".to_string()
    };
    let mut f = cx.finding(
        &RULE,
        format!("Cache hit rate {:.0}%", rate * 100.0),
        format!("{misses} of {total} lookups missed since start-up.{hint}"),
    );
    if rate < 0.7 {
        f.severity = Severity::Warning;
    }
    f.evidence.extend(cx.info_evidence("keyspace_hits"));
    f.evidence.extend(cx.info_evidence("keyspace_misses"));
    f.evidence
        .extend(cx.info_evidence("evicted_keys").filter(|_| evicted > 0));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::report::Severity;
    use crate::rules::testing::{Use, run_with};

    #[test]
    fn grades_the_hit_rate_of_a_cache() {
        let f = run_with(
            RuleId::LowHitRate,
            &[(
                "i",
                "# Stats\nkeyspace_hits:610000\nkeyspace_misses:390000\n",
            )],
            &[Use::Cache],
        );
        assert_eq!(f[0].severity, Severity::Warning);
        let f = run_with(
            RuleId::LowHitRate,
            &[(
                "i",
                "# Stats\nkeyspace_hits:850000\nkeyspace_misses:150000\n",
            )],
            &[Use::Cache],
        );
        assert_eq!(f[0].severity, Severity::Info);
        assert!(
            run_with(
                RuleId::LowHitRate,
                &[("i", "# Stats\nkeyspace_hits:950\nkeyspace_misses:50\n")],
                &[Use::Cache]
            )
            .is_empty()
        );
    }

    /// Counters near 2^64 add up without an overflow.
    #[test]
    fn counters_near_u64_max() {
        let info =
            "# Stats\nkeyspace_hits:18446744073709551615\nkeyspace_misses:18446744073709551615\n";
        let f = run_with(RuleId::LowHitRate, &[("i", info)], &[Use::Cache]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].title, "Cache hit rate 50%");
    }
}
