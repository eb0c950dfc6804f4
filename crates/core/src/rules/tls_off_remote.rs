use super::unauthenticated_exposed::binds_everywhere;
use super::{Context, Finding};

crate::declare_rule! {
    /// Redis accepts connections from other hosts without TLS.
    ///
    /// ## What it checks
    /// `bind` includes a non-loopback address (or every interface) and `tls-port` is 0.
    ///
    /// ## Why it matters
    /// Without TLS, passwords (`AUTH`) and data cross the network in clear text, readable and
    /// modifiable by anyone on the path. On a private network you fully control this may be an
    /// accepted risk; across data centres, clouds or shared networks it is not. Redis 6.0+
    /// supports TLS natively (`tls-port`, `tls-cert-file`, `tls-key-file`); managed services
    /// offer it as an option (use `rediss://` URLs).
    ///
    /// ## Example
    /// ```text
    /// bind 0.0.0.0
    /// tls-port 0
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, "TLS": TLS support since Redis 6.0 and its configuration.
    /// - redis.conf (7.0), `TLS/SSL`.
    pub(crate) static RULE = {
        id: TlsOffRemote,
        category: Security,
        severity: Info,
        since: (6, 0, 0),
        check: check,
    }
}

fn is_loopback(addr: &str) -> bool {
    let a = addr.trim_start_matches('-');
    a.starts_with("127.") || a == "::1" || a == "localhost"
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(bind), Some(tls_port)) = (cx.config.bind(), cx.config.int("tls-port")) else {
        return;
    };
    let remote = binds_everywhere(&bind) || bind.iter().any(|a| !is_loopback(a));
    if !remote || tls_port != 0 {
        return;
    }
    // Default bind, protected mode on and no password: remote clients are refused anyway.
    let default_bind = cx
        .config
        .get("bind")
        .is_some_and(crate::config::Setting::is_default);
    let no_password =
        cx.config.raw("requirepass").is_some_and(str::is_empty) && cx.config.users.is_empty();
    if default_bind && cx.config.bool("protected-mode") == Some(true) && no_password {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "Clients on other hosts connect without TLS",
        "Passwords and data cross the network in clear text. Acceptable only on a private network you control; otherwise enable TLS (Redis 6.0+: tls-port, tls-cert-file, tls-key-file) and connect with rediss:// URLs.",
    );
    f.evidence.extend(cx.config_evidence("bind"));
    f.evidence.extend(cx.config_evidence("tls-port"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_for_remote_clear_text() {
        assert_eq!(run(RuleId::TlsOffRemote, &[("c", "bind 10.0.0.5\n")]).len(), 1);
        assert!(run(RuleId::TlsOffRemote, &[("c", "bind 127.0.0.1 -::1\n")]).is_empty());
        assert!(run(RuleId::TlsOffRemote, &[("c", "bind 10.0.0.5\ntls-port 6380\n")]).is_empty());
        // Protected mode refuses remote clients of a default-bound server without a password.
        assert!(run(RuleId::TlsOffRemote, &[("c", "port 6379\n")]).is_empty());
        assert_eq!(
            run(
                RuleId::TlsOffRemote,
                &[("c", "requirepass 8f2k1LmQ9zR4xT7vB3nW5yH0\n")]
            )
            .len(),
            1
        );
    }
}
