use super::{Context, Finding};

crate::declare_rule! {
    /// redis.conf uses old parameter names (`slaveof`, `*-ziplist-*`, `lua-time-limit`).
    ///
    /// ## What it checks
    /// Directives written under names that Redis keeps only as aliases: the `slave*` names
    /// renamed to `replica*` in 5.0, the `*-ziplist-*` encodings renamed to `*-listpack-*` in
    /// 7.0, and `lua-time-limit` renamed to `busy-reply-threshold` in 7.0.
    ///
    /// ## Why it matters
    /// They still work, but documentation, `CONFIG GET` output of newer versions and the rest
    /// of the team's tooling use the new names, so old ones make settings hard to find and
    /// compare, and an alias may be dropped in a future major version.
    ///
    /// ## Example
    /// ```text
    /// slaveof 10.0.0.1 6379
    /// hash-max-ziplist-entries 512
    /// ```
    ///
    /// ## Sources
    /// - Redis 5.0 release notes: `replicaof` and the `replica-*` names.
    /// - Redis 7.0 release notes and `src/config.c`: `*-listpack-*` names with `*-ziplist-*` aliases; `busy-reply-threshold` alias `lua-time-limit`.
    pub(crate) static RULE = {
        id: OldParameterNames,
        category: Version,
        severity: Info,
        since: (5, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.config.old_names.is_empty() {
        return;
    }
    let pairs: Vec<String> = cx
        .config
        .old_names
        .iter()
        .map(|(old, new, _)| format!("{old} → {new}"))
        .collect();
    let mut f = cx.finding(
        &RULE,
        format!("{} parameters use old names", pairs.len()),
        format!("Rename them to the current names: {}.", pairs.join(", ")),
    );
    for (_, _, origin) in &cx.config.old_names {
        if let crate::config::Origin::Conf { input, span } = origin {
            f.evidence.push(cx.quote_at(*input, *span));
        }
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn lists_old_names() {
        let f = run(
            RuleId::OldParameterNames,
            &[(
                "c",
                "slaveof 10.0.0.1 6379\nhash-max-ziplist-entries 512\nmaxmemory 1gb\n",
            )],
        );
        assert_eq!(
            f[0].detail,
            "Rename them to the current names: slaveof → replicaof, hash-max-ziplist-entries → hash-max-listpack-entries."
        );
        assert_eq!(f[0].evidence.len(), 2);
        assert!(run(RuleId::OldParameterNames, &[("c", "replicaof 10.0.0.1 6379\n")]).is_empty());
    }
}
