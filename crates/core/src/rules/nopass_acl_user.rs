use super::{Context, Finding, Severity};

crate::declare_rule! {
    /// An enabled ACL user needs no password (`nopass`).
    ///
    /// ## What it checks
    /// `user` lines of a redis.conf that are `on` and carry `nopass`. With `+@all` (or
    /// `allcommands`) and every key (`~*` or `allkeys`) it is critical: that user is an open
    /// door to everything.
    ///
    /// ## Why it matters
    /// `AUTH <user> <anything>` succeeds for a `nopass` user. Any client that can reach the port
    /// gets that user's permissions without knowing a secret. RedisInsight's database analysis
    /// flags every such user. Read-only monitoring users limited to `+info +ping` are a lesser
    /// risk, but a password costs nothing.
    ///
    /// ## Example
    /// ```text
    /// user worker on nopass ~* +@all
    /// ```
    /// Fix: `user worker on >long-random-password ~* +@all -@dangerous`.
    ///
    /// ## Sources
    /// - Redis docs, "ACL": `nopass` means any password is accepted.
    /// - RedisInsight, `recommendation.provider.ts`: recommends against users with `nopass`.
    pub(crate) static RULE = {
        id: NopassAclUser,
        category: Security,
        severity: Warning,
        since: (6, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for user in cx.config.users.iter().filter(|u| u.enabled && u.nopass) {
        let all_commands = user
            .rules
            .iter()
            .any(|r| r == "+@all" || r.eq_ignore_ascii_case("allcommands"));
        let all_keys = user
            .rules
            .iter()
            .any(|r| r == "~*" || r.eq_ignore_ascii_case("allkeys"));
        let mut f = cx.finding(
            &RULE,
            format!("ACL user `{}` needs no password", user.name),
            format!(
                "Any client that reaches the port can AUTH as `{}` with any password and get its permissions ({}).",
                user.name,
                user.rules.join(" ")
            ),
        );
        if all_commands && all_keys {
            f.severity = Severity::Critical;
        }
        if let crate::config::Origin::Conf { input, span } = user.origin {
            f.evidence.push(cx.quote_at(input, span));
        }
        f.fix = Some(super::Fix {
            conf: vec![format!(
                "user {} {}",
                user.name,
                user.rules
                    .iter()
                    .map(|r| if r.eq_ignore_ascii_case("nopass") {
                        ">long-random-password"
                    } else {
                        r.as_str()
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            )],
            config_set: vec![
                format!("ACL SETUSER {} resetpass >long-random-password", user.name),
                "CONFIG REWRITE".to_string(),
            ],
            note: Some(
                "With an aclfile, save the users with ACL SAVE instead of CONFIG REWRITE."
                    .to_string(),
            ),
        });
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::report::Severity;
    use crate::rules::testing::run;

    #[test]
    fn critical_for_an_all_powerful_user() {
        let f = run(
            RuleId::NopassAclUser,
            &[(
                "c",
                "user worker on nopass ~* +@all\nuser metrics on nopass +info +ping\nuser old off nopass ~* +@all\n",
            )],
        );
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].severity, Severity::Critical);
        assert_eq!(f[1].severity, Severity::Warning);
        assert_eq!(f[0].evidence[0].line, Some(1));
    }

    #[test]
    fn silent_for_users_with_passwords() {
        assert!(run(RuleId::NopassAclUser, &[("c", "user app on >pw ~* +@all\n")]).is_empty());
    }
}
