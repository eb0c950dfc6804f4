use super::{Context, Finding};

crate::declare_rule! {
    /// Data that must survive lives on a single primary with no replica.
    ///
    /// ## What it checks
    /// INFO on a primary (`role:master`) with `connected_slaves:0`, while the workload holds
    /// a job queue, locks, streams, primary data or sessions that must survive. Managed
    /// services that replicate outside INFO (Redis Cloud) are not reported.
    ///
    /// ## Why it matters
    /// Persistence protects against a restart, not against losing the host or its disk. With
    /// no replica, a host failure means downtime until a new server restores from the last
    /// backup, and everything since that backup is gone. A replica (with Sentinel, Cluster or
    /// the provider's failover) keeps a live copy.
    ///
    /// ## Example
    /// ```text
    /// role:master
    /// connected_slaves:0
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, "Replication" and "High availability with Redis Sentinel".
    pub(crate) static RULE = {
        id: NoReplicaForKeptData,
        category: Replication,
        severity: Info,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.info("role") != Some("master") || cx.info_u64("connected_slaves") != Some(0) {
        return;
    }
    if cx.workload.managed == Some(crate::workload::Managed::RedisCloud) {
        return;
    }
    let keep = cx.workload.must_not_evict();
    let Some(&first) = keep.first() else { return };
    let mut f = cx.finding(
        &RULE,
        "No replica: one host holds the only copy",
        format!(
            "{}. Persistence survives a restart, not the loss of the host or its disk; a replica with automatic failover keeps a live copy.",
            crate::units::capitalize(&cx.workload.basis(first))
        ),
    );
    f.evidence.extend(cx.info_evidence("role"));
    f.evidence.extend(cx.info_evidence("connected_slaves"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::{QueueLibrary, Use, run_with};

    #[test]
    fn fires_for_a_lone_queue_primary() {
        let info = "# Replication\nrole:master\nconnected_slaves:0\n";
        assert_eq!(
            run_with(
                RuleId::NoReplicaForKeptData,
                &[("i", info)],
                &[Use::Queue {
                    library: QueueLibrary::Bullmq
                }]
            )
            .len(),
            1
        );
        assert!(run_with(RuleId::NoReplicaForKeptData, &[("i", info)], &[Use::Cache]).is_empty());
    }
}
