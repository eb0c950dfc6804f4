use super::{Context, Finding};
use crate::units::human_bytes;

crate::declare_rule! {
    /// Client or replica output buffers are large.
    ///
    /// ## What it checks
    /// INFO (Redis 5.0+; `src/server.c` of 5.0.14 prints `mem_clients_*`): normal clients averaging more than 200 KB of buffers
    /// (`mem_clients_normal` / clients that are not replicas), or replica buffers above 10 MB
    /// in total (`mem_clients_slaves`) — `MEMORY DOCTOR`'s "big client buffers" and "big
    /// replica buffers".
    ///
    /// ## Why it matters
    /// Buffers count towards `used_memory`, so they eat into the room left for data and can
    /// trigger evictions or OOM errors. Big normal-client buffers come from slow pub/sub
    /// subscribers, huge replies (`KEYS *`, `HGETALL` of a big hash) or long pipelines; big
    /// replica buffers mean a replica that cannot keep up. `client-output-buffer-limit`
    /// bounds them per class.
    ///
    /// ## Example
    /// ```text
    /// connected_clients:40
    /// mem_clients_normal:41943040
    /// ```
    ///
    /// ## Sources
    /// - Redis source, `src/object.c`, `getMemoryDoctorReport()`: clients above 200 KB on average; replicas above 10 MB.
    /// - redis.conf (7.0), `CLIENTS` / `client-output-buffer-limit`.
    pub(crate) static RULE = {
        id: ClientBuffersLarge,
        category: Memory,
        severity: Warning,
        since: (5, 0, 0),
        check: check,
    }
}

/// What the server's log says about clients closed for their buffers.
fn from_log(cx: &Context, out: &mut Vec<Finding>) {
    let lines = cx.logged(crate::parse::log::LogKind::OutputBufferClosed);
    if !lines.is_empty() {
        let mut f = cx.finding(&RULE, "Clients were closed for overrunning their output buffer limit", "A client (often a slow pub/sub subscriber or a replica) fell behind and its output buffer passed client-output-buffer-limit, so Redis disconnected it; before that, the buffer counted against memory.");
        f.evidence = lines;
        f.fix = Some(super::Fix {
            note: Some("Find the slow consumer (CLIENT LIST: omem, cmd); for pub/sub make subscribers keep up or raise the pubsub class limit knowingly; for replicas see repl-backlog and the replica class".to_string()),
            ..super::Fix::default()
        });
        out.push(f);
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    from_log(cx, out);
    let replicas = cx.info_u64("connected_slaves").unwrap_or(0);
    if let (Some(normal), Some(clients)) = (
        cx.info_u64("mem_clients_normal"),
        cx.info_u64("connected_clients"),
    ) {
        let count = clients.saturating_sub(replicas).max(1);
        let avg = normal / count;
        if avg > 200 * 1024 {
            let mut f = cx.finding(
                &RULE,
                format!("Clients hold {} of buffers each on average", human_bytes(avg)),
                format!(
                    "{} of output and query buffers across {count} clients. Look for slow pub/sub subscribers, very large replies or long pipelines (CLIENT LIST shows omem per client).",
                    human_bytes(normal)
                ),
            );
            f.evidence.extend(cx.info_evidence("mem_clients_normal"));
            f.evidence.extend(cx.info_evidence("connected_clients"));
            out.push(f);
        }
    }
    if let Some(slaves) = cx
        .info_u64("mem_clients_slaves")
        .filter(|&b| b > 10 << 20 && replicas > 0)
    {
        let mut f = cx.finding(
            &RULE,
            format!("Replica buffers hold {}", human_bytes(slaves)),
            "Data is piling up in the primary's buffers for its replicas: a replica is too slow or its network is. Check each replica's lag in INFO replication.".to_string(),
        );
        f.evidence.extend(cx.info_evidence("mem_clients_slaves"));
        f.evidence.extend(cx.info_evidence("connected_slaves"));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_for_big_client_and_replica_buffers() {
        let info = "# Clients\nconnected_clients:41\n# Memory\nmem_clients_normal:41943040\nmem_clients_slaves:20971520\n# Replication\nconnected_slaves:1\n";
        assert_eq!(run(RuleId::ClientBuffersLarge, &[("i", info)]).len(), 2);
    }

    #[test]
    fn silent_for_ordinary_buffers() {
        let info = "# Clients\nconnected_clients:40\n# Memory\nmem_clients_normal:800000\nmem_clients_slaves:0\n";
        assert!(run(RuleId::ClientBuffersLarge, &[("i", info)]).is_empty());
    }
}
