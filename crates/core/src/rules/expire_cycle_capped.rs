use super::{Context, Finding};

crate::declare_rule! {
    /// The active expire cycle keeps hitting its time limit: expired keys pile up in memory.
    ///
    /// ## What it checks
    /// INFO's `expired_time_cap_reached_count` (Redis 4.0.9+, `src/server.c`) above 0, with `expired_stale_perc`
    /// when present.
    ///
    /// ## Why it matters
    /// Redis removes expired keys lazily (on access) and in a background cycle that runs `hz`
    /// times a second with a CPU budget. When the cycle stops at its time limit, keys that
    /// have expired stay in memory until found: memory stays higher than the live data, and
    /// under a memory limit they can even push out live keys.
    ///
    /// Raising `hz` does not help: each run's time limit is the budget divided by `hz`, so the
    /// cycle's share of CPU stays at 25%. `active-expire-effort` (Redis 6.0+, 1 to 10, default
    /// 1) raises the budget itself: 25% + 2% per step above 1, up to 43% at 10, and makes each
    /// run sample more keys. Redis 5.0 has no such setting: there, fewer keys with short TTLs
    /// or an upgrade are the options.
    ///
    /// ## Example
    /// ```text
    /// expired_time_cap_reached_count:812
    /// expired_stale_perc:23.40
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, INFO: `expired_time_cap_reached_count`, `expired_stale_perc`.
    /// - Redis source, `src/expire.c`, `activeExpireCycle()`: 5.0.14 `timelimit =
    ///   1000000*ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC/server.hz/100` (25%); 6.2.16
    ///   `config_cycle_slow_time_perc = ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC + 2*effort` with
    ///   `effort = active_expire_effort-1`.
    /// - Redis source, `src/config.c`: `active-expire-effort` (1 to 10, default 1) from 6.0.20.
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
    let effort = cx.config.int("active-expire-effort");
    let advice = if cx.older_than(6, 0) {
        " This version cannot give the cycle more CPU (active-expire-effort is 6.0+; raising hz does not change the cycle's share): fewer keys with short TTLs, or an upgrade."
    } else {
        " Raise active-expire-effort (e.g. 4; 1 to 10): it gives the cycle more CPU. Raising hz does not: each run's time limit shrinks as hz grows."
    };
    let mut f = cx.finding(
        &RULE,
        format!("The expire cycle ran out of time {capped} times"),
        format!("Expired keys are not reclaimed as fast as they expire, so they keep using memory.{stale}{advice}"),
    );
    f.evidence
        .extend(cx.info_evidence("expired_time_cap_reached_count"));
    f.evidence.extend(cx.info_evidence("expired_stale_perc"));
    f.evidence
        .extend(cx.config_evidence("active-expire-effort"));
    if !cx.older_than(6, 0) && effort.is_none_or(|e| e < 4) {
        f.fix = Some(cx.fix(&[("active-expire-effort", "4")]));
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

    /// hz does not raise the cycle's CPU share (src/expire.c); active-expire-effort
    /// does, from 6.0. 5.0 has no knob: no fix is offered there.
    #[test]
    fn the_fix_is_effort_and_only_where_it_exists() {
        let capped = "expired_time_cap_reached_count:812\n";
        let f = run(
            RuleId::ExpireCycleCapped,
            &[(
                "i",
                &format!("# Server\nredis_version:7.0.15\n# Stats\n{capped}"),
            )],
        );
        let fix = f[0].fix.clone().unwrap_or_default();
        assert_eq!(fix.conf, ["active-expire-effort 4"]);
        assert!(!f[0].detail.contains("Raise hz"));
        let f = run(
            RuleId::ExpireCycleCapped,
            &[(
                "i",
                &format!("# Server\nredis_version:5.0.14\n# Stats\n{capped}"),
            )],
        );
        assert!(f[0].fix.is_none());
        assert!(f[0].detail.contains("6.0+"), "{}", f[0].detail);
    }
}
