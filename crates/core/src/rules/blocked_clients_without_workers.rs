use super::{Context, Finding};

crate::declare_rule! {
    /// Clients are blocked in a blocking command, and nothing says this instance serves job workers.
    ///
    /// ## What it checks
    /// INFO's `blocked_clients` above 0 while the workload has no job queue or streams (stated
    /// or inferred). With a queue it is normal: idle workers wait in `BRPOP`, `BZPOPMIN` or
    /// `XREADGROUP`, and this rule stays silent.
    ///
    /// ## Why it matters
    /// Outside a queue, blocked clients mean something waits on a key nobody writes: a stuck
    /// consumer, a lock waiter, a forgotten `BLPOP`. Each holds a connection. If this instance
    /// does serve workers, say so (`--workload`) and the advice elsewhere adapts.
    ///
    /// ## Example
    /// ```text
    /// blocked_clients:22
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, INFO: `blocked_clients` counts clients pending on a blocking call.
    /// - fanvue/redis-analyzer: reports blocked clients.
    pub(crate) static RULE = {
        id: BlockedClientsWithoutWorkers,
        category: Clients,
        severity: Info,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(blocked) = cx.info_u64("blocked_clients").filter(|&b| b > 0) else {
        return;
    };
    if cx.workload.queue().is_some() || cx.workload.has(crate::workload::Use::Streams) {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        format!("{blocked} clients are waiting in blocking commands"),
        "Normal for job workers; otherwise something waits on a key nobody writes. CLIENT LIST shows them (flags=b, cmd=...). If this instance serves workers, state the workload.",
    );
    f.evidence.extend(cx.info_evidence("blocked_clients"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::{QueueLibrary, Use, run, run_with};

    #[test]
    fn silent_for_workers() {
        let info = "# Clients\nblocked_clients:22\n";
        assert_eq!(
            run(RuleId::BlockedClientsWithoutWorkers, &[("i", info)]).len(),
            1
        );
        assert!(
            run_with(
                RuleId::BlockedClientsWithoutWorkers,
                &[("i", info)],
                &[Use::Queue {
                    library: QueueLibrary::Celery
                }]
            )
            .is_empty()
        );
    }
}
