use super::{Context, Finding};

crate::declare_rule! {
    /// The password (`requirepass` or `masterauth`) is short or looks like a default.
    ///
    /// ## What it checks
    /// `requirepass` and `masterauth` from `CONFIG GET` or a redis.conf: shorter than 16
    /// characters, or one of the values found in sample configurations and guides
    /// (`foobared`, `password`, `changeme`, `your_strong_password_here`…). The value is never
    /// printed.
    ///
    /// ## Why it matters
    /// Redis answers `AUTH` attempts as fast as the network allows and has no lockout, so a
    /// short password falls to brute force, and a copied sample password to the first guess.
    /// Use a long random one (32+ characters), from a secret store, not from a guide.
    ///
    /// ## Example
    /// ```text
    /// requirepass foobared
    /// ```
    ///
    /// ## Sources
    /// - redis.conf (7.0), `SECURITY`: "Since Redis is pretty fast, an outside user can try up to 1 million passwords per second… use a very strong password".
    /// - Redis docs, "Redis security": authentication.
    pub(crate) static RULE = {
        id: WeakPassword,
        category: Security,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

const DEFAULT_LOOKING: &[&str] = &[
    "foobared",
    "password",
    "redis",
    "changeme",
    "secret",
    "admin",
    "123456",
    "12345678",
    "qwerty",
    "letmein",
    "your_strong_password_here",
    "your_secure_password",
    "your_password",
    "yourpassword",
    "mypassword",
    "redispassword",
];

fn weakness(pass: &str) -> Option<&'static str> {
    let lower = pass.to_ascii_lowercase();
    if DEFAULT_LOOKING.contains(&lower.as_str())
        || lower.contains("password")
        || lower.contains("changeme")
    {
        Some("looks like a sample or default password")
    } else if pass.chars().count() < 16 {
        Some("is shorter than 16 characters")
    } else {
        None
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for name in ["requirepass", "masterauth"] {
        let Some(pass) = cx.config.raw(name).filter(|p| !p.is_empty()) else {
            continue;
        };
        let Some(why) = weakness(pass) else { continue };
        let mut f = cx.finding(
            &RULE,
            format!("`{name}` {why}"),
            "Redis has no lockout and answers AUTH as fast as the network allows. Use a long random password (32+ characters) from a secret store.",
        );
        f.evidence.extend(cx.config_evidence(name));
        f.fix = Some(cx.fix(&[(name, "<long-random-password>")]));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn flags_short_and_sample_passwords_without_printing_them() {
        let f = run(
            RuleId::WeakPassword,
            &[(
                "c",
                "requirepass foobared\nmasterauth Tr0ub4dor&3xyzabcdefgh\n",
            )],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "`requirepass` looks like a sample or default password"
        );
        let json = serde_json::to_string(&f).unwrap_or_default();
        assert!(!json.contains("foobared"));
        let f = run(RuleId::WeakPassword, &[("c", "requirepass short1\n")]);
        assert_eq!(f[0].title, "`requirepass` is shorter than 16 characters");
    }

    #[test]
    fn silent_for_long_random_passwords_or_none() {
        assert!(
            run(
                RuleId::WeakPassword,
                &[("c", "requirepass 8f2k1LmQ9zR4xT7vB3nW5yH0\n")]
            )
            .is_empty()
        );
        assert!(run(RuleId::WeakPassword, &[("c", "port 6379\n")]).is_empty());
    }
}
