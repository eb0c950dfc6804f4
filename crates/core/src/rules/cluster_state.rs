use super::{Context, Finding};

crate::declare_rule! {
    /// The cluster is down, or not every hash slot is served.
    ///
    /// ## What it checks
    /// `CLUSTER INFO` (read like INFO): `cluster_state:fail`, or
    /// `cluster_slots_assigned` / `cluster_slots_ok` below 16384.
    ///
    /// ## Why it matters
    /// With `cluster-require-full-coverage yes` (the default), a cluster that does
    /// not serve all 16384 slots refuses every query (`CLUSTERDOWN`). Slots left
    /// unassigned after creating a cluster by hand are the usual cause; failed
    /// masters without a replica the other.
    ///
    /// ## Example
    /// ```text
    /// cluster_state:fail
    /// cluster_slots_assigned:11
    /// ```
    /// Assign the missing slots (`redis-cli --cluster fix`, or `CLUSTER ADDSLOTS`)
    /// and check each master has a replica.
    ///
    /// ## Sources
    /// - Redis docs, "CLUSTER INFO": `cluster_state` is `ok` only when all slots are served; `cluster_slots_assigned` counts slots bound to a node.
    /// - Redis docs, "Scaling with Redis Cluster": 16384 hash slots; `cluster-require-full-coverage`.
    pub(crate) static RULE = {
        id: ClusterState,
        category: Replication,
        severity: Critical,
        since: (3, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(state) = cx.info("cluster_state") else {
        return;
    };
    let assigned = cx.info_u64("cluster_slots_assigned");
    let ok = cx.info_u64("cluster_slots_ok");
    let short = assigned.is_some_and(|n| n < 16384) || ok.is_some_and(|n| n < 16384);
    if state == "ok" && !short {
        return;
    }
    let title = match assigned {
        Some(n) if n < 16384 => format!("The cluster serves {n} of 16384 hash slots"),
        _ => format!("The cluster state is {state}"),
    };
    let mut f = cx.finding(
        &RULE,
        title,
        "Keys in unserved slots cannot be read or written; with cluster-require-full-coverage yes (the default) the whole cluster answers CLUSTERDOWN. Assign the missing slots (redis-cli --cluster fix, or CLUSTER ADDSLOTS on the right node) and give every master a replica.",
    );
    f.evidence.extend(cx.info_evidence("cluster_state"));
    f.evidence
        .extend(cx.info_evidence("cluster_slots_assigned"));
    f.evidence.extend(cx.info_evidence("cluster_slots_ok"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_a_failed_or_partial_cluster() {
        let bad = "cluster_state:fail\ncluster_slots_assigned:11\ncluster_slots_ok:11\n";
        assert_eq!(run(RuleId::ClusterState, &[("c", bad)]).len(), 1);
        let good = "cluster_state:ok\ncluster_slots_assigned:16384\ncluster_slots_ok:16384\n";
        assert!(run(RuleId::ClusterState, &[("c", good)]).is_empty());
    }
}
