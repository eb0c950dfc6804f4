use super::{Context, Finding};
use crate::units::{conf_bytes, human_bytes};

crate::declare_rule! {
    /// The replication backlog holds less than a minute of writes.
    ///
    /// ## What it checks
    /// On a primary with replicas: `repl-backlog-size` against the average inbound traffic
    /// (`total_net_input_bytes` / `uptime_in_seconds`, a proxy for the write stream), when the
    /// backlog would cover under 60 seconds of it. The 60 seconds is this advisor's choice: long
    /// enough for a replica restart or a short network cut.
    ///
    /// ## Why it matters
    /// After a disconnection a replica resumes from the backlog (a partial resync) only if the
    /// writes it missed still fit in it. Otherwise the primary forks, writes a full RDB and
    /// streams it: CPU, memory (copy-on-write) and bandwidth on the primary, and a replica
    /// that is useless until it finishes. The default 1 MB is small for busy primaries.
    ///
    /// ## Example
    /// ```text
    /// repl_backlog_size:1048576
    /// total_net_input_bytes:86400000000
    /// uptime_in_seconds:86400
    /// ```
    /// 1 MB for 1 MB/s of writes: one second.
    ///
    /// ## Sources
    /// - redis.conf (7.0), `REPLICATION`: `repl-backlog-size 1mb` and why a bigger backlog lets replicas survive longer disconnections.
    /// - Redis docs, "Replication": partial resynchronization.
    pub(crate) static RULE = {
        id: ReplBacklogSmall,
        category: Replication,
        severity: Warning,
        since: (2, 8, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.info("role") != Some("master") || cx.info_u64("connected_slaves").is_none_or(|n| n == 0) {
        return;
    }
    let (Some(backlog), Some(input), Some(uptime)) = (
        cx.config.bytes("repl-backlog-size"),
        cx.info_u64("total_net_input_bytes"),
        cx.info_u64("uptime_in_seconds"),
    ) else {
        return;
    };
    if uptime < 3600 {
        return;
    }
    let rate = input as f64 / uptime as f64;
    if rate <= 0.0 || backlog as f64 >= rate * 60.0 {
        return;
    }
    // A power-of-two MB size covering ten minutes of the average write rate.
    let wanted = ((rate * 600.0) as u64)
        .checked_next_power_of_two()
        .unwrap_or(1 << 63)
        .max(1 << 20);
    let mut f = cx.finding(
        &RULE,
        format!("The replication backlog covers {:.0} s of writes", backlog as f64 / rate),
        format!(
            "{} of backlog for about {}/s of inbound traffic: a replica disconnected for longer needs a full resync (fork, full RDB transfer). About {} covers ten minutes.",
            human_bytes(backlog),
            human_bytes(rate as u64),
            human_bytes(wanted)
        ),
    );
    f.evidence.extend(cx.config_evidence("repl-backlog-size"));
    f.evidence.extend(cx.info_evidence("total_net_input_bytes"));
    f.evidence.extend(cx.info_evidence("uptime_in_seconds"));
    f.fix = Some(cx.fix(&[("repl-backlog-size", &conf_bytes(wanted))]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_when_the_backlog_is_seconds() {
        let info = "# Server\nuptime_in_seconds:86400\n# Stats\ntotal_net_input_bytes:86400000000\n# Replication\nrole:master\nconnected_slaves:1\nrepl_backlog_size:1048576\n";
        let f = run(RuleId::ReplBacklogSmall, &[("i", info)]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].fix.as_ref().map(|x| x.conf.clone()),
            Some(vec!["repl-backlog-size 1gb".to_string()])
        );
        let quiet = info.replace("86400000000", "8640000");
        assert!(run(RuleId::ReplBacklogSmall, &[("i", &quiet)]).is_empty());
    }

    /// A write rate past 2^64 bytes per ten minutes asks for the largest
    /// power of two instead of overflowing.
    #[test]
    fn a_rate_past_u64_max() {
        let info = "# Server\nuptime_in_seconds:3600\n# Stats\ntotal_net_input_bytes:18446744073709551615\n# Replication\nrole:master\nconnected_slaves:1\nrepl_backlog_size:1048576\n";
        let f = run(RuleId::ReplBacklogSmall, &[("i", info)]);
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.is_some());
    }
}
