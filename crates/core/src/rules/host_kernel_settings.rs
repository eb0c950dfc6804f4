use super::{Context, Evidence, Finding};

crate::declare_rule! {
    /// The host's kernel settings work against Redis: transparent huge pages, or overcommit not 1.
    ///
    /// ## What it checks
    /// What the user states about the host (INFO cannot show it): transparent huge pages set to
    /// `always` while `disable-thp` is `no`, and `vm.overcommit_memory` other than 1.
    ///
    /// ## Why it matters
    /// With THP `always`, a fork makes the kernel copy 2 MB pages instead of 4 KB ones on every
    /// write: latency spikes and much larger copy-on-write memory during saves. Redis 6.2+
    /// turns THP off for its own process (`disable-thp yes`, the default) unless told not to;
    /// older versions only warn at start-up, so there the fix is on the host
    /// (`echo never > /sys/kernel/mm/transparent_hugepage/enabled`). With
    /// `vm.overcommit_memory` 0, the kernel may refuse the fork for a save on a host that could
    /// serve it, and background saves fail. Redis logs a warning at start-up for both.
    ///
    /// ## Example
    /// ```text
    /// vm.overcommit_memory = 0   (stated)
    /// ```
    /// Fix: `sysctl vm.overcommit_memory=1`.
    ///
    /// ## Sources
    /// - Redis docs, "Redis administration": set `vm.overcommit_memory = 1`, disable transparent huge pages.
    /// - Redis source, `src/syscheck.c` (7.0): the start-up checks for overcommit and THP.
    /// - Redis source, `src/config.c`: `disable-thp` (default yes) exists in 6.2.16 and later,
    ///   not in 6.0.20.
    pub(crate) static RULE = {
        id: HostKernelSettings,
        category: Latency,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

/// What the server's log says about the host's kernel settings.
fn from_log(cx: &Context, out: &mut Vec<Finding>) {
    let lines = cx.logged(crate::parse::log::LogKind::Overcommit);
    if !lines.is_empty() {
        let mut f = cx.finding(&RULE, "The server warns that vm.overcommit_memory is 0", "Redis prints this at start when the kernel may refuse the fork that BGSAVE, an AOF rewrite or a full resync needs: under memory pressure the fork fails with \"Cannot allocate memory\", saves fail, and with stop-writes-on-bgsave-error writes stop with MISCONF.");
        f.evidence = lines;
        f.fix = Some(super::Fix {
            note: Some("On the host: sysctl -w vm.overcommit_memory=1, and persist it in /etc/sysctl.d/ (for a container, on the node that runs it)".to_string()),
            ..super::Fix::default()
        });
        out.push(f);
    }
    let lines = cx.logged(crate::parse::log::LogKind::TransparentHugePages);
    if !lines.is_empty() {
        let mut f = cx.finding(&RULE, "The server warns that transparent huge pages are enabled", "With THP, a fork copies 2 MB pages on every write: latency spikes and far more copy-on-write memory during saves.");
        f.evidence = lines;
        f.fix = Some(super::Fix {
            note: Some("On the host: echo never > /sys/kernel/mm/transparent_hugepage/enabled (and persist it), then restart Redis".to_string()),
            ..super::Fix::default()
        });
        out.push(f);
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    from_log(cx, out);
    let host = &cx.workload.host;
    if host.thp_always == Some(true) && cx.config.bool("disable-thp") != Some(true) {
        let host_fix = "echo never > /sys/kernel/mm/transparent_hugepage/enabled (and persist it, e.g. in the boot command line with transparent_hugepage=never)";
        let detail = if cx.older_than(6, 2) {
            format!(
                "Forks copy 2 MB pages on every write: latency spikes and much more copy-on-write memory during saves. This version has no disable-thp (6.2+): on the host, {host_fix}."
            )
        } else {
            format!(
                "Forks copy 2 MB pages on every write: latency spikes and much more copy-on-write memory during saves. Set disable-thp yes (Redis 6.2+, a restart on 7.0+) or, on the host, {host_fix}."
            )
        };
        let mut f = cx.finding(&RULE, "Transparent huge pages are on for Redis", detail);
        f.evidence.push(Evidence {
            source: "workload".to_string(),
            line: None,
            text: "transparent_hugepage/enabled = [always] (stated)".to_string(),
        });
        f.evidence.extend(cx.config_evidence("disable-thp"));
        f.fix = Some(if cx.older_than(6, 2) {
            super::Fix {
                note: Some(format!(
                    "This version has no disable-thp (it came in 6.2). On the host: {host_fix}."
                )),
                ..super::Fix::default()
            }
        } else {
            cx.fix(&[("disable-thp", "yes")])
        });
        out.push(f);
    }
    if let Some(v) = host.overcommit_memory.filter(|&v| v != 1) {
        let mut f = cx.finding(
            &RULE,
            format!("vm.overcommit_memory is {v}, not 1"),
            "The kernel may refuse the fork a BGSAVE or AOF rewrite needs, so background saves fail (and writes stop with MISCONF).",
        );
        f.evidence.push(Evidence {
            source: "workload".to_string(),
            line: None,
            text: format!("vm.overcommit_memory = {v} (stated)"),
        });
        f.fix = Some(super::Fix {
            note: Some(
                "On the host: sysctl -w vm.overcommit_memory=1, persisted in /etc/sysctl.d/."
                    .to_string(),
            ),
            ..super::Fix::default()
        });
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze::Options;
    use crate::rules::RuleId;
    use crate::rules::testing::run_options;
    use crate::workload::{HostFacts, Workload};

    #[test]
    fn reports_stated_host_problems() {
        let host = HostFacts {
            thp_always: Some(true),
            overcommit_memory: Some(0),
            ..HostFacts::default()
        };
        let options = Options {
            workload: Some(Workload {
                host,
                ..Workload::default()
            }),
            ..Options::default()
        };
        assert_eq!(
            run_options(
                RuleId::HostKernelSettings,
                &[("c", "disable-thp no\n")],
                &options
            )
            .len(),
            2
        );
        assert_eq!(
            run_options(
                RuleId::HostKernelSettings,
                &[("c", "disable-thp yes\n")],
                &options
            )
            .len(),
            1
        );
    }

    /// disable-thp exists from 6.2 (src/config.c of 6.2.16; not in 6.0.20).
    #[test]
    fn no_disable_thp_before_6_2() {
        let options = Options {
            workload: Some(Workload {
                host: HostFacts {
                    thp_always: Some(true),
                    ..HostFacts::default()
                },
                ..Workload::default()
            }),
            ..Options::default()
        };
        let v60 = "# Server\nredis_version:6.0.20\n";
        let f = run_options(
            RuleId::HostKernelSettings,
            &[("c", "port 6379\n"), ("i", v60)],
            &options,
        );
        let fix = f[0].fix.clone().unwrap_or_default();
        assert!(fix.conf.is_empty(), "{:?}", fix.conf);
        assert!(
            fix.note
                .unwrap_or_default()
                .contains("transparent_hugepage")
        );
    }
}
