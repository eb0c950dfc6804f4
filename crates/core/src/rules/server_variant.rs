use super::{Context, Evidence, Finding};
use crate::parse::log::LogKind;

crate::declare_rule! {
    /// The server is not a stock Redis: a fork (KeyDB, Valkey), a Windows port or a
    /// managed service, whose fields, defaults and allowed changes differ.
    ///
    /// ## What it checks
    /// What the paste shows of the server itself:
    /// - KeyDB: INFO fields Redis never prints (`thread_N_clients`, `avg_lock_contention`,
    ///   `storage_provider_*`) or its directives (`multi-master`, `active-replica`,
    ///   `storage-provider`, `server-threads`);
    /// - Valkey: `server_name:valkey` or `valkey_version` in INFO;
    /// - a Windows port: `os` naming Windows, `include redis.windows.conf`, the
    ///   port's `heapdir`/`maxheap` directives, or its fork emulation in the log
    ///   (`fork operation complete`, `AbortForkOperation`);
    /// - a managed service: ElastiCache's `os`, Redis Enterprise/Cloud's empty
    ///   `maxmemory_policy` (also as quoted by Sidekiq: `(current policy: '')`), Azure
    ///   Cache for Redis's `server_load`, Upstash's and Heroku's own messages.
    ///
    /// ## Why it matters
    /// Advice written for Redis must be checked against what the server is. KeyDB is
    /// multithreaded and can replicate master-to-master; Valkey reports
    /// `redis_version:7.2.4` for compatibility whatever its own version; the
    /// Windows ports (MSOpenTech's last release is 3.2.100, 2016) emulate fork by
    /// copying the heap to a file and report no system memory; a managed service
    /// renames or disables CONFIG and takes its settings from its own console.
    ///
    /// ## Example
    /// ```text
    /// server_load:10.36
    /// ```
    /// Azure Cache for Redis: change settings in the Azure portal, not with CONFIG SET.
    ///
    /// ## Sources
    /// - KeyDB docs, "Multi-Master" and "Active Replica"; KeyDB's INFO (`thread_0_clients`, `avg_lock_contention`).
    /// - Valkey 8.0.1 `src/server.c`: INFO prints `server_name:valkey`, `valkey_version` and a fixed `redis_version:7.2.4`.
    /// - MSOpenTech redis 3.2.100 release notes and `redis.windows.conf` (`heapdir`, `maxheap`).
    /// - Azure Cache for Redis docs, "Monitor": `server_load`; Redis Enterprise docs: `maxmemory-policy` is set per database in the console.
    pub(crate) static RULE = {
        id: ServerVariant,
        category: Version,
        severity: Info,
        since: (2, 4, 0),
        check: check,
    }
}

const KEYDB_CONF: &[&str] = &[
    "multi-master",
    "active-replica",
    "storage-provider",
    "server-threads",
];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    // KeyDB.
    let mut keydb: Vec<Evidence> = [
        "avg_lock_contention",
        "thread_0_clients",
        "storage_provider_read_hits",
        "storage_provider_read_misses",
    ]
    .iter()
    .filter_map(|k| cx.info_evidence(k))
    .collect();
    keydb.extend(
        KEYDB_CONF
            .iter()
            .filter(|p| cx.config.get(p).is_some_and(|s| !s.is_default()))
            .filter_map(|p| cx.config_evidence(p)),
    );
    if !keydb.is_empty() {
        let mut f = cx.finding(
            &RULE,
            "A KeyDB server",
            "KeyDB is a multithreaded fork of Redis 6 with master-to-master replication (multi-master, active-replica) and FLASH storage. Advice written for Redis applies where KeyDB kept Redis's behaviour; its own settings (server-threads, storage-provider, active-replica) are documented by KeyDB, and writes accepted on two masters can conflict.",
        );
        f.evidence = keydb;
        out.push(f);
    }
    // Valkey.
    if cx.info.and_then(|i| i.flavor()) == Some(crate::version::Flavor::Valkey) {
        let mut f = cx.finding(
            &RULE,
            "A Valkey server",
            "Valkey forked from Redis 7.2.4 and keeps reporting redis_version:7.2.4 for client compatibility: read its own version from valkey_version. Settings and INFO fields follow Redis 7.2 unless Valkey's release notes say otherwise.",
        );
        f.evidence.extend(cx.info_evidence("valkey_version"));
        f.evidence.extend(cx.info_evidence("server_name"));
        out.push(f);
    }
    // Windows ports.
    let mut windows: Vec<Evidence> = cx.logged(LogKind::WindowsPort);
    if cx.info("os").is_some_and(|os| os.contains("Windows")) {
        windows.extend(cx.info_evidence("os"));
    }
    windows.extend(["heapdir", "maxheap"].iter().filter_map(|p| {
        cx.config.get(p).filter(|s| !s.is_default())?;
        cx.config_evidence(p)
    }));
    if let Some(ev) = windows_include(cx) {
        windows.push(ev);
    }
    if !windows.is_empty() {
        let mut f = cx.finding(
            &RULE,
            "A Windows port of Redis",
            "The Windows ports (MSOpenTech's, last released as 3.2.100 in 2016; later unofficial ports and Memurai) are not Redis's own builds: fork is emulated by copying the heap to a file (heapdir), so saves need that much free disk and memory, and INFO may report no system memory. Redis's own advice on versions, defaults and fork applies only in part; on a supported system, a current Redis (under WSL2 or Linux) is the fix for most of what such a port gets wrong.",
        );
        f.evidence = windows;
        out.push(f);
    }
    // Managed services.
    let mut managed: Vec<Evidence> = cx.logged(LogKind::Provider);
    let mut service = None;
    if cx.info("server_load").is_some() {
        managed.extend(cx.info_evidence("server_load"));
        service = Some("Azure Cache for Redis");
    }
    if let Some(m) = cx.workload.managed {
        service = service.or(Some(m.name()));
        if managed.is_empty() {
            managed.extend(cx.info_evidence("os"));
            managed.extend(cx.info_evidence("maxmemory_policy"));
        }
    }
    // Sidekiq quoting an empty policy: the server reports none (Redis Enterprise / Cloud).
    for (input, e) in cx.log.iter().filter(|(_, e)| e.kind == LogKind::Policy) {
        if e.value.is_some_and(|v| v.is_empty()) {
            managed.push(cx.quote_at(*input, e.line));
            service = service.or(Some("Redis Enterprise or Redis Cloud"));
        }
    }
    if !managed.is_empty() {
        let name = service.unwrap_or("a managed service");
        let mut f = cx.finding(
            &RULE,
            format!("A managed service ({name})"),
            format!(
                "This server is run by a provider ({name}): settings such as maxmemory-policy are changed in its console or parameter groups, CONFIG may be renamed or refused, and its limits (memory, connections, requests) are the plan's. Check the advice below against what the provider allows."
            ),
        );
        f.evidence = managed;
        out.push(f);
    }
}

/// `include redis.windows.conf` (or `redis.windows-service.conf`) in a pasted conf.
fn windows_include(cx: &Context) -> Option<Evidence> {
    cx.sources.iter().enumerate().find_map(|(i, s)| {
        let text = s.view.text();
        let at = memchr::memmem::find(text.as_bytes(), b"include redis.windows")?;
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        Some(cx.quote_at(i, crate::diag::Span::new(at, end)))
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn names_forks_ports_and_services() {
        let keydb = run(
            RuleId::ServerVariant,
            &[("c", "multi-master yes\nactive-replica yes\n")],
        );
        assert!(keydb.iter().any(|f| f.title.contains("KeyDB")), "{keydb:?}");
        let azure = run(
            RuleId::ServerVariant,
            &[("i", "# CPU\nused_cpu_sys:1\nserver_load:10.36\n")],
        );
        assert!(azure.iter().any(|f| f.title.contains("Azure")), "{azure:?}");
        let win = run(
            RuleId::ServerVariant,
            &[("c", "include redis.windows.conf\nmaxmemory 1gb\n")],
        );
        assert!(win.iter().any(|f| f.title.contains("Windows")), "{win:?}");
        assert!(
            run(
                RuleId::ServerVariant,
                &[("i", "# Server\nredis_version:7.0.15\n")]
            )
            .is_empty()
        );
    }
}
