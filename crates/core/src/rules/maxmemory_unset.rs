use super::{Context, Finding};
use crate::units::{conf_bytes, human_bytes};

crate::declare_rule! {
    /// No memory limit is set, so Redis grows until the operating system stops it.
    ///
    /// ## What it checks
    /// `maxmemory` is `0`, read from `CONFIG GET`, INFO (`maxmemory:0`, printed from 3.2) or a redis.conf
    /// (where `0` is also the default on 64-bit builds).
    ///
    /// ## Why it matters
    /// With no limit, the eviction policy never runs and `OOM command not allowed` never
    /// protects the host: Redis keeps allocating until the kernel's OOM killer ends the
    /// process (or a container runtime kills it at its memory limit), losing everything
    /// written since the last save. A limit turns that crash into a policy you chose:
    /// refused writes under `noeviction`, evictions under the others.
    ///
    /// ## Example
    /// ```text
    /// maxmemory:0
    /// maxmemory_policy:noeviction
    /// total_system_memory:8589934592
    /// ```
    /// Fix: `maxmemory 6gb` (75% of 8 GiB), leaving room for the fork made by
    /// BGSAVE/BGREWRITEAOF, client buffers and the OS.
    ///
    /// ## Sources
    /// - redis.conf (7.0), `MEMORY MANAGEMENT`: "maxmemory <bytes>"; 0 means no limit on 64-bit systems.
    /// - Redis docs, "Key eviction": the policy only applies once `maxmemory` is reached.
    /// - AWS ElastiCache docs, "Managing reserved memory": `reserved-memory-percent` defaults to 25%, leaving 75% for data.
    pub(crate) static RULE = {
        id: MaxmemoryUnset,
        category: Memory,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.config.bytes("maxmemory") != Some(0) {
        return;
    }
    let host = cx.info_u64("total_system_memory").filter(|&m| m > 0);
    let (value, sizing) = match host {
        Some(ram) => {
            let target = ram / 4 * 3 / (1024 * 1024) * (1024 * 1024);
            (
                conf_bytes(target),
                format!(
                    " INFO reports {} of host memory: 75% of it is {} (use the container's limit instead if Redis runs in one).",
                    human_bytes(ram),
                    human_bytes(target)
                ),
            )
        }
        None => (
            "<75% of the host or container memory, e.g. 3gb>".to_string(),
            String::new(),
        ),
    };
    let mut f = cx.finding(
        &RULE,
        "No memory limit: Redis grows until the kernel kills it",
        format!(
            "`maxmemory` is 0, so Redis never evicts or refuses writes: when memory runs out the OOM killer ends the process and writes since the last save are lost.{sizing}"
        ),
    );
    f.evidence.extend(cx.config_evidence("maxmemory"));
    f.evidence.extend(cx.info_evidence("total_system_memory"));
    f.fix = Some(cx.fix(&[("maxmemory", &value)]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_info_with_a_sized_fix() {
        let f = run(
            RuleId::MaxmemoryUnset,
            &[(
                "info",
                "# Memory\nmaxmemory:0\ntotal_system_memory:8589934592\n",
            )],
        );
        assert_eq!(f.len(), 1);
        let fix = f[0].fix.as_ref().map(|x| x.conf.clone());
        assert_eq!(fix, Some(vec!["maxmemory 6gb".to_string()]));
        assert_eq!(f[0].evidence[0].line, Some(2));
        assert_eq!(f[0].evidence[0].text, "maxmemory:0");
    }

    #[test]
    fn fires_on_a_conf_that_leaves_the_default() {
        assert!(run(RuleId::MaxmemoryUnset, &[("redis.conf", "appendonly yes\n")]).is_empty());
        let whole = crate::rules::testing::whole_conf("appendonly yes\n");
        let f = run(RuleId::MaxmemoryUnset, &[("redis.conf", &whole)]);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].evidence[0].text.contains("default"),
            "{:?}",
            f[0].evidence
        );
    }

    #[test]
    fn silent_when_set_or_unknown() {
        assert!(run(RuleId::MaxmemoryUnset, &[("redis.conf", "maxmemory 2gb\n")]).is_empty());
        assert!(
            run(
                RuleId::MaxmemoryUnset,
                &[("info", "# Memory\nused_memory:100\n")]
            )
            .is_empty()
        );
    }
}
