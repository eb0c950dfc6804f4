use super::{Context, Finding};

crate::declare_rule! {
    /// Most keys of a cache have no TTL.
    ///
    /// ## What it checks
    /// The instance is (stated or inferred) a cache, and fewer than half of its keys carry an
    /// expiry (`expires` / `keys` in INFO's Keyspace section).
    ///
    /// ## Why it matters
    /// A cache entry without a TTL lives until it is deleted or evicted. Stale data is served
    /// for ever after its source changed, and on an instance under `noeviction` (or a
    /// `volatile-*` policy) such keys fill memory until writes fail. Every cache write should
    /// set one (`SET key value EX 300`).
    ///
    /// ## Example
    /// ```text
    /// db0:keys=120000,expires=8000,avg_ttl=60000
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, "Key eviction": volatile policies only evict keys with an expire set.
    /// - fanvue/redis-analyzer, `src/utils/thresholds.js`: more than 50% of keys without TTL is flagged.
    pub(crate) static RULE = {
        id: CacheKeysWithoutTtl,
        category: Keyspace,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if !cx.workload.has_cache() {
        return;
    }
    let Some(info) = cx.info else { return };
    let Some((keys, expires)) = info.key_totals() else {
        return;
    };
    if keys < 100 || expires.saturating_mul(2) >= keys {
        return;
    }
    let share = 100.0 - expires as f64 / keys as f64 * 100.0;
    let mut f = cx.finding(
        &RULE,
        format!("{share:.0}% of the keys have no TTL on a cache"),
        format!(
            "{} of {keys} keys never expire. Cache entries without a TTL go stale and, under noeviction or a volatile policy, fill memory until writes fail. Set one on every cache write (SET key value EX seconds).",
            keys - expires
        ),
    );
    f.evidence.extend(
        info.keyspace()
            .iter()
            .map(|d| cx.info_span_evidence(d.line)),
    );
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::{Use, run_with};

    #[test]
    fn fires_for_a_cache_of_persistent_keys() {
        let info = "# Keyspace\ndb0:keys=120000,expires=8000,avg_ttl=60000\n";
        let f = run_with(RuleId::CacheKeysWithoutTtl, &[("i", info)], &[Use::Cache]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].title, "93% of the keys have no TTL on a cache");
    }

    #[test]
    fn silent_otherwise() {
        let info = "# Keyspace\ndb0:keys=120000,expires=8000,avg_ttl=60000\n";
        assert!(run_with(RuleId::CacheKeysWithoutTtl, &[("i", info)], &[Use::Locks]).is_empty());
        let ttl = "# Keyspace\ndb0:keys=120000,expires=118000,avg_ttl=60000\n";
        assert!(run_with(RuleId::CacheKeysWithoutTtl, &[("i", ttl)], &[Use::Cache]).is_empty());
    }

    /// Counts near 2^64 (the parser saturates its totals there) are not an overflow.
    #[test]
    fn counts_near_u64_max() {
        let info = "# Keyspace\ndb0:keys=18446744073709551615,expires=18446744073709551615\n";
        assert!(run_with(RuleId::CacheKeysWithoutTtl, &[("i", info)], &[Use::Cache]).is_empty());
    }
}
