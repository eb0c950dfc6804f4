use super::{Context, Finding};

crate::declare_rule! {
    /// Redis listens on every interface and nothing asks clients for a password.
    ///
    /// ## What it checks
    /// `bind` covers every interface (`*`, `0.0.0.0`, `::`, or no `bind` at all), the default
    /// user has no password (`requirepass` empty and no `user default ... >password` line),
    /// and protected mode does not step in. What protected mode covers depends on the version:
    /// - Redis 7.0 and later: with `protected-mode yes` it refuses every non-loopback client
    ///   while the default user has no password, whatever `bind` says.
    /// - Redis 6.2 and older: it acts only while no `bind` is configured at all. An explicit
    ///   `bind 0.0.0.0` (or `*`) switches it off even with `protected-mode yes`.
    ///
    /// When no INFO tells the version, an explicit every-interface `bind` with `protected-mode
    /// yes` is reported as a warning that holds for 6.2 and older.
    ///
    /// ## Why it matters
    /// Anyone who can reach the port can read, change and delete every key. On Redis 6.2 and
    /// older they can also use `CONFIG SET dir` and `dbfilename` to write files anywhere the
    /// Redis user may (an SSH key, a cron file) — the classic way exposed Redis servers are
    /// taken over. From 7.0 `dir` and `dbfilename` are protected configs that `CONFIG SET`
    /// refuses unless `enable-protected-configs` allows it, but everything else, including
    /// `REPLICAOF` to a server the attacker runs, stays open. The official Docker image starts
    /// like this when no config file is given (it builds Redis with protected mode off and
    /// binds every interface), so `docker run -p 6379:6379 redis` publishes an open server.
    ///
    /// ## Example
    /// ```text
    /// bind * -::*
    /// protected-mode no
    /// requirepass ""
    /// ```
    /// Fix: a password (ACL users from 6.0), a bind address that is not public, and protected
    /// mode back on. `bind 127.0.0.1 -::1` on 6.2+ (the `-` prefix, "skip if the address is
    /// not available", is 6.2's); `bind 127.0.0.1` before.
    ///
    /// ## Sources
    /// - Redis source, `src/networking.c`, `clientAcceptHandler()`: 6.2.16 tests
    ///   `server.protected_mode && server.bindaddr_count == 0` and no password; 7.2.6 tests only
    ///   `server.protected_mode` and a default user without password (7.0's change).
    /// - Redis source, `src/config.c` (7.2.6): `dir` and `dbfilename` are `PROTECTED_CONFIG`;
    ///   6.2.16 has no protected configs. `src/server.c` (6.2.16): the optional `-` bind prefix.
    /// - Redis docs, "Redis security": protected mode, `bind`, AUTH and ACL.
    /// - docker-library/redis, Dockerfile: patches the build so protected mode is off by default in the image.
    pub(crate) static RULE = {
        id: UnauthenticatedExposed,
        category: Security,
        severity: Critical,
        since: (2, 0, 0),
        check: check,
    }
}

/// Does this bind list accept connections on every interface?
pub(crate) fn binds_everywhere(bind: &[String]) -> bool {
    bind.is_empty()
        || bind
            .iter()
            .any(|a| matches!(a.trim_start_matches('-'), "*" | "0.0.0.0" | "::" | "::*"))
}

/// Does protected mode refuse non-loopback clients here, given a default user
/// without a password? `None` when it depends on a version nobody told.
pub(crate) fn protected_mode_applies(
    cx: &Context,
    protected: bool,
    bind: &[String],
) -> Option<bool> {
    if !protected {
        return Some(false);
    }
    // 6.2 and older: only while no bind is configured (server.bindaddr_count == 0).
    let bind_configured = !bind.is_empty()
        && !cx
            .config
            .get("bind")
            .is_some_and(crate::config::Setting::is_default);
    if !bind_configured {
        return Some(true);
    }
    cx.at_least(7, 0)
}

/// Does the default user need a password?
pub(crate) fn default_user_has_password(cx: &Context) -> bool {
    cx.config.raw("requirepass").is_some_and(|p| !p.is_empty())
        || cx.config.users.iter().any(|u| {
            u.name == "default"
                && u.rules
                    .iter()
                    .any(|r| r.starts_with('>') || r.starts_with('#'))
        })
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(bind), Some(protected)) = (cx.config.bind(), cx.config.bool("protected-mode")) else {
        return;
    };
    // An excerpt that sets bind and protected-mode but shows no requirepass: the
    // password is unknown, and the finding says how to see it.
    let pass_unknown = cx.config.raw("requirepass").is_none() && cx.config.users.is_empty();
    if !binds_everywhere(&bind) || default_user_has_password(cx) {
        return;
    }
    let applies = protected_mode_applies(cx, protected, &bind);
    if applies == Some(true) {
        return;
    }
    let files = match cx.at_least(7, 0) {
        Some(true) => {
            "CONFIG SET dir/dbfilename is refused (protected configs, 7.0+), but REPLICAOF, CONFIG SET of the rest and every key are open."
        }
        Some(false) => "With CONFIG SET dir and dbfilename it can also write files on the host.",
        None => {
            "On Redis 6.2 and older it can also write files on the host with CONFIG SET dir and dbfilename (7.0+ refuses those)."
        }
    };
    let (title, detail) = match (applies, protected) {
        (None, _) => (
            "Open on Redis 6.2 and older: an explicit bind to every interface switches protected mode off".to_string(),
            format!("No password, and `bind` lists every interface. Redis 7.0+ still refuses remote clients here (protected mode), but on 6.2 and older protected mode only acts when no bind is configured: any client that reaches the port can read, change and delete all data. {files} Tell the version (paste INFO) to settle it."),
        ),
        (_, true) => (
            "Open to anyone who can reach the port: an explicit bind to every interface switches protected mode off on this version".to_string(),
            format!("No password, and on Redis 6.2 and older protected mode only acts when no bind is configured, so `bind` to every interface disables it: any client that reaches the port can read, change and delete all data. {files}"),
        ),
        _ => (
            "Open to anyone who can reach the port: no password, every interface, protected mode off".to_string(),
            format!("Any client that reaches this port can read, change and delete all data. {files} This is the official Docker image's default when no config file is given."),
        ),
    };
    let mut f = cx.finding(&RULE, title, detail);
    if applies.is_none() {
        f.severity = super::Severity::Warning;
    }
    f.evidence.extend(cx.config_evidence("bind"));
    f.evidence.extend(cx.config_evidence("protected-mode"));
    if pass_unknown {
        f.detail.push_str(" The paste does not show requirepass: `CONFIG GET requirepass` (or `ACL LIST` from 6.0) shows whether a password is set.");
        f.evidence
            .push(cx.missing("requirepass", "CONFIG GET requirepass"));
    } else {
        f.evidence.extend(cx.config_evidence("requirepass"));
    }
    // The optional `-` bind prefix is 6.2's; older versions fail to start on it.
    let bind_to = if cx.at_least(6, 2) == Some(true) {
        "127.0.0.1 -::1"
    } else {
        "127.0.0.1"
    };
    let mut fix = cx.fix(&[
        ("requirepass", "<long-random-password>"),
        ("protected-mode", "yes"),
        ("bind", bind_to),
    ]);
    let acl = if cx.older_than(6, 0) {
        ""
    } else {
        "; prefer ACL users (`ACL SETUSER`, Redis 6.0+) to a shared password"
    };
    fix.note = Some(
        [fix.note.take(), Some(format!("Bind the private interface the clients use instead of 127.0.0.1 if they are on other hosts{acl}"))]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(". "),
    );
    f.fix = Some(fix);
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    const OPEN: &str = "bind 0.0.0.0\nprotected-mode no\n";

    #[test]
    fn fires_on_the_docker_default() {
        let f = run(RuleId::UnauthenticatedExposed, &[("redis.conf", OPEN)]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence.len(), 3);
        let raw = "bind\n* -::*\nprotected-mode\nno\nrequirepass\n\nmaxmemory\n0\n";
        assert_eq!(run(RuleId::UnauthenticatedExposed, &[("config", raw)]).len(), 1);
    }

    const INFO_62: &str = "# Server\nredis_version:6.2.16\n";
    const INFO_70: &str = "# Server\nredis_version:7.0.15\n";

    /// Protected mode before 7.0 acts only while no bind is configured
    /// (src/networking.c of 6.2.16); from 7.0 whatever bind says.
    #[test]
    fn protected_mode_depends_on_the_version() {
        let conf = "bind 0.0.0.0\nprotected-mode yes\n";
        let f = run(RuleId::UnauthenticatedExposed, &[("c", conf), ("i", INFO_62)]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, crate::report::Severity::Critical);
        assert!(f[0].detail.contains("write files"), "{}", f[0].detail);
        let fix = f[0].fix.clone().unwrap_or_default();
        assert!(fix.conf.contains(&"bind 127.0.0.1 -::1".to_string()));
        assert!(run(RuleId::UnauthenticatedExposed, &[("c", conf), ("i", INFO_70)]).is_empty());
        // No version: a warning that holds for 6.2 and older.
        let f = run(RuleId::UnauthenticatedExposed, &[("c", conf)]);
        assert_eq!(f[0].severity, crate::report::Severity::Warning);
        // No bind at all: protected mode acts on every version.
        assert!(
            run(
                RuleId::UnauthenticatedExposed,
                &[("c", "protected-mode yes\n"), ("i", INFO_62)]
            )
            .is_empty()
        );
    }

    #[test]
    fn no_acl_and_no_optional_bind_before_6() {
        let info = "# Server\nredis_version:5.0.14\n";
        let f = run(RuleId::UnauthenticatedExposed, &[("c", OPEN), ("i", info)]);
        let fix = f[0].fix.clone().unwrap_or_default();
        assert!(
            fix.conf.contains(&"bind 127.0.0.1".to_string()),
            "{:?}",
            fix.conf
        );
        assert!(!fix.note.unwrap_or_default().contains("ACL"));
        let f = run(RuleId::UnauthenticatedExposed, &[("c", OPEN), ("i", INFO_70)]);
        assert!(f[0].detail.contains("refused"), "{}", f[0].detail);
    }

    #[test]
    fn silent_with_any_protection() {
        assert!(
            run(
                RuleId::UnauthenticatedExposed,
                &[("c", "bind 10.0.0.5\nprotected-mode no\n")]
            )
            .is_empty()
        );
        assert!(
            run(
                RuleId::UnauthenticatedExposed,
                &[("c", "bind 0.0.0.0\nprotected-mode no\nrequirepass x\n")]
            )
            .is_empty()
        );
        let acl = "bind 0.0.0.0\nprotected-mode no\nuser default on >pw ~* +@all\n";
        assert!(run(RuleId::UnauthenticatedExposed, &[("c", acl)]).is_empty());
    }

    #[test]
    fn never_prints_the_password() {
        let f = run(RuleId::UnauthenticatedExposed, &[("c", OPEN)]);
        assert!(f[0].evidence.iter().all(|e| !e.text.contains("hunter")));
    }

    #[test]
    fn unknown_without_the_configuration() {
        assert!(
            run(
                RuleId::UnauthenticatedExposed,
                &[("info", "# Server\nredis_version:7.0.15\n")]
            )
            .is_empty()
        );
    }
}
