use super::{Context, Finding};

crate::declare_rule! {
    /// The slow log records nothing, or only commands slower than the latency monitor's threshold.
    ///
    /// ## What it checks
    /// `slowlog-log-slower-than` negative (disabled) or `slowlog-max-len 0`; or, with the latency
    /// monitor on, a slow-log threshold (µs) above the monitor's threshold (ms).
    ///
    /// ## Why it matters
    /// The slow log names the commands that took longest (`SLOWLOG GET`): the first place to
    /// look when clients time out. Disabled, it cannot help. `LATENCY DOCTOR` also points out a
    /// slow log threshold above the latency threshold, since slow commands would then show as
    /// latency events with no command to blame. The default, 10000 µs (10 ms) with 128
    /// entries, is a good start.
    ///
    /// ## Example
    /// ```text
    /// slowlog-log-slower-than -1
    /// ```
    ///
    /// ## Sources
    /// - redis.conf (7.0), `SLOW LOG`: `slowlog-log-slower-than 10000`, `slowlog-max-len 128`; a negative value disables it.
    /// - Redis source, `src/latency.c`: advice when the slow log is disabled or its threshold exceeds the latency threshold.
    pub(crate) static RULE = {
        id: SlowlogDisabled,
        category: Latency,
        severity: Info,
        since: (2, 2, 12),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(slower) = cx.config.int("slowlog-log-slower-than") else {
        return;
    };
    // Unknown length (an excerpt): only a negative threshold says it is off.
    let len = cx.config.int("slowlog-max-len").unwrap_or(-1);
    let latency_ms = cx.config.int("latency-monitor-threshold").unwrap_or(0);
    // Redis accepts any threshold up to LLONG_MAX ms: its µs saturate.
    let latency_us = latency_ms.saturating_mul(1000);
    let (title, detail) = if slower < 0 || len == 0 {
        (
            "The slow log is disabled".to_string(),
            "SLOWLOG GET cannot name the commands behind timeouts. The default (10000 µs, 128 entries) costs little.".to_string(),
        )
    } else if latency_ms > 0 && slower > latency_us {
        (
            format!("The slow log only records commands over {} ms, above the latency threshold ({latency_ms} ms)", slower / 1000),
            "Slow commands will show up as latency events with no command in the slow log to blame. Set slowlog-log-slower-than at or below the latency threshold.".to_string(),
        )
    } else {
        return;
    };
    let mut f = cx.finding(&RULE, title, detail);
    f.evidence
        .extend(cx.config_evidence("slowlog-log-slower-than"));
    f.evidence.extend(cx.config_evidence("slowlog-max-len"));
    let target = if latency_ms > 0 {
        latency_us.min(10_000)
    } else {
        10_000
    }
    .to_string();
    let mut settings = vec![("slowlog-log-slower-than", target.as_str())];
    if len == 0 {
        settings.push(("slowlog-max-len", "128"));
    }
    f.fix = Some(cx.fix(&settings));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_when_disabled_or_above_the_latency_threshold() {
        assert_eq!(
            run(RuleId::SlowlogDisabled, &[("c", "slowlog-log-slower-than -1\n")]).len(),
            1
        );
        assert_eq!(
            run(
                RuleId::SlowlogDisabled,
                &[(
                    "c",
                    "latency-monitor-threshold 5\nslowlog-log-slower-than 50000\n"
                )]
            )
            .len(),
            1
        );
        assert!(run(RuleId::SlowlogDisabled, &[("c", "port 6379\n")]).is_empty());
    }

    /// Found by the `analyze` fuzz target: a threshold near `i64::MAX` ms
    /// overflowed when turned into µs.
    #[test]
    fn a_latency_threshold_past_i64_in_microseconds_is_not_an_overflow() {
        let conf = "latency-monitor-threshold 777777777777777777\nslowlog-log-slower-than 10000\n";
        assert!(run(RuleId::SlowlogDisabled, &[("c", conf)]).is_empty());
        let conf = "latency-monitor-threshold 9223372036854775807\nslowlog-log-slower-than -1\n";
        let found = run(RuleId::SlowlogDisabled, &[("c", conf)]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.conf.clone()),
            Some(vec!["slowlog-log-slower-than 10000".to_string()])
        );
    }
}
