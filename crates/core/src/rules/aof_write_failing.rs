use super::{Context, Finding, Fix};

crate::declare_rule! {
    /// Writing or rewriting the append-only file failed.
    ///
    /// ## What it checks
    /// `aof_last_write_status:err` or `aof_last_bgrewrite_status:err` in INFO, with
    /// AOF enabled.
    ///
    /// ## Why it matters
    /// When a write to the AOF fails Redis refuses writes (`MISCONF`-style errors) until
    /// it can write again; a failing rewrite lets the AOF grow without bound until the
    /// disk fills. Either way the durability the AOF was turned on for is not there.
    ///
    /// ## Example
    /// ```text
    /// aof_enabled:1
    /// aof_last_bgrewrite_status:err
    /// aof_last_write_status:ok
    /// ```
    /// Fix: read the Redis log (disk full, permissions, fork failure), fix the cause,
    /// then `BGREWRITEAOF` and check both statuses read `ok`.
    ///
    /// ## Sources
    /// - Redis docs, INFO: `aof_last_bgrewrite_status`, `aof_last_write_status`.
    /// - Redis docs, "Redis persistence": what happens if the AOF gets truncated or cannot be written.
    pub(crate) static RULE = {
        id: AofWriteFailing,
        category: Persistence,
        severity: Critical,
        since: (2, 6, 0),
        check: check,
    }
}

/// What the server's log says about the append-only file.
fn from_log(cx: &Context, out: &mut Vec<Finding>) {
    let lines = cx.logged(crate::parse::log::LogKind::AofTrouble);
    if !lines.is_empty() {
        let mut f = cx.finding(&RULE, "The AOF is not keeping up (the log says so)", "Redis logs this when writing or fsyncing the append-only file fails or stalls: with appendfsync everysec a disk that cannot keep up delays writes, and a failed write or rewrite stops the AOF from being kept.");
        f.evidence = lines;
        f.fix = Some(super::Fix {
            note: Some("Look at the disk: its latency, other processes writing to it, free space. A disk shared with a heavy writer, or a BGSAVE and AOF rewrite running at once, are the usual causes".to_string()),
            ..super::Fix::default()
        });
        out.push(f);
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    from_log(cx, out);
    if cx.info("aof_enabled") == Some("0") {
        return;
    }
    let write = cx.info("aof_last_write_status") == Some("err");
    let rewrite = cx.info("aof_last_bgrewrite_status") == Some("err");
    if !write && !rewrite {
        return;
    }
    let what = match (write, rewrite) {
        (true, true) => "Writing and rewriting the AOF both failed",
        (true, false) => "Writing the AOF failed",
        _ => "The last AOF rewrite failed",
    };
    let mut f = cx.finding(
        &RULE,
        what,
        "The append-only file is not being kept: writes may be refused, and a failing rewrite lets the file grow until the disk is full.",
    );
    f.evidence.extend(cx.info_evidence("aof_enabled"));
    if write {
        f.evidence.extend(cx.info_evidence("aof_last_write_status"));
    }
    if rewrite {
        f.evidence
            .extend(cx.info_evidence("aof_last_bgrewrite_status"));
    }
    f.fix = Some(Fix {
        note: Some("Read the Redis log for the cause (disk full, permissions, fork failure), fix it, then run BGREWRITEAOF and check that both statuses read ok.".to_string()),
        ..Fix::default()
    });
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_a_failed_rewrite() {
        let info = "# Persistence\naof_enabled:1\naof_last_bgrewrite_status:err\naof_last_write_status:ok\n";
        let f = run(RuleId::AofWriteFailing, &[("info", info)]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].title, "The last AOF rewrite failed");
        assert_eq!(f[0].evidence.len(), 2);
    }

    #[test]
    fn silent_when_ok_or_off() {
        assert!(
            run(
                RuleId::AofWriteFailing,
                &[(
                    "i",
                    "# Persistence\naof_enabled:1\naof_last_write_status:ok\n"
                )]
            )
            .is_empty()
        );
        assert!(
            run(
                RuleId::AofWriteFailing,
                &[(
                    "i",
                    "# Persistence\naof_enabled:0\naof_last_write_status:err\n"
                )]
            )
            .is_empty()
        );
    }
}
