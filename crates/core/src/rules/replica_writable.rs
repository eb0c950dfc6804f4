use super::{Context, Finding};

crate::declare_rule! {
    /// A replica accepts writes (`replica-read-only no`).
    ///
    /// ## What it checks
    /// INFO or the configuration shows a replica (`role:slave`, or `replicaof` set) with
    /// `replica-read-only no`.
    ///
    /// ## Why it matters
    /// Writes to a replica are not sent to the primary and vanish at the next resync; an
    /// application pointed at the wrong node writes data that silently disappears. Keep
    /// replicas read-only (the default since Redis 2.6).
    ///
    /// ## Example
    /// ```text
    /// replicaof 10.0.0.1 6379
    /// replica-read-only no
    /// ```
    ///
    /// ## Sources
    /// - redis.conf (7.0), `REPLICATION`: `replica-read-only yes` and why.
    pub(crate) static RULE = {
        id: ReplicaWritable,
        category: Replication,
        severity: Warning,
        since: (2, 6, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let is_replica = cx.info("role") == Some("slave")
        || cx
            .config
            .raw("replicaof")
            .is_some_and(|r| !r.is_empty() && !r.eq_ignore_ascii_case("no one"));
    if !is_replica || cx.config.bool("replica-read-only") != Some(false) {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "This replica accepts writes",
        "Writes to a replica never reach the primary and are lost at the next resync. Keep replicas read-only.",
    );
    f.evidence.extend(cx.config_evidence("replica-read-only"));
    f.evidence.extend(cx.config_evidence("replicaof"));
    f.fix = Some(cx.fix(&[("replica-read-only", "yes")]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_for_a_writable_replica() {
        assert_eq!(
            run(
                RuleId::ReplicaWritable,
                &[("c", "replicaof 10.0.0.1 6379\nreplica-read-only no\n")]
            )
            .len(),
            1
        );
        assert!(run(RuleId::ReplicaWritable, &[("c", "replica-read-only no\n")]).is_empty());
    }
}
