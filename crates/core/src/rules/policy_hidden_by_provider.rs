use super::{Context, Finding};

crate::declare_rule! {
    /// The managed service hides the eviction policy: INFO reports `maxmemory_policy` empty.
    ///
    /// ## What it checks
    /// INFO has a `maxmemory_policy` field with no value, as Redis Cloud (Redis Enterprise)
    /// reports it.
    ///
    /// ## Why it matters
    /// Nothing can check the policy from INFO: not this advisor, and not the libraries that
    /// read it at start-up — Sidekiq then warns "current policy: ''" even when the database is
    /// set to `noeviction`, and BullMQ cannot confirm it either. The setting lives in the
    /// provider's console; check it there, and for queues make sure it is `noeviction`.
    ///
    /// ## Example
    /// ```text
    /// maxmemory_policy:
    /// ```
    ///
    /// ## Sources
    /// - sidekiq/sidekiq issues #5086 and #5712: Redis Enterprise Cloud reports an empty policy.
    pub(crate) static RULE = {
        id: PolicyHiddenByProvider,
        category: Eviction,
        severity: Info,
        since: (3, 2, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.info("maxmemory_policy") != Some("") || cx.config.policy().is_some() {
        return;
    }
    let queue = if cx.workload.queue().is_some() {
        " For this instance's queues it must be noeviction."
    } else {
        ""
    };
    let mut f = cx.finding(
        &RULE,
        "The eviction policy is not visible in INFO",
        format!("The provider reports maxmemory_policy empty, so neither this review nor the client libraries can check it. Verify it in the provider's console.{queue}"),
    );
    f.evidence.extend(cx.info_evidence("maxmemory_policy"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_an_empty_policy() {
        assert_eq!(
            run(
                RuleId::PolicyHiddenByProvider,
                &[("i", "# Memory\nmaxmemory_policy:\n")]
            )
            .len(),
            1
        );
        assert!(
            run(
                RuleId::PolicyHiddenByProvider,
                &[("i", "# Memory\nmaxmemory_policy:noeviction\n")]
            )
            .is_empty()
        );
    }
}
