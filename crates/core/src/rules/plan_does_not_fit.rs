use super::{Context, Finding, Severity};
use crate::units::{conf_bytes, human_bytes};

crate::declare_rule! {
    /// The workload described in the workload file does not fit the configured memory.
    ///
    /// ## What it checks
    /// When a workload file is given with the review (`redis-advisor check --plan FILE`), its
    /// estimate (see the estimator's measured accuracy) against `maxmemory` and against the
    /// host's memory (INFO's `total_system_memory`, or the file's `memory`). The high end of
    /// the estimate above `maxmemory` is a warning; the memory the host needs (with fork and
    /// fragmentation headroom) above what the host has is critical.
    ///
    /// ## Why it matters
    /// A workload that outgrows `maxmemory` starts failing writes (`noeviction`) or evicting
    /// keys; one that outgrows the host is killed. Sizing from the estimate before the traffic
    /// arrives is cheaper than finding out at peak.
    ///
    /// ## Example
    /// ```text
    /// maxmemory 256mb
    /// (workload file: 1000 jobs/min of 2 KB, completed jobs kept forever)
    /// ```
    ///
    /// ## Sources
    /// - Redis Advisor's estimator, calibrated against Redis 7.0.15 (docs/estimator-accuracy.md).
    /// - Redis docs, "Key eviction": what happens at `maxmemory`.
    pub(crate) static RULE = {
        id: PlanDoesNotFit,
        category: Memory,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(e) = cx.estimate else { return };
    let host = cx
        .info_u64("total_system_memory")
        .filter(|&h| h > 0)
        .or(e.available);
    if let Some(host) = host.filter(|&h| h < e.host_memory) {
        let mut f = cx.finding(
            &RULE,
            format!("The workload needs a {} host; this one has {}", human_bytes(e.host_memory), human_bytes(host)),
            format!(
                "The estimate is {} of data (up to {}); with room for forks, fragmentation and the OS the host needs {}. Move to a larger host, or reduce what is kept (retention of finished jobs, cache size).",
                human_bytes(e.used_memory),
                human_bytes(e.used_memory_high),
                human_bytes(e.host_memory)
            ),
        );
        f.severity = Severity::Critical;
        f.evidence.extend(cx.info_evidence("total_system_memory"));
        out.push(f);
    }
    if let Some(max) = cx
        .config
        .bytes("maxmemory")
        .filter(|&m| m > 0 && m < e.used_memory_high)
    {
        let mut f = cx.finding(
            &RULE,
            format!("The workload needs up to {} but maxmemory is {}", human_bytes(e.used_memory_high), human_bytes(max)),
            format!("The estimate of the workload file is {} (up to {}): at the limit writes fail or keys are evicted.", human_bytes(e.used_memory), human_bytes(e.used_memory_high)),
        );
        f.evidence.extend(cx.config_evidence("maxmemory"));
        let wanted = e.maxmemory.div_ceil(1 << 20) << 20;
        f.fix = Some(cx.fix(&[("maxmemory", &conf_bytes(wanted))]));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::analyze::{Input, Options, analyze_with};
    use crate::plan::Plan;

    fn run(conf: &str, info: &str) -> Vec<crate::report::Finding> {
        let plan = Plan::from_json(
            r#"{"components": [{"kind": "cache", "count": 1000000, "value": {"type": "string", "size": 1000}}]}"#,
        )
        .unwrap_or_default();
        let inputs = [Input::new("c", conf), Input::new("i", info)];
        analyze_with(
            &inputs,
            &Options {
                plan: Some(plan),
                ..Options::default()
            },
        )
        .findings
        .into_iter()
        .filter(|f| f.id == RuleId::PlanDoesNotFit)
        .collect()
    }

    #[test]
    fn too_small_maxmemory_and_host() {
        let f = run(
            "maxmemory 256mb\n",
            "# Memory\ntotal_system_memory:1073741824\n",
        );
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].severity, crate::report::Severity::Critical);
        assert!(
            run(
                "maxmemory 4gb\n",
                "# Memory\ntotal_system_memory:17179869184\n"
            )
            .is_empty()
        );
    }
}
