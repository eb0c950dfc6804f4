use super::{Context, Finding};

crate::declare_rule! {
    /// The server runs a Redis older than 6.2.
    ///
    /// ## What it checks
    /// `redis_version` from INFO below 6.2.0 (Valkey reports its own version separately and is
    /// not concerned).
    ///
    /// ## Why it matters
    /// Releases before 6.0 have no ACL users and no TLS; before 6.2 there are no error
    /// statistics in INFO, no `GETEX`/`LMOVE`-era commands that current clients use, and the
    /// queue libraries of today (Sidekiq 7, recent BullMQ) refuse or discourage them. Each
    /// minor release also fixes security issues that old branches no longer receive.
    ///
    /// ## Example
    /// ```text
    /// redis_version:5.0.14
    /// ```
    ///
    /// ## Sources
    /// - Redis 6.0 release notes: ACL and TLS. Redis 6.2 release notes: `GETEX`, `LMOVE`, INFO errorstats.
    /// - BullMQ `src/classes/redis-connection.ts` and Sidekiq 7 changelog: minimum versions.
    pub(crate) static RULE = {
        id: OldRedisVersion,
        category: Version,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    // Without INFO, the version a server's start banner names in a pasted log.
    let from_log = || {
        cx.log.iter().find_map(|(input, e)| {
            let v = e.version?;
            Some((v, cx.quote_at(*input, e.line)))
        })
    };
    let (v, evidence) = match cx.info {
        Some(info) => {
            if info.flavor() != Some(crate::version::Flavor::Redis) {
                return;
            }
            let Some(v) = info.version() else { return };
            (v, cx.info_evidence("redis_version"))
        }
        None => match from_log() {
            Some((v, ev)) => (v, Some(ev)),
            None => return,
        },
    };
    if v.at_least(6, 2, 0) {
        return;
    }
    let missing = if v.at_least(6, 0, 0) {
        "error statistics and the commands current clients expect"
    } else {
        "ACL users, TLS, error statistics and the commands current clients expect"
    };
    let mut f = cx.finding(&RULE, format!("Redis {v} is old"), format!("It lacks {missing}, and current queue libraries refuse or discourage it. Plan an upgrade to 7.x."));
    f.evidence.extend(evidence);
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn flags_versions_before_six_two() {
        assert_eq!(
            run(
                RuleId::OldRedisVersion,
                &[("i", "# Server\nredis_version:5.0.14\n")]
            )
            .len(),
            1
        );
        assert!(
            run(
                RuleId::OldRedisVersion,
                &[("i", "# Server\nredis_version:7.0.15\n")]
            )
            .is_empty()
        );
        assert!(
            run(
                RuleId::OldRedisVersion,
                &[(
                    "i",
                    "# Server\nredis_version:7.2.4\nserver_name:valkey\nvalkey_version:8.0.1\n"
                )]
            )
            .is_empty()
        );
    }
}
