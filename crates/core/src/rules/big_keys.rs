use super::{Context, Finding};

crate::declare_rule! {
    /// A single key so large that reading, deleting or migrating it blocks the server.
    ///
    /// ## What it checks
    /// `redis-cli --bigkeys` / `--memkeys` output in the paste: a key with at least
    /// 100,000 elements, or at least 100 MB.
    ///
    /// ## Why it matters
    /// Redis runs commands one at a time. `DEL` of a collection frees every element
    /// before it returns (use `UNLINK`, Redis 4.0+, to free it in the background),
    /// `HGETALL`/`SMEMBERS`/`LRANGE 0 -1` of it return everything at once, and
    /// replication, migration and eviction of it move or free it whole: each is a
    /// pause for every other client. Such keys also tend to grow without bound.
    ///
    /// ## Example
    /// ```text
    /// Biggest   zset found 'app:media-import' has 16922051 members
    /// ```
    /// Split the key (by time or id range), trim it as it grows (`ZREMRANGEBYRANK`,
    /// `LTRIM`, `XTRIM`), read it with `SCAN`-family commands, delete it with `UNLINK`.
    ///
    /// ## Sources
    /// - Redis docs, `UNLINK` (4.0.0): reclaims memory in another thread; `DEL` of a large collection blocks.
    /// - Redis docs, "redis-cli", *Scanning for big keys*: `--bigkeys` and `--memkeys` report the biggest key of each type.
    pub(crate) static RULE = {
        id: BigKeys,
        category: Keyspace,
        severity: Warning,
        since: (2, 4, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let big = |count: u64, line: &str| {
        if line.contains("bytes") {
            count >= 100_000_000
        } else {
            count >= 100_000
        }
    };
    let mut evidence = Vec::new();
    for (input, e) in cx.log {
        if e.kind != crate::parse::log::LogKind::BigKey {
            continue;
        }
        let ev = cx.quote_at(*input, e.line);
        if e.count.is_some_and(|n| big(n, &ev.text)) && !evidence.contains(&ev) {
            evidence.push(ev);
        }
    }
    if evidence.is_empty() {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "Keys large enough to block the server",
        "Reading one of these whole, deleting it with DEL, or moving it (replication, migration, eviction) stops every other client while it runs. Split such keys, trim them as they grow, read them with SCAN-family commands and delete them with UNLINK (Redis 4.0+).",
    );
    f.evidence = evidence;
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_a_big_key_only() {
        let scan = "# Scanning the entire keyspace to find biggest keys\n\n[00.00%] Biggest list   found so far '\"mylist\"' with 100004 items\n";
        assert_eq!(run(RuleId::BigKeys, &[("c", scan)]).len(), 1);
        let small = "# Scanning the entire keyspace to find biggest keys\n\n[00.00%] Biggest list   found so far '\"mylist\"' with 12 items\n";
        assert!(run(RuleId::BigKeys, &[("c", small)]).is_empty());
    }
}
