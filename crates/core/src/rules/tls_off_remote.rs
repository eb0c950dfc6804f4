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
    /// offer it as an option (use `rediss://` URLs). Redis 5.0 and older have no TLS at all:
    /// there the answer is an upgrade or a tunnel (stunnel, spiped, a VPN). When protected
    /// mode refuses remote clients anyway (no password; see
    /// [unauthenticated-exposed](unauthenticated-exposed.md) for when it acts on which
    /// version), this rule stays silent.
    ///
    /// ## Example
    /// ```text
    /// bind 0.0.0.0
    /// tls-port 0
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, "TLS": TLS support since Redis 6.0 and its configuration; `src/config.c` of
    ///   5.0.14 has no `tls-*` parameter, 6.0.20 has them.
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
    let Some(bind) = cx.config.bind() else {
        return;
    };
    // Redis before 6.0 has no tls-port: it cannot have TLS on.
    let tls_port = match cx.config.int("tls-port") {
        Some(p) => p,
        None if cx.older_than(6, 0) => 0,
        None => return,
    };
    let remote = binds_everywhere(&bind) || bind.iter().any(|a| !is_loopback(a));
    if !remote || tls_port != 0 {
        return;
    }
    // Protected mode on and no password: remote clients are refused anyway
    // (on 6.2 and older only while no bind is configured).
    let protected = cx.config.bool("protected-mode") == Some(true);
    if !super::unauthenticated_exposed::default_user_has_password(cx)
        && cx.config.users.is_empty()
        && super::unauthenticated_exposed::protected_mode_applies(cx, protected, &bind)
            == Some(true)
    {
        return;
    }
    let detail = match cx.version {
        Some(v) if !v.at_least(6, 0, 0) => format!("Passwords and data cross the network in clear text. Redis {v} has no TLS (it came in 6.0): upgrade, or carry the traffic through a tunnel (stunnel, spiped, a VPN) on networks you do not control."),
        _ => "Passwords and data cross the network in clear text. Acceptable only on a private network you control; otherwise enable TLS (Redis 6.0+: tls-port, tls-cert-file, tls-key-file) and connect with rediss:// URLs.".to_string(),
    };
    let mut f = cx.finding(&RULE, "Clients on other hosts connect without TLS", detail);
    f.evidence.extend(cx.config_evidence("bind"));
    f.evidence.extend(cx.config_evidence("tls-port"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::whole_conf;

    /// Each input as a whole redis.conf (the rule reads the defaults it leaves).
    fn run(id: RuleId, inputs: &[(&str, &str)]) -> Vec<crate::report::Finding> {
        let whole: Vec<(String, String)> = inputs
            .iter()
            .map(|(n, t)| (n.to_string(), whole_conf(t)))
            .collect();
        let inputs: Vec<(&str, &str)> = whole
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        crate::rules::testing::run(id, &inputs)
    }

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

    /// 7.0+ refuses remote clients without a password whatever bind says; 5.0 has no TLS.
    #[test]
    fn version_true() {
        let v7 = "# Server\nredis_version:7.0.15\n";
        assert!(run(RuleId::TlsOffRemote, &[("c", "bind 10.0.0.5\n"), ("i", v7)]).is_empty());
        let v62 = "# Server\nredis_version:6.2.16\n";
        assert_eq!(
            run(RuleId::TlsOffRemote, &[("c", "bind 10.0.0.5\n"), ("i", v62)]).len(),
            1
        );
        let v5 = "# Server\nredis_version:5.0.14\n";
        let f = run(RuleId::TlsOffRemote, &[("c", "bind 10.0.0.5\n"), ("i", v5)]);
        assert!(f[0].detail.contains("no TLS"), "{}", f[0].detail);
    }
}
