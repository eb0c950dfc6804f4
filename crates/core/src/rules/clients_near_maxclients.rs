use super::{Context, Finding, Severity};

crate::declare_rule! {
    /// Connected clients are at 80% or more of `maxclients`, or connections have been refused.
    ///
    /// ## What it checks
    /// INFO's `connected_clients` against `maxclients` (80% warns, 95% is critical; INFO prints
    /// `maxclients` from 6.2, `src/server.c` of 6.2.16; before, it comes from `CONFIG GET` or a
    /// redis.conf), and
    /// `rejected_connections` above 0 (connections refused because `maxclients` was reached).
    ///
    /// ## Why it matters
    /// At `maxclients` Redis closes new connections with `ERR max number of clients reached`:
    /// new application instances, workers and deploys fail to connect. A growing count
    /// usually means a connection leak (a client per request instead of a pool) rather than
    /// real demand. `maxclients` also cannot exceed the process's file-descriptor limit minus
    /// 32, so raising it may need `ulimit -n` too.
    ///
    /// ## Example
    /// ```text
    /// connected_clients:9120
    /// maxclients:10000
    /// rejected_connections:57
    /// ```
    ///
    /// ## Sources
    /// - fanvue/redis-analyzer, `src/utils/thresholds.js`: clients above 80% of maxclients.
    /// - samber/awesome-prometheus-alerts, Redis rules: "Redis too many connections" (above 90%), "Redis rejected connections".
    /// - redis.conf (7.0), `CLIENTS`: `maxclients 10000` and the file-descriptor limit.
    pub(crate) static RULE = {
        id: ClientsNearMaxclients,
        category: Clients,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

/// What the server's log says about the client limit.
fn from_log(cx: &Context, out: &mut Vec<Finding>) {
    let lines = cx.logged(crate::parse::log::LogKind::MaxclientsReduced);
    if !lines.is_empty() {
        let mut f = cx.finding(&RULE, "maxclients is limited by the open-files limit (logged at start)", "Redis needs a file descriptor per client plus 32 for itself; when the process limit (ulimit -n) is lower, it lowers maxclients at start to fit, and clients beyond that get \"max number of clients reached\".");
        f.evidence = lines;
        f.fix = Some(super::Fix {
            note: Some("Raise the process's open-files limit (LimitNOFILE= in the systemd unit, ulimit -n, or the container's nofile ulimit) to maxclients + 32, then restart".to_string()),
            ..super::Fix::default()
        });
        out.push(f);
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    from_log(cx, out);
    let rejected = cx.info_u64("rejected_connections").unwrap_or(0);
    let (Some(clients), Some(max)) = (
        cx.info_u64("connected_clients"),
        cx.config
            .int("maxclients")
            .or_else(|| crate::units::int(cx.info("maxclients")?)),
    ) else {
        return;
    };
    let max = max.max(1) as u64;
    let ratio = clients as f64 / max as f64;
    if ratio < 0.8 && rejected == 0 {
        return;
    }
    let title = if rejected > 0 {
        format!("{rejected} connections refused: maxclients reached")
    } else {
        format!(
            "{clients} clients connected, {:.0}% of maxclients",
            ratio * 100.0
        )
    };
    let mut f = cx.finding(
        &RULE,
        title,
        format!(
            "{clients} of {max} allowed connections are in use. At the limit new connections fail with \"max number of clients reached\". Look for connection leaks (a connection per request instead of a pool) before raising maxclients."
        ),
    );
    if ratio >= 0.95 || rejected > 0 {
        f.severity = Severity::Critical;
    }
    f.evidence.extend(cx.info_evidence("connected_clients"));
    f.evidence.extend(cx.config_evidence("maxclients"));
    if rejected > 0 {
        f.evidence.extend(cx.info_evidence("rejected_connections"));
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::report::Severity;
    use crate::rules::testing::run;

    #[test]
    fn warns_at_eighty_percent_and_is_critical_on_rejections() {
        let f = run(
            RuleId::ClientsNearMaxclients,
            &[("i", "# Clients\nconnected_clients:8500\nmaxclients:10000\n")],
        );
        assert_eq!(f[0].severity, Severity::Warning);
        let f = run(
            RuleId::ClientsNearMaxclients,
            &[(
                "i",
                "# Clients\nconnected_clients:100\nmaxclients:10000\n# Stats\nrejected_connections:57\n",
            )],
        );
        assert_eq!(f[0].severity, Severity::Critical);
        assert!(run(RuleId::ClientsNearMaxclients, &[("i", "# Clients\nconnected_clients:100\nmaxclients:10000\n# Stats\nrejected_connections:0\n")]).is_empty());
    }
}
