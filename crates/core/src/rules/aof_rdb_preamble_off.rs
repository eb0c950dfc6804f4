use super::{Context, Finding};

crate::declare_rule! {
    /// AOF is on without the RDB preamble, so rewrites and restarts are slower than they need to be.
    ///
    /// ## What it checks
    /// `appendonly yes` with `aof-use-rdb-preamble no`.
    ///
    /// ## Why it matters
    /// With the preamble (added in Redis 4.0, where it is off by default; on by default since
    /// 5.0), an AOF rewrite writes the dataset in
    /// compact RDB form followed by the commands since; without it, the whole dataset is written
    /// as commands. Files are larger, rewrites take longer, and a restart replays every command
    /// instead of loading a snapshot. There is no durability gain.
    ///
    /// ## Example
    /// ```text
    /// appendonly yes
    /// aof-use-rdb-preamble no
    /// ```
    ///
    /// ## Sources
    /// - Redis source, `src/server.h` (5.0.14): `CONFIG_DEFAULT_AOF_USE_RDB_PREAMBLE 1`; 4.0's
    ///   has it at 0. `src/config.c` (6.0.20 to 8.0): `aof-use-rdb-preamble` defaults to yes.
    /// - Redis docs, "Redis persistence": the RDB preamble in AOF rewrites.
    pub(crate) static RULE = {
        id: AofRdbPreambleOff,
        category: Persistence,
        severity: Info,
        since: (4, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.config.bool("appendonly") != Some(true)
        || cx.config.bool("aof-use-rdb-preamble") != Some(false)
    {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "AOF rewrites without the RDB preamble",
        "Rewrites write every key as commands and restarts replay them all; the RDB preamble (the default since 5.0) makes both faster at no cost in durability.",
    );
    f.evidence
        .extend(cx.config_evidence("aof-use-rdb-preamble"));
    f.fix = Some(cx.fix(&[("aof-use-rdb-preamble", "yes")]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_only_with_aof() {
        assert_eq!(
            run(
                RuleId::AofRdbPreambleOff,
                &[("c", "appendonly yes\naof-use-rdb-preamble no\n")]
            )
            .len(),
            1
        );
        assert!(
            run(
                RuleId::AofRdbPreambleOff,
                &[("c", "appendonly no\naof-use-rdb-preamble no\n")]
            )
            .is_empty()
        );
    }
}
