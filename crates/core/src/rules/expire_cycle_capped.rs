use super::{Context, Finding};

crate::declare_rule! {
    /// The active expire cycle keeps hitting its time limit: expired keys pile up in memory.
    ///
    /// ## What it checks
    /// INFO's `expired_time_cap_reached_count` (Redis 5.0+) above 0, with `expired_stale_perc`
    /// when present.
    ///
    /// ## Why it matters
    /// Redis removes expired keys lazily (on access) and in a background cycle that runs `hz`
    /// times a second with a CPU budget. When the cycle stops at its time limit, keys that
    /// have expired stay in memory until found: memory stays higher than the live data, and
    /// under a memory limit they can even push out live keys. Raising `hz` (e.g. 50; at most
    /// 100 is advised) or `active-expire-effort` (1–10) gives the cycle more room.
    ///
    /// ## Example
    /// ```text
    /// expired_time_cap_reached_count:812
    /// expired_stale_perc:23.40
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, INFO: `expired_time_cap_reached_count`, `expired_stale_perc`.
    /// - redis.conf (7.0): `hz` (default 10, values above 100 not advised) and `active-expire-effort`.
    pub(crate) static RULE = {
        id: ExpireCycleCapped,
        category: Latency,
        severity: Info,
        since: (4, 0, 9),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(capped) = cx
        .info_u64("expired_time_cap_reached_count")
        .filter(|&n| n > 0)
    else {
        return;
    };
    let stale = cx
        .info_f64("expired_stale_perc")
        .map(|p| format!(" About {p:.0}% of keys with a TTL may already be expired."))
        .unwrap_or_default();
    let mut f = cx.finding(
        &RULE,
        format!("The expire cycle ran out of time {capped} times"),
        format!("Expired keys are not reclaimed as fast as they expire, so they keep using memory.{stale} Raise hz (e.g. 50) or active-expire-effort."),
    );
    f.evidence
        .extend(cx.info_evidence("expired_time_cap_reached_count"));
    f.evidence.extend(cx.info_evidence("expired_stale_perc"));
    f.evidence.extend(cx.config_evidence("hz"));
    let hz = cx.config.int("hz").unwrap_or(10);
    if hz < 50 {
        f.fix = Some(cx.fix(&[("hz", "50")]));
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_when_capped() {
        let f = run(
            RuleId::ExpireCycleCapped,
            &[(
                "i",
                "# Stats\nexpired_time_cap_reached_count:812\nexpired_stale_perc:23.40\n",
            )],
        );
        assert_eq!(f.len(), 1);
        assert!(
            run(
                RuleId::ExpireCycleCapped,
                &[("i", "# Stats\nexpired_time_cap_reached_count:0\n")]
            )
            .is_empty()
        );
    }
}
