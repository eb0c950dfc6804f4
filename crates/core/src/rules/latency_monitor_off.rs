use super::{Context, Finding};

crate::declare_rule! {
    /// The latency monitor is off, so `LATENCY DOCTOR` and `LATENCY LATEST` have nothing to report.
    ///
    /// ## What it checks
    /// `latency-monitor-threshold 0` (the default).
    ///
    /// ## Why it matters
    /// When a latency spike happens — a slow fork, an AOF fsync stall, an eviction or expire
    /// cycle, a slow command — the latency monitor records which event caused it and when.
    /// With it off, the evidence is gone by the time anyone looks. A threshold of 100 ms costs
    /// almost nothing and records only events above it.
    ///
    /// ## Example
    /// ```text
    /// latency-monitor-threshold 0
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, "Latency monitoring": `latency-monitor-threshold`, disabled by default.
    /// - Redis source, `src/latency.c`: LATENCY DOCTOR advises enabling the monitor.
    pub(crate) static RULE = {
        id: LatencyMonitorOff,
        category: Latency,
        severity: Info,
        since: (2, 8, 13),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.config.int("latency-monitor-threshold") != Some(0) {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "The latency monitor is off",
        "When a spike happens, nothing records which event caused it. A 100 ms threshold costs almost nothing and lets LATENCY DOCTOR explain spikes afterwards.",
    );
    f.evidence
        .extend(cx.config_evidence("latency-monitor-threshold"));
    f.fix = Some(cx.fix(&[("latency-monitor-threshold", "100")]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_the_default() {
        let whole = crate::rules::testing::whole_conf("port 6379\n");
        assert_eq!(run(RuleId::LatencyMonitorOff, &[("c", &whole)]).len(), 1);
        // An excerpt does not say what it leaves out.
        assert!(run(RuleId::LatencyMonitorOff, &[("c", "port 6379\n")]).is_empty());
        assert!(
            run(
                RuleId::LatencyMonitorOff,
                &[("c", "latency-monitor-threshold 100\n")]
            )
            .is_empty()
        );
    }
}
