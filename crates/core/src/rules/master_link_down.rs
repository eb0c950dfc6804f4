use super::{Context, Finding};
use crate::units::human_duration;

crate::declare_rule! {
    /// This replica has lost its link to the primary.
    ///
    /// ## What it checks
    /// INFO on a replica (`role:slave`) with `master_link_status:down`.
    ///
    /// ## Why it matters
    /// The replica stops receiving writes: it serves stale data (with
    /// `replica-serve-stale-data yes`, the default) or errors, and it is no longer a usable
    /// failover target. `master_link_down_since_seconds` says for how long; past the
    /// replication backlog, reconnecting needs a full resync (a fork and a full copy on the
    /// primary). Check the network, the primary's `masterauth`/ACL, and its logs.
    ///
    /// ## Example
    /// ```text
    /// role:slave
    /// master_link_status:down
    /// master_link_down_since_seconds:340
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, INFO: `master_link_status`, `master_link_down_since_seconds`.
    /// - samber/awesome-prometheus-alerts, Redis rules: "Redis master link down" (critical).
    pub(crate) static RULE = {
        id: MasterLinkDown,
        category: Replication,
        severity: Critical,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.info("role") != Some("slave") || cx.info("master_link_status") != Some("down") {
        return;
    }
    let since = cx
        .info_u64("master_link_down_since_seconds")
        .map(|s| format!(" for {}", human_duration(s)))
        .unwrap_or_default();
    let mut f = cx.finding(
        &RULE,
        format!("Replica disconnected from its primary{since}"),
        "This replica receives no writes: it serves stale data and cannot take over safely. Check the network, the primary's authentication (masterauth/masteruser) and both logs.",
    );
    f.evidence.extend(cx.info_evidence("master_link_status"));
    f.evidence
        .extend(cx.info_evidence("master_link_down_since_seconds"));
    f.evidence.extend(cx.info_evidence("master_host"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_a_down_link() {
        let f = run(
            RuleId::MasterLinkDown,
            &[(
                "i",
                "# Replication\nrole:slave\nmaster_host:10.0.0.1\nmaster_link_status:down\nmaster_link_down_since_seconds:340\n",
            )],
        );
        assert_eq!(
            f[0].title,
            "Replica disconnected from its primary for 5 min"
        );
        assert!(
            run(
                RuleId::MasterLinkDown,
                &[("i", "# Replication\nrole:slave\nmaster_link_status:up\n")]
            )
            .is_empty()
        );
    }
}
