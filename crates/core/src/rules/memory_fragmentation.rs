use super::{Context, Finding};
use crate::units::human_bytes;

crate::declare_rule! {
    /// The process holds much more memory than its data needs (fragmentation above 1.4).
    ///
    /// ## What it checks
    /// `mem_fragmentation_ratio` (RSS / used_memory) above 1.4 with more than 10 MB in
    /// `mem_fragmentation_bytes`, on an instance using at least 5 MB — the thresholds of
    /// Redis's own `MEMORY DOCTOR`. Where INFO has `allocator_frag_ratio` above 1.1, the
    /// allocator's fragmentation is the cause and active defragmentation can reclaim it.
    ///
    /// ## Why it matters
    /// The host pays for RSS, not for `used_memory`. A ratio of 1.5 on a 10 GB dataset
    /// means 5 GB of RAM holding nothing, and `maxmemory` does not count it: an instance
    /// well under its limit can still be killed by the host. It usually follows a large
    /// deletion or expiry wave, or many values changing size.
    ///
    /// ## Example
    /// ```text
    /// used_memory:4294967296
    /// mem_fragmentation_ratio:1.62
    /// mem_fragmentation_bytes:2662879232
    /// allocator_frag_ratio:1.55
    /// ```
    /// Fix: active defragmentation (Redis 4.0+), where the build has it, or a restart from a
    /// snapshot/failover to a replica in a quiet hour.
    ///
    /// Active defragmentation needs the jemalloc that Redis's source ships (it is patched to
    /// give defragmentation hints). Builds linked with the system jemalloc — Debian's and
    /// Ubuntu's `redis-server` packages, among them Debian's 7.0.15 — refuse it: `CONFIG SET
    /// activedefrag yes` answers an error and `activedefrag yes` in redis.conf stops the server
    /// at start (FATAL CONFIG FILE ERROR). INFO's `mem_allocator` reads `jemalloc-5.3.0` for both
    /// kinds, so INFO tells only part of it: an allocator other than jemalloc (`libc`) has no
    /// active defragmentation, and defragmentation that has run (`active_defrag_hits` above 0)
    /// proves it is there. Otherwise the fix offers `CONFIG SET activedefrag yes` to try, and
    /// the redis.conf line only as a comment to uncomment once the CONFIG SET was accepted.
    ///
    /// ## Sources
    /// - Redis source, `src/object.c`, `getMemoryDoctorReport()`: fragmentation > 1.4 and > 10 MB; allocator fragmentation > 1.1 and > 10 MB; "empty" below 5 MB.
    /// - redis.conf (7.0), `ACTIVE DEFRAGMENTATION`: `activedefrag`, `active-defrag-ignore-bytes 100mb`, `active-defrag-threshold-lower 10`.
    /// - Redis source, `src/zmalloc.h` (7.2.6): `HAVE_DEFRAG` only with `USE_JEMALLOC` and
    ///   `JEMALLOC_FRAG_HINT` (the bundled jemalloc); `src/config.c`, `isValidActiveDefrag()`:
    ///   the error without it (5.0.14: "active defrag can't be enabled without proper jemalloc
    ///   support").
    /// - Measured: Debian's redis-server 7.0.15 refuses `activedefrag yes` both ways; servers
    ///   built from the source tarballs accept it (crates/core/tests/fixes_proven.rs).
    pub(crate) static RULE = {
        id: MemoryFragmentation,
        category: Memory,
        severity: Warning,
        since: (2, 2, 0),
        check: check,
    }
}

const MB: u64 = 1024 * 1024;

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(ratio), Some(used)) = (
        cx.info_f64("mem_fragmentation_ratio"),
        cx.info_u64("used_memory"),
    ) else {
        return;
    };
    let rss = cx.info_u64("used_memory_rss");
    let frag_bytes = cx
        .info("mem_fragmentation_bytes")
        .and_then(crate::units::int::<i64>)
        .map(|b| b.max(0) as u64)
        .or_else(|| rss.map(|r| r.saturating_sub(used)));
    if used < 5 * MB || ratio <= 1.4 || frag_bytes.is_none_or(|b| b <= 10 * MB) {
        return;
    }
    let allocator = cx.info_f64("allocator_frag_ratio");
    let cause = match allocator {
        Some(a) if a > 1.1 => format!(
            " The allocator's own fragmentation is {a:.2}, so active defragmentation can give most of it back."
        ),
        Some(_) => " The allocator's fragmentation is low: the overhead is RSS the allocator has not returned (after a peak, or from Lua/modules), which a restart or `MEMORY PURGE` addresses better than defragmentation.".to_string(),
        None => String::new(),
    };
    let mut f = cx.finding(
        &RULE,
        format!("Memory fragmentation {ratio:.2}: {} held beyond the data", human_bytes(frag_bytes.unwrap_or(0))),
        format!(
            "The process uses {ratio:.2}× the memory its data needs ({} of data). maxmemory does not count the difference, the host does.{cause}",
            human_bytes(used)
        ),
    );
    f.evidence
        .extend(cx.info_evidence("mem_fragmentation_ratio"));
    f.evidence
        .extend(cx.info_evidence("mem_fragmentation_bytes"));
    f.evidence.extend(cx.info_evidence("allocator_frag_ratio"));
    if allocator.is_none_or(|a| a > 1.1) && cx.config.bool("activedefrag") != Some(true) {
        f.fix = Some(defrag_fix(cx));
    }
    out.push(f);
}

/// Can this server defragment actively? `Some(false)` when INFO shows an
/// allocator without it (or a version before 4.0), `Some(true)` when
/// defragmentation has run, `None` when only trying tells.
pub(crate) fn defrag_available(cx: &Context) -> Option<bool> {
    if cx.older_than(4, 0) {
        return Some(false);
    }
    if let Some(alloc) = cx.info("mem_allocator")
        && !alloc.starts_with("jemalloc")
    {
        return Some(false);
    }
    let ran = [
        "active_defrag_hits",
        "active_defrag_key_hits",
        "total_active_defrag_time",
    ]
    .iter()
    .any(|k| cx.info_u64(k).is_some_and(|n| n > 0))
        || cx.info_u64("active_defrag_running").is_some_and(|n| n > 0);
    ran.then_some(true)
}

/// The active-defragmentation fix, offered only in a form that cannot stop the server.
fn defrag_fix(cx: &Context) -> super::Fix {
    match defrag_available(cx) {
        Some(true) => cx.fix(&[("activedefrag", "yes")]),
        _ if cx.workload.managed.is_some() => cx.fix(&[("activedefrag", "yes")]),
        Some(false) => super::Fix {
            note: Some(format!(
                "This server cannot defragment actively ({}): restart it from a snapshot or fail over to a replica in a quiet hour to give the memory back.",
                cx.info("mem_allocator")
                    .map_or_else(|| "it needs Redis 4.0+".to_string(), |a| format!("mem_allocator is {a}; it needs Redis's bundled jemalloc"))
            )),
            ..super::Fix::default()
        },
        None => super::Fix {
            conf: vec!["# activedefrag yes   (uncomment only after CONFIG SET activedefrag yes was accepted)".to_string()],
            config_set: vec!["CONFIG SET activedefrag yes".to_string(), "CONFIG REWRITE".to_string()],
            note: Some("Active defragmentation needs the jemalloc shipped in Redis's source. Builds linked with the system jemalloc (Debian's and Ubuntu's redis-server packages) refuse it: CONFIG SET answers an error, and `activedefrag yes` in redis.conf stops the server at start (FATAL CONFIG FILE ERROR). Try the CONFIG SET: if it is accepted, CONFIG REWRITE keeps it; if not, a restart or a failover to a replica gives the memory back.".to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_with_allocator_fragmentation() {
        let info = "# Memory\nused_memory:4294967296\nmem_fragmentation_ratio:1.62\nmem_fragmentation_bytes:2662879232\nallocator_frag_ratio:1.55\n";
        let f = run(RuleId::MemoryFragmentation, &[("info", info)]);
        assert_eq!(f.len(), 1);
        // Whether this build can defragment is unknown: CONFIG SET to try, the
        // redis.conf line only as a comment (it would stop a Debian build from starting).
        let fix = f[0].fix.clone().unwrap_or_default();
        assert!(
            fix.conf.iter().all(|l| l.starts_with('#')),
            "{:?}",
            fix.conf
        );
        assert_eq!(fix.config_set[0], "CONFIG SET activedefrag yes");
        assert!(
            fix.note
                .unwrap_or_default()
                .contains("FATAL CONFIG FILE ERROR")
        );
        assert_eq!(f[0].evidence.len(), 3);
    }

    #[test]
    fn defrag_offered_by_what_info_shows() {
        let frag = "mem_fragmentation_ratio:1.62\nmem_fragmentation_bytes:2662879232\nallocator_frag_ratio:1.55\n";
        let ran = format!(
            "# Memory\nused_memory:4294967296\n{frag}mem_allocator:jemalloc-5.3.0\n# Stats\nactive_defrag_hits:10\n"
        );
        let f = run(RuleId::MemoryFragmentation, &[("info", &ran)]);
        let fix = f[0].fix.clone().unwrap_or_default();
        assert_eq!(fix.conf, ["activedefrag yes"]);
        let libc = format!("# Memory\nused_memory:4294967296\n{frag}mem_allocator:libc\n");
        let f = run(RuleId::MemoryFragmentation, &[("info", &libc)]);
        let fix = f[0].fix.clone().unwrap_or_default();
        assert!(fix.conf.is_empty() && fix.config_set.is_empty());
        assert!(fix.note.unwrap_or_default().contains("libc"));
    }

    #[test]
    fn no_defrag_fix_when_the_allocator_is_not_the_cause() {
        let info = "# Memory\nused_memory:4294967296\nmem_fragmentation_ratio:1.62\nmem_fragmentation_bytes:2662879232\nallocator_frag_ratio:1.02\n";
        let f = run(RuleId::MemoryFragmentation, &[("info", info)]);
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.is_none());
    }

    #[test]
    fn silent_on_small_or_healthy_instances() {
        // A fresh server: ratio 7.39 but under 5 MB of data.
        let empty = "# Memory\nused_memory:965824\nmem_fragmentation_ratio:7.39\nmem_fragmentation_bytes:5599368\n";
        assert!(run(RuleId::MemoryFragmentation, &[("info", empty)]).is_empty());
        let fine = "# Memory\nused_memory:4294967296\nmem_fragmentation_ratio:1.08\nmem_fragmentation_bytes:343597383\n";
        assert!(run(RuleId::MemoryFragmentation, &[("info", fine)]).is_empty());
    }
}
