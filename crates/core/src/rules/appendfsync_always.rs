use super::{Context, Finding};

crate::declare_rule! {
    /// AOF is fsynced after every write (`appendfsync always`).
    ///
    /// ## What it checks
    /// `appendonly yes` together with `appendfsync always`.
    ///
    /// ## Why it matters
    /// Every write waits for the disk before Redis answers, so throughput falls to what
    /// the disk can fsync and every disk hiccup becomes a latency spike for all clients.
    /// `everysec` loses at most about one second of writes on a crash (two in the worst
    /// case of a slow fsync) and is what Redis, BullMQ's and Sidekiq's production guides use.
    /// Keep `always` only where losing one second of acknowledged writes is unacceptable
    /// and the disk was measured to take it.
    ///
    /// ## Example
    /// ```text
    /// appendonly yes
    /// appendfsync always
    /// ```
    /// Fix: `appendfsync everysec`.
    ///
    /// ## Sources
    /// - Redis docs, "Redis persistence", *How durable is the append only file?*: `always` is "very very slow, very safe"; `everysec` is the suggested default.
    /// - redis.conf (7.0), `APPEND ONLY MODE`: default `appendfsync everysec`.
    /// - Redis source, `src/latency.c` (LATENCY DOCTOR): advises against `appendfsync always` when fsync latency shows.
    pub(crate) static RULE = {
        id: AppendfsyncAlways,
        category: Persistence,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.config.bool("appendonly") != Some(true)
        || !cx
            .config
            .raw("appendfsync")
            .is_some_and(|v| v.eq_ignore_ascii_case("always"))
    {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "AOF fsync on every write (appendfsync always)",
        "Each write waits for an fsync before Redis replies: throughput is bounded by the disk and disk stalls become client latency. `everysec` bounds loss to about a second.",
    );
    f.evidence.extend(cx.config_evidence("appendfsync"));
    f.evidence.extend(cx.config_evidence("appendonly"));
    f.fix = Some(cx.fix(&[("appendfsync", "everysec")]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_only_with_aof_on() {
        assert_eq!(
            run(
                RuleId::AppendfsyncAlways,
                &[("c", "appendonly yes\nappendfsync always\n")]
            )
            .len(),
            1
        );
        assert!(
            run(
                RuleId::AppendfsyncAlways,
                &[("c", "appendonly no\nappendfsync always\n")]
            )
            .is_empty()
        );
        assert!(run(RuleId::AppendfsyncAlways, &[("c", "appendonly yes\n")]).is_empty());
    }

    #[test]
    fn fix_sets_everysec_at_run_time_too() {
        let f = run(
            RuleId::AppendfsyncAlways,
            &[("c", "appendonly yes\nappendfsync always\n")],
        );
        let fix = f[0].fix.clone().unwrap_or_default();
        assert_eq!(fix.conf, ["appendfsync everysec"]);
        assert_eq!(
            fix.config_set,
            ["CONFIG SET appendfsync everysec", "CONFIG REWRITE"]
        );
    }
}
