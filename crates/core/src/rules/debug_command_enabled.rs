use super::{Context, Finding};

crate::declare_rule! {
    /// `DEBUG` or `MODULE` commands are enabled for every client.
    ///
    /// ## What it checks
    /// `enable-debug-command yes` or `enable-module-command yes` (Redis 7.0+; the default is
    /// `no`, and `local` allows them from loopback only).
    ///
    /// ## Why it matters
    /// `DEBUG` can crash the server, block it (`DEBUG SLEEP`) or corrupt its state; `MODULE
    /// LOAD` runs arbitrary native code inside Redis. Redis 7.0 disabled both by default for
    /// that reason. Use `local` if operators need them from the host itself.
    ///
    /// ## Example
    /// ```text
    /// enable-debug-command yes
    /// ```
    ///
    /// ## Sources
    /// - redis.conf (7.0), `SECURITY`: `enable-protected-configs`, `enable-debug-command`, `enable-module-command` default to `no`.
    pub(crate) static RULE = {
        id: DebugCommandEnabled,
        category: Security,
        severity: Warning,
        since: (7, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (name, what) in [
        ("enable-debug-command", "DEBUG"),
        ("enable-module-command", "MODULE"),
    ] {
        if !cx
            .config
            .raw(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("yes"))
        {
            continue;
        }
        let mut f = cx.finding(
            &RULE,
            format!("{what} is allowed for every client"),
            format!("`{name} yes` lets any connected client use {what}: it can stop or crash the server (DEBUG) or load native code into it (MODULE LOAD). Use `local` or `no`."),
        );
        f.evidence.extend(cx.config_evidence(name));
        f.fix = Some(cx.fix(&[(name, "local")]));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_for_yes_not_local() {
        let f = run(
            RuleId::DebugCommandEnabled,
            &[(
                "c",
                "enable-debug-command yes\nenable-module-command local\n",
            )],
        );
        assert_eq!(f.len(), 1);
        assert!(
            f[0].fix
                .as_ref()
                .is_some_and(|x| x.config_set.is_empty() && x.note.is_some()),
            "immutable: redis.conf only"
        );
    }
}
