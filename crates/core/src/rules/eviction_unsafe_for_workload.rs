use super::{Context, Finding, Severity};
use crate::config::Policy;
use crate::workload::{QueueLibrary, Use};

crate::declare_rule! {
    /// The eviction policy can delete keys this instance must keep: jobs, locks, streams or sessions.
    ///
    /// ## What it checks
    /// `maxmemory-policy` is anything but `noeviction` while the instance holds data that
    /// must not disappear: a job queue (stated, or inferred from INFO's command statistics),
    /// distributed locks, streams, primary data, or sessions whose loss is not acceptable.
    /// `allkeys-*` policies can evict any key. `volatile-*` policies evict keys with a TTL —
    /// and the libraries put TTLs on keys that matter: BullMQ's job locks (`lockDuration`,
    /// 30 s by default), Sidekiq's keys, and every lock.
    ///
    /// ## Why it matters
    /// Eviction is silent. An evicted job hash or wait-list entry is a job that never runs; an
    /// evicted lock lets a second worker take a job that is still running, so it runs twice.
    /// Under `noeviction` the same memory pressure gives `OOM command not allowed` errors
    /// instead: loud, retryable, and nothing is lost. For an instance that also holds a cache,
    /// give cache keys a TTL under `noeviction`, or better, move the cache to its own instance.
    ///
    /// ## Example
    /// ```text
    /// maxmemory_policy:allkeys-lru
    /// cmdstat_evalsha:calls=1200,...
    /// cmdstat_bzpopmin:calls=900,...
    /// cmdstat_xadd:calls=1200,...
    /// ```
    /// Fix: `maxmemory-policy noeviction`.
    ///
    /// ## Sources
    /// - BullMQ docs, "Going to production": set `maxmemory-policy` to `noeviction`; BullMQ warns at start-up otherwise (`src/classes/redis-connection.ts`).
    /// - BullMQ docs, worker options: `lockDuration` defaults to 30000 ms; the lock key carries that TTL.
    /// - Sidekiq wiki, "Using Redis" (memory): `noeviction` is required; sidekiq/sidekiq issue #5562: "Volatile only works for caches".
    /// - Redis docs, "Key eviction": what each policy may evict.
    pub(crate) static RULE = {
        id: EvictionUnsafeForWorkload,
        category: Eviction,
        severity: Critical,
        since: (2, 2, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(policy) = cx.config.policy() else {
        return;
    };
    if policy == Policy::Noeviction {
        return;
    }
    let keep = cx.workload.must_not_evict();
    let Some(&first) = keep.first() else { return };
    let what: Vec<String> = keep.iter().map(|u| u.describe()).collect();
    let why = if policy.is_allkeys() {
        format!(
            "`{}` may evict any key once maxmemory is reached.",
            policy.name()
        )
    } else {
        let ttl_keys = match cx.workload.queue() {
            Some(QueueLibrary::Bullmq) | Some(QueueLibrary::Bull) => {
                "BullMQ's job locks carry a TTL (lockDuration, 30 s by default): an evicted lock makes an active job look stalled, and it runs twice"
            }
            Some(QueueLibrary::Sidekiq) => {
                "Sidekiq's keys carry expiries, so volatile policies evict Sidekiq data"
            }
            _ if keep.contains(&Use::Locks) => {
                "every lock carries a TTL, so volatile policies evict locks first: two holders at once"
            }
            _ => {
                "queue and lock libraries put TTLs on keys that matter, so volatile policies can evict them"
            }
        };
        format!(
            "`{}` only evicts keys with a TTL, but {ttl_keys}.",
            policy.name()
        )
    };
    let mut f = cx.finding(
        &RULE,
        format!("Eviction policy {} can delete {}", policy.name(), what.join(" and ")),
        format!(
            "{}. {why} Eviction is silent: jobs vanish without an error. `noeviction` turns the same memory pressure into OOM errors that clients see and retry.",
            crate::units::capitalize(&cx.workload.basis(first))
        ),
    );
    // Sessions alone are a warning: losing one logs a user out, it loses no work.
    if keep.iter().all(|u| matches!(u, Use::Sessions { .. })) {
        f.severity = Severity::Warning;
    }
    f.evidence.extend(cx.config_evidence("maxmemory-policy"));
    for u in &keep {
        f.evidence.extend(cx.workload_evidence(*u));
    }
    let mut fix = cx.fix(&[("maxmemory-policy", "noeviction")]);
    let cache_note = if cx.workload.has_cache() {
        " This instance also holds a cache: give every cache key a TTL and alert on memory, or move the cache to its own instance with allkeys-lru."
    } else {
        ""
    };
    fix.note = Some(
        format!("{}{cache_note}", fix.note.take().unwrap_or_default())
            .trim()
            .to_string(),
    )
    .filter(|n| !n.is_empty());
    f.fix = Some(fix);
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::report::Severity;
    use crate::rules::testing::{QueueLibrary, Use, run, run_with};

    const BULLMQ: &str = "# Memory\nmaxmemory_policy:allkeys-lru\n# Commandstats\ncmdstat_evalsha:calls=300,usec=1\ncmdstat_bzpopmin:calls=300,usec=1\ncmdstat_xadd:calls=300,usec=1\n";

    #[test]
    fn fires_on_an_inferred_bullmq_queue_under_allkeys_lru() {
        let f = run(RuleId::EvictionUnsafeForWorkload, &[("info", BULLMQ)]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Critical);
        assert!(
            f[0].detail
                .starts_with("INFO suggests this instance holds BullMQ queues"),
            "{}",
            f[0].detail
        );
        // The policy line and the three command lines the inference read.
        assert_eq!(f[0].evidence.len(), 4);
    }

    #[test]
    fn volatile_is_not_safe_for_bullmq_and_says_why() {
        let conf = "maxmemory-policy volatile-lru\n";
        let f = run_with(
            RuleId::EvictionUnsafeForWorkload,
            &[("c", conf)],
            &[Use::Queue {
                library: QueueLibrary::Bullmq,
            }],
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].detail.contains("lockDuration"), "{}", f[0].detail);
        assert!(f[0].detail.starts_with("You said"), "{}", f[0].detail);
    }

    #[test]
    fn sessions_alone_are_a_warning() {
        let f = run_with(
            RuleId::EvictionUnsafeForWorkload,
            &[("c", "maxmemory-policy allkeys-lru\n")],
            &[Use::Sessions { loss_ok: false }],
        );
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn silent_under_noeviction_or_for_a_pure_cache() {
        let safe = BULLMQ.replace("allkeys-lru", "noeviction");
        assert!(run(RuleId::EvictionUnsafeForWorkload, &[("info", &safe)]).is_empty());
        let cache = run_with(
            RuleId::EvictionUnsafeForWorkload,
            &[("c", "maxmemory-policy allkeys-lru\n")],
            &[Use::Cache],
        );
        assert!(cache.is_empty());
        let ok_sessions = run_with(
            RuleId::EvictionUnsafeForWorkload,
            &[("c", "maxmemory-policy allkeys-lru\n")],
            &[Use::Sessions { loss_ok: true }],
        );
        assert!(ok_sessions.is_empty());
    }
}
