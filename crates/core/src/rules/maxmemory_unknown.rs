use super::{Context, Finding};

crate::declare_rule! {
    /// The memory limit is not in the paste: whether Redis has one is unknown.
    ///
    /// ## What it checks
    /// The paste shows this server's memory (INFO's `used_memory`) or part of its
    /// configuration, but neither INFO's `maxmemory` field nor a `maxmemory` setting.
    /// INFO prints `maxmemory` only from Redis 3.2 on; a redis.conf or `CONFIG GET`
    /// excerpt may simply leave it out.
    ///
    /// ## Why it matters
    /// Everything about eviction, OOM errors and the headroom for a fork depends on
    /// the limit. An absent value is not `0`: saying "no limit" about an excerpt
    /// would be a guess. `CONFIG GET maxmemory` (or `INFO memory` on 3.2 and later)
    /// shows it.
    ///
    /// ## Example
    /// ```text
    /// # Memory
    /// used_memory:11400000000
    /// used_memory_human:10.62G
    /// ```
    /// Run `CONFIG GET maxmemory` and `CONFIG GET maxmemory-policy` and paste them too.
    ///
    /// ## Sources
    /// - Redis 3.2.0 `src/server.c` (`genRedisInfoString`): the Memory section gains `maxmemory`, `maxmemory_human` and `maxmemory_policy`; 3.0's does not print them.
    /// - redis.conf (7.0), `MEMORY MANAGEMENT`: `maxmemory` is 0 (no limit) unless set.
    pub(crate) static RULE = {
        id: MaxmemoryUnknown,
        category: Memory,
        severity: Info,
        since: (3, 2, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.config.get("maxmemory").is_some() || cx.info("maxmemory").is_some() {
        return;
    }
    // Only when the paste shows this server's memory or its settings.
    let memory = cx
        .info_evidence("used_memory_human")
        .or_else(|| cx.info_evidence("used_memory"));
    let settings = cx.config.get("maxmemory-policy").is_some() || cx.config.get("save").is_some();
    if memory.is_none() && !settings {
        return;
    }
    let old = cx.version.is_some_and(|v| !v.at_least(3, 2, 0));
    let mut f = cx.finding(
        &RULE,
        "The memory limit is not in the paste",
        format!(
            "Whether this server has a maxmemory limit is unknown, so nothing here says how close it is to evicting or refusing writes.{} `CONFIG GET maxmemory` and `CONFIG GET maxmemory-policy` show it.",
            if old { " INFO prints maxmemory only from Redis 3.2 on." } else { "" }
        ),
    );
    f.evidence.extend(memory);
    f.evidence.extend(cx.config_evidence("maxmemory-policy"));
    f.evidence
        .push(cx.missing("maxmemory", "CONFIG GET maxmemory"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_when_memory_is_shown_without_its_limit() {
        let f = run(
            RuleId::MaxmemoryUnknown,
            &[("info", "# Memory\nused_memory:100\n")],
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].evidence.iter().any(|e| e.source == "missing"));
        assert!(
            run(
                RuleId::MaxmemoryUnknown,
                &[("info", "# Memory\nused_memory:100\nmaxmemory:0\n")]
            )
            .is_empty()
        );
        // Nothing about this server: nothing to say.
        assert!(run(RuleId::MaxmemoryUnknown, &[("c", "port 6379\n")]).is_empty());
    }

    #[test]
    fn an_excerpt_is_not_a_limit_of_zero() {
        let conf = "maxmemory-policy allkeys-lru\n";
        assert_eq!(run(RuleId::MaxmemoryUnknown, &[("c", conf)]).len(), 1);
        assert!(run(RuleId::MaxmemoryUnset, &[("c", conf)]).is_empty());
    }
}
