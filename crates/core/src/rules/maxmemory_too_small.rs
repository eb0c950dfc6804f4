use super::{Context, Finding};
use crate::units::human_bytes;

crate::declare_rule! {
    /// `maxmemory` is set below 1 MB — almost certainly a unit mistake.
    ///
    /// ## What it checks
    /// `maxmemory` above 0 and below 1 MB (1,048,576 bytes), the bound at which Redis itself
    /// warns at start-up.
    ///
    /// ## Why it matters
    /// An empty Redis already uses about 1 MB, so with such a limit every write fails with
    /// `OOM` (or every key is evicted) immediately. The usual cause is a missing unit:
    /// `maxmemory 512` is 512 bytes, not 512 MB. Units are `kb`, `mb`, `gb` (powers of 1024) or
    /// `k`, `m`, `g` (powers of 1000).
    ///
    /// ## Example
    /// ```text
    /// maxmemory 512
    /// ```
    /// Fix: `maxmemory 512mb`.
    ///
    /// ## Sources
    /// - Redis source, `src/server.c` (7.0): start-up warning "You specified a maxmemory value that is less than 1MB".
    /// - redis.conf (7.0): units `1k` = 1000 bytes, `1kb` = 1024 bytes.
    pub(crate) static RULE = {
        id: MaxmemoryTooSmall,
        category: Memory,
        severity: Critical,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(max) = cx
        .config
        .bytes("maxmemory")
        .filter(|&m| m > 0 && m < 1 << 20)
    else {
        return;
    };
    let mut f = cx.finding(
        &RULE,
        format!("maxmemory is only {}", human_bytes(max)),
        format!(
            "An empty Redis uses about 1 MB, so every write will fail or be evicted at once. Was a unit forgotten? `maxmemory {max}` means {max} bytes; `{max}mb` would be {}.",
            human_bytes(max.saturating_mul(1 << 20))
        ),
    );
    f.evidence.extend(cx.config_evidence("maxmemory"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_below_one_megabyte() {
        let f = run(RuleId::MaxmemoryTooSmall, &[("c", "maxmemory 512\n")]);
        assert_eq!(f[0].title, "maxmemory is only 512 B");
        assert!(run(RuleId::MaxmemoryTooSmall, &[("c", "maxmemory 512mb\n")]).is_empty());
        assert!(run(RuleId::MaxmemoryTooSmall, &[("c", "maxmemory 0\n")]).is_empty());
    }
}
