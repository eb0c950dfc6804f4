use super::{Context, Finding};
use crate::units::human_duration;

crate::declare_rule! {
    /// The last successful RDB save is more than 24 hours old while data has changed since.
    ///
    /// ## What it checks
    /// INFO's `rdb_last_save_time` against `server_time_usec` (Redis 6.2+: `src/server.c` of
    /// 6.2.16 prints it, 6.0.20's does not; older versions do not report the server's clock), with `rdb_changes_since_last_save` above 0 and
    /// snapshots configured (`save` not empty).
    ///
    /// ## Why it matters
    /// Snapshots are configured but none has succeeded for a day: either saves fail, or the
    /// schedule never triggers. A restart now loses a day of writes, and any backup that
    /// copies `dump.rdb` copies day-old data.
    ///
    /// ## Example
    /// ```text
    /// rdb_changes_since_last_save:1045521
    /// rdb_last_save_time:1763800000
    /// server_time_usec:1763990000000000
    /// ```
    ///
    /// ## Sources
    /// - samber/awesome-prometheus-alerts, Redis rules: "RedisMissingBackup" fires when the last save is older than 24 hours.
    /// - Redis docs, INFO: `rdb_last_save_time`, `rdb_changes_since_last_save`.
    pub(crate) static RULE = {
        id: StaleLastSave,
        category: Persistence,
        severity: Warning,
        since: (2, 6, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(last), Some(now_usec), Some(changes)) = (
        cx.info_u64("rdb_last_save_time"),
        cx.info_u64("server_time_usec"),
        cx.info_u64("rdb_changes_since_last_save"),
    ) else {
        return;
    };
    let now = now_usec / 1_000_000;
    if changes == 0 || now <= last || now - last <= 86_400 {
        return;
    }
    if cx.config.save_points().is_some_and(|s| s.is_empty()) {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        format!("No successful snapshot for {}", human_duration(now - last)),
        format!(
            "{changes} changes since the last successful save. A restart would lose them, and a backup of dump.rdb would be just as old. Check rdb_last_bgsave_status and the save schedule."
        ),
    );
    f.evidence.extend(cx.info_evidence("rdb_last_save_time"));
    f.evidence
        .extend(cx.info_evidence("rdb_changes_since_last_save"));
    f.evidence.extend(cx.config_evidence("save"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_after_a_day_with_changes() {
        let info = "# Server\nserver_time_usec:1763990000000000\n# Persistence\nrdb_changes_since_last_save:1045521\nrdb_last_save_time:1763800000\n";
        let f = run(RuleId::StaleLastSave, &[("i", info)]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].title, "No successful snapshot for 2 d 4 h");
    }

    #[test]
    fn silent_when_recent_unchanged_or_snapshots_off() {
        let recent = "# Server\nserver_time_usec:1763990000000000\n# Persistence\nrdb_changes_since_last_save:10\nrdb_last_save_time:1763980000\n";
        assert!(run(RuleId::StaleLastSave, &[("i", recent)]).is_empty());
        let old = "# Server\nserver_time_usec:1763990000000000\n# Persistence\nrdb_changes_since_last_save:10\nrdb_last_save_time:1763800000\n";
        assert!(run(RuleId::StaleLastSave, &[("i", old), ("c", "save \"\"\n")]).is_empty());
    }
}
