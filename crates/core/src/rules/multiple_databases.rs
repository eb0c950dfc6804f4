use super::{Context, Finding};

crate::declare_rule! {
    /// Keys live in more than one logical database (`SELECT n`).
    ///
    /// ## What it checks
    /// INFO's Keyspace section lists keys in more than one `dbN`.
    ///
    /// ## Why it matters
    /// Logical databases share one server: one memory limit, one eviction policy, one
    /// persistence setting, one CPU. They isolate names, not workloads — a cache in db 1 still
    /// evicts under the policy that the queue in db 0 needed to be `noeviction`. Redis Cluster
    /// supports only db 0, and several client libraries and managed services limit or drop
    /// `SELECT`. Separate instances isolate for real; key prefixes separate names.
    ///
    /// ## Example
    /// ```text
    /// db0:keys=120000,expires=0,avg_ttl=0
    /// db1:keys=450000,expires=450000,avg_ttl=300000
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, "Redis cluster specification": only database 0 is supported.
    /// - RedisInsight, `recommendation.provider.ts`: recommends against using more than one logical database.
    pub(crate) static RULE = {
        id: MultipleDatabases,
        category: Keyspace,
        severity: Info,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(info) = cx.info else { return };
    let dbs: Vec<_> = info
        .keyspace()
        .into_iter()
        .filter(|d| d.keys.unwrap_or(0) > 0)
        .collect();
    if dbs.len() < 2 {
        return;
    }
    let names: Vec<String> = dbs.iter().map(|d| format!("db{}", d.db)).collect();
    let mut f = cx.finding(
        &RULE,
        format!("Keys in {} logical databases ({})", dbs.len(), names.join(", ")),
        "Databases share one memory limit, eviction policy and persistence, so they do not isolate a cache from a queue; Redis Cluster supports only db0. Use separate instances for different needs, key prefixes for names.",
    );
    f.evidence
        .extend(dbs.iter().map(|d| cx.info_span_evidence(d.line)));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_for_two_databases() {
        assert_eq!(
            run(
                RuleId::MultipleDatabases,
                &[(
                    "i",
                    "# Keyspace\ndb0:keys=1,expires=0,avg_ttl=0\ndb1:keys=4,expires=4,avg_ttl=3\n"
                )]
            )
            .len(),
            1
        );
        assert!(
            run(
                RuleId::MultipleDatabases,
                &[("i", "# Keyspace\ndb0:keys=1,expires=0,avg_ttl=0\n")]
            )
            .is_empty()
        );
    }
}
