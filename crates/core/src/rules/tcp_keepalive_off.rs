use super::{Context, Finding};

crate::declare_rule! {
    /// TCP keepalive is off, so connections to vanished clients are never closed.
    ///
    /// ## What it checks
    /// `tcp-keepalive 0` (the default has been 300 seconds since Redis 3.2.1).
    ///
    /// ## Why it matters
    /// A client that disappears without closing its connection (a killed container, a
    /// dropped NAT entry) leaves a connection Redis keeps for ever when `timeout` is also 0:
    /// it counts against `maxclients`, holds buffers, and a blocked worker's slot never frees.
    /// Keepalive probes detect dead peers and also keep idle connections alive through
    /// firewalls and load balancers that drop silent ones.
    ///
    /// ## Example
    /// ```text
    /// tcp-keepalive 0
    /// timeout 0
    /// ```
    ///
    /// ## Sources
    /// - redis.conf (7.0), `NETWORK`: `tcp-keepalive 300`, the default since 3.2.1.
    pub(crate) static RULE = {
        id: TcpKeepaliveOff,
        category: Clients,
        severity: Warning,
        since: (2, 6, 10),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.config.int("tcp-keepalive") != Some(0) {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "TCP keepalive is off",
        "Connections of clients that vanished are never detected; with timeout 0 they stay open for ever, using a slot of maxclients and their buffers.",
    );
    f.evidence.extend(cx.config_evidence("tcp-keepalive"));
    f.evidence.extend(cx.config_evidence("timeout"));
    f.fix = Some(cx.fix(&[("tcp-keepalive", "300")]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_when_off() {
        assert_eq!(
            run(RuleId::TcpKeepaliveOff, &[("c", "tcp-keepalive 0\n")]).len(),
            1
        );
        assert!(run(RuleId::TcpKeepaliveOff, &[("c", "tcp-keepalive 60\n")]).is_empty());
    }
}
