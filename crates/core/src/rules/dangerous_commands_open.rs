use super::{Context, Finding};

crate::declare_rule! {
    /// Every client may run FLUSHALL, CONFIG, KEYS and other dangerous commands.
    ///
    /// ## What it checks
    /// A redis.conf is present, it defines no ACL users (`user` lines) and no `aclfile`, and it
    /// neither renames nor disables `FLUSHALL`, `FLUSHDB`, `CONFIG` and `KEYS` with
    /// `rename-command`. Then the single default user can run everything.
    ///
    /// ## Why it matters
    /// One wrong script or one compromised client can wipe the data (`FLUSHALL`), rewrite the
    /// configuration (`CONFIG SET`), or stall the server (`KEYS *` on millions of keys). Since
    /// Redis 6.0, ACL users restrict this precisely: give applications a user with
    /// `+@all -@dangerous` (or narrower) and keep the default user for operators.
    /// `rename-command` still works but is deprecated in spirit: it hides commands from
    /// everyone, breaks tools, and is not replicated consistently. Redis 5.0 and older have no
    /// ACL: there `rename-command` (a redis.conf line, then a restart) is the only way, and the
    /// fix says so instead of offering `ACL SETUSER`.
    ///
    /// ## Example
    /// ```text
    /// # no user lines, no rename-command lines
    /// requirepass <shared-password>
    /// ```
    /// Fix: `user app on >app-password ~* +@all -@dangerous`.
    ///
    /// ## Sources
    /// - Redis docs, "ACL": command categories, `@dangerous`.
    /// - redis.conf (7.0), `SECURITY`: `rename-command` and its caveats.
    /// - Redis source: `src/acl.c` first appears in 6.0 (none in 5.0.14).
    pub(crate) static RULE = {
        id: DangerousCommandsOpen,
        category: Security,
        severity: Info,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    // Only a redis.conf shows users and renamed commands.
    let from_conf = cx
        .config
        .iter()
        .any(|s| matches!(s.origin, crate::config::Origin::Conf { .. }));
    if !from_conf
        || !cx.config.users.is_empty()
        || cx.config.raw("aclfile").is_some_and(|f| !f.is_empty())
    {
        return;
    }
    let open: Vec<&str> = ["flushall", "flushdb", "config", "keys"]
        .into_iter()
        .filter(|c| cx.config.renamed(c).is_none())
        .collect();
    if open.len() < 4 {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "Every client can run FLUSHALL, CONFIG and KEYS",
        "No ACL users restrict the default user. Give applications their own ACL user without @dangerous commands, so a bug or a leaked credential cannot wipe or reconfigure the server.",
    );
    if cx.older_than(6, 0) {
        f.detail = format!(
            "No command is renamed and Redis {} has no ACL (6.0+): any client can wipe or reconfigure the server. Rename or disable the dangerous commands in redis.conf, or upgrade for ACL users.",
            cx.version.map_or_else(String::new, |v| v.to_string())
        );
        f.fix = Some(super::Fix {
            conf: vec![
                "rename-command FLUSHALL \"\"".to_string(),
                "rename-command FLUSHDB \"\"".to_string(),
                "rename-command KEYS \"\"".to_string(),
                "rename-command CONFIG \"<long-random-name>\"".to_string(),
            ],
            config_set: Vec::new(),
            note: Some("rename-command is read only from redis.conf: restart to apply. Tools that need CONFIG must use the new name; replicas need the same renames.".to_string()),
        });
        out.push(f);
        return;
    }
    f.fix = Some(super::Fix {
        conf: vec!["user app on >long-random-password ~* +@all -@dangerous".to_string()],
        config_set: vec![
            "ACL SETUSER app on >long-random-password ~* +@all -@dangerous".to_string(),
            "CONFIG REWRITE".to_string(),
        ],
        note: Some(
            "Then point the applications at the `app` user (redis://app:password@host)."
                .to_string(),
        ),
    });
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_for_a_conf_without_acl() {
        assert_eq!(
            run(RuleId::DangerousCommandsOpen, &[("c", "requirepass abc\n")]).len(),
            1
        );
        assert!(
            run(
                RuleId::DangerousCommandsOpen,
                &[("c", "user app on >pw ~* +@all -@dangerous\n")]
            )
            .is_empty()
        );
        assert!(
            run(
                RuleId::DangerousCommandsOpen,
                &[("c", "rename-command FLUSHALL \"\"\n")]
            )
            .is_empty()
        );
        assert!(
            run(
                RuleId::DangerousCommandsOpen,
                &[("i", "# Server\nredis_version:7.0.15\n")]
            )
            .is_empty()
        );
    }
}
