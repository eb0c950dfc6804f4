use super::{Context, Finding};

crate::declare_rule! {
    /// Redis listens on every interface with protected mode off and no password.
    ///
    /// ## What it checks
    /// All three at once: `bind` covers every interface (`*`, `0.0.0.0`, `::`, or no
    /// bind at all), `protected-mode no`, and no password for the default user
    /// (`requirepass` empty and no `user default ... >password` line).
    ///
    /// ## Why it matters
    /// Anyone who can reach the port can read and delete every key, and with `CONFIG SET
    /// dir`/`dbfilename` write files as the Redis user — the classic way exposed Redis
    /// servers are taken over. This is what the official Docker image does when started
    /// without a config file (it builds Redis with protected mode off and binds every
    /// interface), so `docker run -p 6379:6379 redis` publishes an open server.
    ///
    /// ## Example
    /// ```text
    /// bind * -::*
    /// protected-mode no
    /// requirepass ""
    /// ```
    /// Fix: a password (or ACL users), a bind address that is not public, and protected
    /// mode back on.
    ///
    /// ## Sources
    /// - Redis docs, "Redis security": protected mode, `bind`, AUTH and ACL.
    /// - redis.conf (7.0), `NETWORK`: `protected-mode yes` refuses non-loopback clients when no password is set.
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

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(bind), Some(protected), Some(pass)) = (
        cx.config.bind(),
        cx.config.bool("protected-mode"),
        cx.config.raw("requirepass"),
    ) else {
        return;
    };
    let default_user_has_password = cx.config.users.iter().any(|u| {
        u.name == "default"
            && u.rules
                .iter()
                .any(|r| r.starts_with('>') || r.starts_with('#'))
    });
    if !binds_everywhere(&bind) || protected || !pass.is_empty() || default_user_has_password {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "Open to anyone who can reach the port: no password, every interface, protected mode off",
        "Any client that reaches this port can read, change and delete all data, and can use CONFIG SET to write files on the host. This is the official Docker image's default when no config file is given.",
    );
    f.evidence.extend(cx.config_evidence("bind"));
    f.evidence.extend(cx.config_evidence("protected-mode"));
    f.evidence.extend(cx.config_evidence("requirepass"));
    let mut fix = cx.fix(&[
        ("requirepass", "<long-random-password>"),
        ("protected-mode", "yes"),
        ("bind", "127.0.0.1 -::1"),
    ]);
    fix.note = Some(
        [fix.note.take(), Some("Bind the private interface the clients use instead of 127.0.0.1 if they are on other hosts; prefer ACL users (`ACL SETUSER`) to a shared password".to_string())]
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

    #[test]
    fn silent_with_any_protection() {
        assert!(
            run(
                RuleId::UnauthenticatedExposed,
                &[("c", "bind 0.0.0.0\nprotected-mode yes\n")]
            )
            .is_empty()
        );
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
