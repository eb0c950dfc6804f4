use super::{Context, Finding};

crate::declare_rule! {
    /// `tcp-backlog` is larger than the kernel's `net.core.somaxconn`, so the kernel silently caps it.
    ///
    /// ## What it checks
    /// `tcp-backlog` (511 by default) against the `somaxconn` the user states for the host (INFO
    /// cannot show it).
    ///
    /// ## Why it matters
    /// The listen backlog holds connections the kernel accepted before Redis picks them up. The
    /// kernel truncates it to `somaxconn` (128 on older kernels), so bursts of new connections
    /// — a deploy restarting every worker at once — get refused or delayed. Redis logs a warning
    /// at start-up for exactly this. Raise `somaxconn` (`sysctl net.core.somaxconn=1024`).
    ///
    /// ## Example
    /// ```text
    /// tcp-backlog 511
    /// net.core.somaxconn = 128   (stated)
    /// ```
    ///
    /// ## Sources
    /// - redis.conf (7.0), `NETWORK`: `tcp-backlog 511` and the note on `somaxconn`.
    /// - Redis source, `src/server.c`, `checkTcpBacklogSettings()`: the start-up warning.
    pub(crate) static RULE = {
        id: TcpBacklogAboveSomaxconn,
        category: Clients,
        severity: Warning,
        since: (2, 8, 5),
        check: check,
    }
}

/// What the server's log says about the listen backlog.
fn from_log(cx: &Context, out: &mut Vec<Finding>) {
    let lines = cx.logged(crate::parse::log::LogKind::Somaxconn);
    if !lines.is_empty() {
        let mut f = cx.finding(&RULE, "tcp-backlog is capped by the kernel's somaxconn (logged at start)", "Redis asked for a listen backlog larger than net.core.somaxconn, so the kernel truncates it: a burst of new connections can be refused or delayed.");
        f.evidence = lines;
        f.fix = Some(super::Fix {
            note: Some("On the host: sysctl -w net.core.somaxconn=<at least tcp-backlog, 511 by default> and persist it in /etc/sysctl.d/ (in Kubernetes, a pod sysctl)".to_string()),
            ..super::Fix::default()
        });
        out.push(f);
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    from_log(cx, out);
    let (Some(backlog), Some(somaxconn)) =
        (cx.config.int("tcp-backlog"), cx.workload.host.somaxconn)
    else {
        return;
    };
    if backlog <= i64::from(somaxconn) {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        format!("tcp-backlog {backlog} is capped to somaxconn {somaxconn}"),
        "The kernel truncates the listen backlog to net.core.somaxconn, so a burst of new connections can be refused. Raise somaxconn to at least tcp-backlog.",
    );
    f.evidence.extend(cx.config_evidence("tcp-backlog"));
    f.evidence.push(super::Evidence {
        source: "workload".to_string(),
        line: None,
        text: format!("net.core.somaxconn = {somaxconn} (stated)"),
    });
    f.fix = Some(super::Fix {
        note: Some(format!(
            "On the host: sysctl -w net.core.somaxconn={backlog} (and persist it in /etc/sysctl.d/)"
        )),
        ..super::Fix::default()
    });
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::analyze::Options;
    use crate::rules::testing::run_options;
    use crate::workload::{HostFacts, Workload};

    #[test]
    fn fires_with_a_stated_low_somaxconn() {
        let options = Options {
            workload: Some(Workload {
                host: HostFacts {
                    somaxconn: Some(128),
                    ..HostFacts::default()
                },
                ..Workload::default()
            }),
            ..Options::default()
        };
        assert_eq!(
            run_options(
                RuleId::TcpBacklogAboveSomaxconn,
                &[("c", "tcp-backlog 511\n")],
                &options
            )
            .len(),
            1
        );
        assert!(
            run_options(
                RuleId::TcpBacklogAboveSomaxconn,
                &[("c", "tcp-backlog 100\n")],
                &options
            )
            .is_empty()
        );
    }
}
