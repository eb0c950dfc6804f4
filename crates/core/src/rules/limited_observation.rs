use super::{Context, Finding};
use crate::units::human_duration;

crate::declare_rule! {
    /// The instance is young or nearly empty, so counters and rates say little yet.
    ///
    /// ## What it checks
    /// INFO's `uptime_in_seconds` under 24 hours, or `used_memory` under 5 MB.
    ///
    /// ## Why it matters
    /// Every counter in INFO (evictions, rejected connections, hit rate, command statistics,
    /// the workload inferred from them) covers the time since start-up only. After a restart
    /// or on an empty test instance, a quiet day looks like a healthy one and the inferred
    /// workload may miss uses that have not happened yet. MySQLTuner and Redis's own
    /// `MEMORY DOCTOR` refuse to judge in the same situations. Review again after a day of
    /// production traffic, or state the workload.
    ///
    /// ## Example
    /// ```text
    /// uptime_in_seconds:3600
    /// ```
    ///
    /// ## Sources
    /// - major/MySQLTuner-perl: results are unreliable with under 24 hours of uptime.
    /// - Redis source, `src/object.c`: MEMORY DOCTOR reports nothing below 5 MB.
    pub(crate) static RULE = {
        id: LimitedObservation,
        category: Version,
        severity: Info,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let uptime = cx.info_u64("uptime_in_seconds");
    let used = cx.info_u64("used_memory");
    let young = uptime.is_some_and(|u| u < 86_400);
    let empty = used.is_some_and(|u| u < 5 << 20);
    if !young && !empty {
        return;
    }
    let why = match (young, empty) {
        (true, true) => format!(
            "up for {} and holding under 5 MB",
            human_duration(uptime.unwrap_or(0))
        ),
        (true, false) => format!("up for only {}", human_duration(uptime.unwrap_or(0))),
        _ => "holding under 5 MB".to_string(),
    };
    let mut f = cx.finding(
        &RULE,
        format!("Counters cover little: the server is {why}"),
        "Evictions, rejected connections, hit rate and the inferred workload only cover the time since start-up. Treat rate-based findings as provisional; state the workload and review again after a day of real traffic.",
    );
    f.evidence
        .extend(cx.info_evidence("uptime_in_seconds").filter(|_| young));
    f.evidence
        .extend(cx.info_evidence("used_memory").filter(|_| empty));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn says_when_counters_are_thin() {
        let f = run(
            RuleId::LimitedObservation,
            &[(
                "i",
                "# Server\nuptime_in_seconds:3600\n# Memory\nused_memory:1000000\n",
            )],
        );
        assert_eq!(
            f[0].title,
            "Counters cover little: the server is up for 1 h 0 min and holding under 5 MB"
        );
        assert!(
            run(
                RuleId::LimitedObservation,
                &[(
                    "i",
                    "# Server\nuptime_in_seconds:864000\n# Memory\nused_memory:100000000\n"
                )]
            )
            .is_empty()
        );
    }
}
