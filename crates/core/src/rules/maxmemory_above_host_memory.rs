use super::{Context, Finding, Severity};
use crate::units::{conf_bytes, human_bytes};

crate::declare_rule! {
    /// `maxmemory` leaves no headroom below the host's memory.
    ///
    /// ## What it checks
    /// `maxmemory` against INFO's `total_system_memory` (Redis 3.2+): above 90% warns,
    /// at or above 100% is critical because the limit can never protect the host.
    ///
    /// ## Why it matters
    /// Redis needs memory outside `maxmemory`: a BGSAVE or AOF rewrite forks, and every page
    /// written during the save is copied (up to the whole dataset on a write-heavy instance);
    /// fragmentation adds RSS that `maxmemory` does not count; the OS needs its share. A limit
    /// at the host's size means the kernel's OOM killer, not the eviction policy, decides what
    /// happens when memory runs out. In a container the real limit is the container's, which
    /// INFO does not show — it is usually smaller than `total_system_memory`.
    ///
    /// ## Example
    /// ```text
    /// maxmemory:16106127360
    /// total_system_memory:17179869184
    /// ```
    /// 15 GiB of 16 GiB: lower `maxmemory` to about 12gb.
    ///
    /// ## Sources
    /// - Redis docs, "Redis administration": a background save can need up to twice the memory of the dataset (copy-on-write).
    /// - AWS ElastiCache docs, "Managing reserved memory": 25% reserved by default for the same overheads.
    pub(crate) static RULE = {
        id: MaxmemoryAboveHostMemory,
        category: Memory,
        severity: Warning,
        since: (3, 2, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(max), Some(host)) = (
        cx.config.bytes("maxmemory"),
        cx.info_u64("total_system_memory"),
    ) else {
        return;
    };
    if max == 0 || host == 0 || (max as f64) <= host as f64 * 0.9 {
        return;
    }
    let target = host / 4 * 3 / (1024 * 1024) * (1024 * 1024);
    let mut f = cx.finding(
        &RULE,
        format!("maxmemory is {:.0}% of the host's memory", max as f64 / host as f64 * 100.0),
        format!(
            "maxmemory {} on a host with {}: forks for BGSAVE/BGREWRITEAOF, fragmentation and the OS need memory outside the limit, so the OOM killer would act before the eviction policy does. About 75% ({}) leaves that room; in a container, size it from the container's limit.",
            human_bytes(max),
            human_bytes(host),
            human_bytes(target)
        ),
    );
    if max >= host {
        f.severity = Severity::Critical;
    }
    f.evidence.extend(cx.config_evidence("maxmemory"));
    f.evidence.extend(cx.info_evidence("total_system_memory"));
    f.fix = Some(cx.fix(&[("maxmemory", &conf_bytes(target))]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::report::Severity;
    use crate::rules::testing::run;

    #[test]
    fn warns_above_ninety_percent_and_is_critical_above_the_host() {
        let f = run(
            RuleId::MaxmemoryAboveHostMemory,
            &[(
                "i",
                "# Memory\nmaxmemory:16106127360\ntotal_system_memory:17179869184\n",
            )],
        );
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(
            f[0].fix.as_ref().map(|x| x.conf.clone()),
            Some(vec!["maxmemory 12gb".to_string()])
        );
        let f = run(
            RuleId::MaxmemoryAboveHostMemory,
            &[(
                "i",
                "# Memory\nmaxmemory:34359738368\ntotal_system_memory:17179869184\n",
            )],
        );
        assert_eq!(f[0].severity, Severity::Critical);
    }

    #[test]
    fn silent_with_headroom_or_no_limit() {
        assert!(
            run(
                RuleId::MaxmemoryAboveHostMemory,
                &[(
                    "i",
                    "# Memory\nmaxmemory:12884901888\ntotal_system_memory:17179869184\n"
                )]
            )
            .is_empty()
        );
        assert!(
            run(
                RuleId::MaxmemoryAboveHostMemory,
                &[(
                    "i",
                    "# Memory\nmaxmemory:0\ntotal_system_memory:17179869184\n"
                )]
            )
            .is_empty()
        );
    }
}
