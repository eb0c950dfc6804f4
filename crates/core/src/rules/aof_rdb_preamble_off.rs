use super::{Context, Finding};

crate::declare_rule! {
    /// AOF is on without the RDB preamble, so rewrites and restarts are slower than they need to be.
    ///
    /// ## What it checks
    /// `appendonly yes` with `aof-use-rdb-preamble no`.
    ///
    /// ## Why it matters
    /// With the preamble (the default since Redis 4.0), an AOF rewrite writes the dataset in
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
    /// - redis.conf (7.0), `APPEND ONLY MODE`: `aof-use-rdb-preamble yes` is the default.
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
        "Rewrites write every key as commands and restarts replay them all; the RDB preamble (the default since 4.0) makes both faster at no cost in durability.",
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
