use super::{Context, Finding, Severity};
use crate::config::Policy;

crate::declare_rule! {
    /// Redis has refused writes with `OOM command not allowed when used memory > 'maxmemory'`.
    ///
    /// ## What it checks
    /// INFO's Errorstats section (Redis 6.2+) counts `OOM` errors (`errorstat_OOM:count=N`).
    ///
    /// ## Why it matters
    /// Clients got errors instead of writes: producers could not enqueue, workers could not
    /// move jobs. Under `noeviction` that is the intended, safe failure — but the fix is more
    /// memory or less data, **not** an evicting policy. Advice such as "fix OOM command not
    /// allowed by switching to allkeys-lru" is dangerous on an instance holding queues: it
    /// replaces visible, retryable errors with silently deleted jobs. Free memory instead:
    /// remove finished jobs (BullMQ `removeOnComplete`/`removeOnFail`), move the cache out,
    /// or raise `maxmemory` if the host has room.
    ///
    /// ## Example
    /// ```text
    /// errorstat_OOM:count=1999
    /// maxmemory_policy:noeviction
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, INFO: the Errorstats section (added in 6.2) counts error replies by prefix.
    /// - Redis docs, "Key eviction": `noeviction` returns errors when the memory limit is reached and the client runs commands that add memory.
    /// - BullMQ docs, "Going to production" (auto-removal of jobs; `noeviction`).
    pub(crate) static RULE = {
        id: OomRejectedWrites,
        category: Memory,
        severity: Warning,
        since: (2, 2, 0),
        check: check,
    }
}

/// What the server's log says about refused writes.
fn from_log(cx: &Context, out: &mut Vec<Finding>) {
    let lines = cx.logged(crate::parse::log::LogKind::OomRejected);
    if !lines.is_empty() {
        let mut f = cx.finding(&RULE, "Writes refused: OOM command not allowed (in the pasted output)", "Redis answers writes with OOM when used memory is at maxmemory and the policy cannot (noeviction) or could not free enough. The clients see errors: jobs or data were not written.");
        f.evidence = lines;
        f.fix = Some(super::Fix {
            note: Some("Check INFO memory (used_memory, maxmemory, maxmemory_policy). If the instance holds queues or data that must be kept, do not switch to an evicting policy: free memory (remove finished jobs, move caches out) or raise maxmemory if the host has room".to_string()),
            ..super::Fix::default()
        });
        out.push(f);
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    from_log(cx, out);
    let Some(info) = cx.info else { return };
    let Some((_, count, span)) = info
        .errorstats()
        .into_iter()
        .find(|(name, _, _)| name == "OOM")
    else {
        return;
    };
    if count == 0 {
        return;
    }
    let keep = cx.workload.must_not_evict();
    let advice = if keep.is_empty() {
        "Add memory, reduce the data, or — if every key here is a disposable cache entry — let Redis evict with allkeys-lru.".to_string()
    } else {
        let what: Vec<String> = keep.iter().map(|u| u.describe()).collect();
        format!(
            "This instance holds {}: do not \"fix\" this with an evicting policy, which would delete them silently. Free memory instead (remove finished jobs, move any cache out) or raise maxmemory if the host has room.",
            what.join(" and ")
        )
    };
    let mut f = cx.finding(
        &RULE,
        format!("{count} writes refused: OOM command not allowed"),
        format!("Redis has answered {count} commands with an OOM error since start-up because memory was at maxmemory. {advice}"),
    );
    if !keep.is_empty() && cx.config.policy() == Some(Policy::Noeviction) {
        // Jobs were refused, not lost: serious, and the fix must not make it worse.
        f.severity = Severity::Critical;
    }
    f.evidence.push(cx.info_span_evidence(span));
    f.evidence.extend(cx.info_evidence("used_memory"));
    f.evidence.extend(cx.config_evidence("maxmemory"));
    f.evidence.extend(cx.config_evidence("maxmemory-policy"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::report::Severity;
    use crate::rules::testing::{QueueLibrary, Use, run, run_with};

    const INFO: &str = "# Memory\nused_memory:4200000\nmaxmemory:4194304\nmaxmemory_policy:noeviction\n# Errorstats\nerrorstat_OOM:count=1999\n";

    #[test]
    fn warns_and_never_suggests_eviction_for_a_queue() {
        let f = run_with(
            RuleId::OomRejectedWrites,
            &[("i", INFO)],
            &[Use::Queue {
                library: QueueLibrary::Bullmq,
            }],
        );
        assert_eq!(f[0].severity, Severity::Critical);
        assert!(
            f[0].detail
                .contains("do not \"fix\" this with an evicting policy"),
            "{}",
            f[0].detail
        );
        assert!(f[0].fix.is_none());
    }

    #[test]
    fn a_cache_may_evict() {
        let f = run_with(RuleId::OomRejectedWrites, &[("i", INFO)], &[Use::Cache]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].detail.contains("allkeys-lru"));
    }

    #[test]
    fn silent_without_oom_errors() {
        assert!(
            run(
                RuleId::OomRejectedWrites,
                &[("i", "# Errorstats\nerrorstat_ERR:count=3\n")]
            )
            .is_empty()
        );
    }
}
