use super::{Context, Finding};

crate::declare_rule! {
    /// Clients run `KEYS`, which blocks Redis while it walks every key.
    ///
    /// ## What it checks
    /// INFO's command statistics show `cmdstat_keys` with calls.
    ///
    /// ## Why it matters
    /// `KEYS pattern` scans the whole keyspace in one go; Redis serves nothing else meanwhile.
    /// On millions of keys that is a stall of hundreds of milliseconds or more for every client,
    /// and queue workers miss their lock renewals. `SCAN` with `MATCH` returns the same keys in
    /// small steps. The average time per call shows how long each stall was.
    ///
    /// ## Example
    /// ```text
    /// cmdstat_keys:calls=1440,usec=172800000,usec_per_call=120000.00
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, command `KEYS`: "consider KEYS as a command that should only be used in production environments with extreme care"; use `SCAN`.
    pub(crate) static RULE = {
        id: KeysCommandUsed,
        category: Latency,
        severity: Warning,
        since: (2, 6, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(info) = cx.info else { return };
    let Some(stat) = info.cmdstat("keys").filter(|s| s.calls > 0) else {
        return;
    };
    let per_call = stat
        .usec
        .map(|u| {
            format!(
                ", {:.1} ms each on average",
                u as f64 / stat.calls as f64 / 1000.0
            )
        })
        .unwrap_or_default();
    let mut f = cx.finding(
        &RULE,
        format!("KEYS was called {} times{per_call}", stat.calls),
        "KEYS blocks the server while it walks every key. Use SCAN with MATCH and COUNT; find the caller with CLIENT LIST or MONITOR (briefly).",
    );
    f.evidence.push(cx.info_span_evidence(stat.line));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_keys_calls() {
        let f = run(
            RuleId::KeysCommandUsed,
            &[(
                "i",
                "# Commandstats\ncmdstat_keys:calls=1440,usec=172800000,usec_per_call=120000.00\n",
            )],
        );
        assert_eq!(
            f[0].title,
            "KEYS was called 1440 times, 120.0 ms each on average"
        );
        assert!(
            run(
                RuleId::KeysCommandUsed,
                &[("i", "# Commandstats\ncmdstat_get:calls=1,usec=1\n")]
            )
            .is_empty()
        );
    }
}
