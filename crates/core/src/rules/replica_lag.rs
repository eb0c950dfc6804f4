use super::{Context, Finding};

crate::declare_rule! {
    /// A replica is behind or not online.
    ///
    /// ## What it checks
    /// On a primary, each `slaveN:` line of INFO: a `state` other than `online`, or a `lag`
    /// above 10 seconds (seconds since the replica last acknowledged). On a replica,
    /// `master_last_io_seconds_ago` above 10.
    ///
    /// ## Why it matters
    /// A lagging replica serves stale reads, and a failover to it loses the writes it has not
    /// received. A replica stuck in `wait_bgsave` or `send_bulk` is resyncing: the primary is
    /// forking and streaming a full copy.
    ///
    /// ## Example
    /// ```text
    /// slave0:ip=10.0.0.12,port=6379,state=online,offset=123000,lag=42
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, INFO: replica lines (`state`, `offset`, `lag`) and `master_last_io_seconds_ago`.
    /// - fanvue/redis-analyzer, `src/utils/thresholds.js`: replica lag above 10 s.
    pub(crate) static RULE = {
        id: ReplicaLag,
        category: Replication,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(info) = cx.info else { return };
    for r in info.replicas() {
        let name = format!(
            "{}:{}",
            r.ip.as_deref().unwrap_or("?"),
            r.port.map_or("?".to_string(), |p| p.to_string())
        );
        let state = r.state.as_deref().unwrap_or("");
        let problem = if !state.is_empty() && state != "online" {
            Some(format!("Replica {name} is {state}, not online"))
        } else {
            r.lag
                .filter(|&l| l > 10)
                .map(|l| format!("Replica {name} is {l} s behind"))
        };
        if let Some(title) = problem {
            let mut f = cx.finding(
                &RULE,
                title,
                "Reads from it are stale and a failover to it would lose the writes it has not received. Check its network and load; a replica that keeps resyncing may need a larger repl-backlog-size.",
            );
            f.evidence.push(cx.info_span_evidence(r.line));
            out.push(f);
        }
    }
    if cx.info("role") == Some("slave")
        && cx.info("master_link_status") == Some("up")
        && let Some(io) = cx
            .info_u64("master_last_io_seconds_ago")
            .filter(|&s| s > 10)
    {
        let mut f = cx.finding(
            &RULE,
            format!("Nothing received from the primary for {io} s"),
            "The link is up but silent: the primary pings replicas every repl-ping-replica-period seconds (10), so this replica is behind or the link is stalling.",
        );
        f.evidence
            .extend(cx.info_evidence("master_last_io_seconds_ago"));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn reports_lagging_and_resyncing_replicas() {
        let info = "# Replication\nrole:master\nconnected_slaves:3\nslave0:ip=10.0.0.12,port=6379,state=online,offset=1,lag=42\nslave1:ip=10.0.0.13,port=6379,state=wait_bgsave,offset=0,lag=0\nslave2:ip=10.0.0.14,port=6379,state=online,offset=1,lag=0\n";
        let f = run(RuleId::ReplicaLag, &[("i", info)]);
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[1].title,
            "Replica 10.0.0.13:6379 is wait_bgsave, not online"
        );
    }

    #[test]
    fn silent_when_every_replica_is_online_and_current() {
        let info = "# Replication\nrole:master\nconnected_slaves:2\nslave0:ip=10.0.0.12,port=6379,state=online,offset=1,lag=0\nslave1:ip=10.0.0.13,port=6379,state=online,offset=1,lag=1\n";
        assert!(run(RuleId::ReplicaLag, &[("i", info)]).is_empty());
        assert!(run(RuleId::ReplicaLag, &[("i", "# Replication\nrole:master\nconnected_slaves:0\n")]).is_empty());
    }
}
