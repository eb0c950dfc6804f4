use super::{Context, Finding, Fix, Severity};
use crate::units::human_duration;

crate::declare_rule! {
    /// The last background save (BGSAVE) failed.
    ///
    /// ## What it checks
    /// `rdb_last_bgsave_status:err` in INFO's Persistence section.
    ///
    /// ## Why it matters
    /// No snapshot is being written, so a restart loses everything since the last
    /// successful one. With `stop-writes-on-bgsave-error yes` (the default) Redis also
    /// refuses every write with `MISCONF` until a save succeeds: queues stop accepting
    /// jobs. Common causes are a full or read-only disk, wrong permissions on `dir`, and
    /// a failing `fork()` (set `vm.overcommit_memory = 1`).
    ///
    /// ## Example
    /// ```text
    /// rdb_last_bgsave_status:err
    /// rdb_last_save_time:1700000000
    /// ```
    /// Fix: read the Redis log for the cause, fix it, then run `BGSAVE` and check
    /// `rdb_last_bgsave_status:ok`.
    ///
    /// ## Sources
    /// - Redis docs, INFO: `rdb_last_bgsave_status` is the status of the last RDB save operation.
    /// - redis.conf (7.0), `SNAPSHOTTING`: `stop-writes-on-bgsave-error yes` blocks writes after a failed save.
    /// - Redis docs, "Redis administration": set `vm.overcommit_memory = 1` so background saves can fork.
    pub(crate) static RULE = {
        id: BgsaveFailing,
        category: Persistence,
        severity: Critical,
        since: (2, 6, 0),
        check: check,
    }
}

/// What the server's log says about failing saves.
fn from_log(cx: &Context, out: &mut Vec<Finding>) {
    let lines = cx.logged(crate::parse::log::LogKind::SaveFailed);
    if !lines.is_empty() {
        let mut f = cx.finding(&RULE, "Background saves are failing (the log says so)", "Snapshots are not being written: a restart loses everything since the last good one, and with stop-writes-on-bgsave-error yes Redis refuses writes with MISCONF until a save succeeds.");
        f.severity = crate::report::Severity::Critical;
        f.evidence = lines;
        f.fix = Some(super::Fix {
            note: Some("The log line names the cause: a fork refused (\"Cannot allocate memory\": set vm.overcommit_memory=1 and leave memory for copy-on-write), a full disk or a directory Redis cannot write (check `dir` and free space). Then run BGSAVE and check rdb_last_bgsave_status:ok".to_string()),
            ..super::Fix::default()
        });
        out.push(f);
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    from_log(cx, out);
    if cx.info("rdb_last_bgsave_status") != Some("err") {
        return;
    }
    let stops_writes = cx.config.bool("stop-writes-on-bgsave-error");
    let since = match (
        cx.info_u64("rdb_last_save_time"),
        cx.info_u64("server_time_usec"),
    ) {
        // server_time_usec is 6.2+: without it the age is not known.
        (Some(last), Some(now)) if now / 1_000_000 > last => {
            format!(
                " The last successful save was {} ago.",
                human_duration(now / 1_000_000 - last)
            )
        }
        _ => String::new(),
    };
    let writes = match stops_writes {
        Some(true) => {
            " Because stop-writes-on-bgsave-error is on, Redis refuses writes with MISCONF until a save succeeds."
        }
        Some(false) => {
            " stop-writes-on-bgsave-error is off, so writes go on without being persisted."
        }
        None => "",
    };
    let mut f = cx.finding(
        &RULE,
        "The last background save failed",
        format!("Snapshots are not being written: a restart now loses the data since the last good one.{since}{writes}"),
    );
    if stops_writes == Some(false) {
        f.severity = Severity::Critical;
    }
    f.evidence
        .extend(cx.info_evidence("rdb_last_bgsave_status"));
    f.evidence.extend(cx.info_evidence("rdb_last_save_time"));
    f.evidence
        .extend(cx.config_evidence("stop-writes-on-bgsave-error"));
    f.fix = Some(Fix {
        note: Some(
            "No setting fixes this: read the Redis log for the cause (disk full, permissions on `dir`, fork failure: vm.overcommit_memory=1), fix it, run BGSAVE and check rdb_last_bgsave_status:ok.".to_string(),
        ),
        ..Fix::default()
    });
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_err_and_says_how_long() {
        let info = "# Server\nserver_time_usec:1700086400000000\n# Persistence\nrdb_last_save_time:1700000000\nrdb_last_bgsave_status:err\n";
        let f = run(RuleId::BgsaveFailing, &[("info", info)]);
        assert_eq!(f.len(), 1);
        assert!(f[0].detail.contains("1 d 0 h ago"), "{}", f[0].detail);
    }

    #[test]
    fn silent_when_ok() {
        assert!(
            run(
                RuleId::BgsaveFailing,
                &[("info", "# Persistence\nrdb_last_bgsave_status:ok\n")]
            )
            .is_empty()
        );
    }
}
