//! The recommended configuration for a plan: each setting with one sentence of
//! why and the guide section that explains it, as a redis.conf snippet,
//! `CONFIG SET` commands and a `redis-server` command line. A plan that mixes
//! data that must be kept with a cache gets two instances.
//!
//! Every line is for the target version given ([`recommend_for`]); with none,
//! for every version from 5.0 on. No line may stop a server from starting:
//! a setting only some builds accept (`activedefrag`) is offered to try at
//! run time and written into redis.conf as a comment
//! (crates/core/tests/plans_start.rs starts each configuration on real servers).

use crate::estimate::{Estimate, Limits, estimate};
use crate::plan::{Component, Loss, Plan};
use crate::units::conf_bytes;
use crate::version::Version;
use crate::workload::Deployment;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Setting {
    pub name: &'static str,
    pub value: String,
    pub why: String,
    pub guide: &'static str,
    /// The value in the configuration pasted with the plan, when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// Offered, not set: only some builds accept it, and a redis.conf line a
    /// build refuses stops the server at start. `CONFIG SET` tries it; the
    /// redis.conf line is a comment to uncomment once that was accepted; the
    /// command line leaves it out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub try_first: bool,
}

impl Setting {
    /// Already set to this value in the pasted configuration.
    pub fn unchanged(&self) -> bool {
        self.current
            .as_deref()
            .is_some_and(|c| same(self.name, c, &self.value))
    }
}

fn same(name: &str, current: &str, wanted: &str) -> bool {
    match crate::params::lookup(name).map(|p| p.kind) {
        Some(crate::params::Kind::Bytes) => {
            crate::units::parse_memory(current).ok() == crate::units::parse_memory(wanted).ok()
        }
        _ => current.trim().eq_ignore_ascii_case(wanted.trim()),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InstanceConfig {
    /// "queue instance", "cache instance", or "instance".
    pub role: String,
    pub settings: Vec<Setting>,
    pub estimate: Estimate,
}

impl InstanceConfig {
    pub fn redis_conf(&self) -> String {
        self.settings
            .iter()
            .map(|s| {
                let now = match &s.current {
                    Some(_) if s.unchanged() => " (already set)".to_string(),
                    Some(_) if s.name == "requirepass" => " (now: <redacted>)".to_string(),
                    Some(c) => format!(" (now: {})", conf_value(c)),
                    None => String::new(),
                };
                let comment = if s.try_first { "# " } else { "" };
                let lines: String = save_pairs(s)
                    .map(|pair| format!("{comment}{} {pair}\n", s.name))
                    .collect();
                format!("# {}{now}\n{lines}", s.why)
            })
            .collect()
    }

    pub fn config_set(&self) -> String {
        let mut out: Vec<String> = self
            .settings
            .iter()
            .filter(|s| {
                crate::params::lookup(s.name)
                    .is_some_and(|p| p.mutability == crate::params::Mutability::Mutable)
            })
            .filter(|s| !s.unchanged())
            // Rebinding a running server is a restart's job: 6.0 and older have no
            // CONFIG SET bind at all, and a wrong address cuts clients off.
            .filter(|s| s.name != "bind")
            .map(|s| format!("CONFIG SET {} {}", s.name, quoted(&s.value)))
            .collect();
        // The new password after the rest (5.0 and older ask this very connection
        // for it at the next command), then AUTH; a setting to try comes last: if
        // this build refuses it, the rest is already set.
        let rank = |line: &String| {
            let name = line.split_whitespace().nth(2).unwrap_or("");
            if name == "requirepass" {
                1
            } else if self.settings.iter().any(|s| s.try_first && s.name == name) {
                2
            } else {
                0
            }
        };
        crate::sort::sort_by_key(&mut out, rank);
        if let Some(at) = out.iter().position(|l| rank(l) == 1)
            && let Some(pass) = self.settings.iter().find(|s| s.name == "requirepass")
        {
            out.insert(at + 1, format!("AUTH {}", quoted(&pass.value)));
        }
        out.push("CONFIG REWRITE".to_string());
        out.join("\n") + "\n"
    }

    pub fn command_line(&self) -> String {
        let args: Vec<String> = self
            .settings
            .iter()
            .filter(|s| !s.try_first)
            .flat_map(|s| save_pairs(s).map(move |pair| format!("--{} {}", s.name, args(&pair))))
            .collect();
        format!("redis-server {}\n", args.join(" "))
    }
}

/// A setting's value as redis.conf lines take it: `save` one pair per line, as
/// Redis before 7.0 reads it (a line of several pairs is silently ignored
/// there, and as the file's first `save` line it clears the schedule:
/// `src/config.c` of 5.0.14 and 6.2.16 read a `save` line only with two
/// arguments); anything else whole.
fn save_pairs(s: &Setting) -> impl Iterator<Item = String> + '_ {
    let words: Vec<&str> = s.value.split_whitespace().collect();
    let pairs: Vec<String> = if s.name == "save" && words.len() > 2 && words.len().is_multiple_of(2)
    {
        words.chunks(2).map(|p| p.join(" ")).collect()
    } else {
        vec![conf_value(&s.value)]
    };
    pairs.into_iter()
}

/// A value as separate command-line arguments: Redis before 7.0 reads
/// `--bind "a b"` as one address and `--client-output-buffer-limit "pubsub 32mb
/// 8mb 60"` as one argument (a fatal error), so words go unquoted; words the
/// shell would take for redirections are single-quoted.
fn args(v: &str) -> String {
    if v == "\"\"" {
        return v.to_string();
    }
    v.split_whitespace()
        .map(|w| {
            if w.contains(['<', '>', '&', '|', ';', '$', '*']) {
                format!("'{w}'")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn conf_value(v: &str) -> String {
    if v.is_empty() {
        "\"\"".to_string()
    } else {
        v.to_string()
    }
}

fn quoted(v: &str) -> String {
    if v.is_empty() || v.contains(' ') {
        format!("\"{v}\"")
    } else {
        v.to_string()
    }
}

fn set(
    name: &'static str,
    value: impl Into<String>,
    why: impl Into<String>,
    guide: &'static str,
) -> Setting {
    Setting {
        name,
        value: value.into(),
        why: why.into(),
        guide,
        current: None,
        try_first: false,
    }
}

/// The recommended configuration(s) for a plan, for any version from 5.0 on.
pub fn recommend(plan: &Plan) -> Vec<InstanceConfig> {
    recommend_for(plan, None)
}

/// The recommended configuration(s) for a plan and a target version (`None`:
/// lines every version from 5.0 accepts).
pub fn recommend_for(plan: &Plan, version: Option<Version>) -> Vec<InstanceConfig> {
    recommend_plain(plan, version)
}

/// The same, noting where the configuration pasted with the plan already agrees
/// (and leaving those out of the `CONFIG SET` commands).
pub fn recommend_with(
    plan: &Plan,
    current: Option<&crate::config::EffectiveConfig>,
) -> Vec<InstanceConfig> {
    let mut out = recommend_plain(plan, None);
    if let Some(cfg) = current {
        for i in &mut out {
            for s in &mut i.settings {
                s.current = cfg.raw(s.name).map(str::to_string);
            }
        }
    }
    out
}

fn recommend_plain(plan: &Plan, version: Option<Version>) -> Vec<InstanceConfig> {
    let keep = plan.uses().iter().any(|u| u.must_not_evict());
    let cache = plan
        .components
        .iter()
        .any(|c| matches!(c, Component::Cache(_)));
    if keep && cache {
        // Two instances: each gets the policy and persistence its data needs.
        let (cache_parts, kept_parts): (Vec<Component>, Vec<Component>) = plan
            .components
            .iter()
            .cloned()
            .partition(|c| matches!(c, Component::Cache(_)));
        let kept = Plan {
            components: kept_parts,
            ..plan.clone()
        };
        let cache_plan = Plan {
            components: cache_parts,
            loss: Loss::All,
            replicas: 0,
            ..plan.clone()
        };
        return vec![
            instance("queue instance", &kept, version),
            instance("cache instance", &cache_plan, version),
        ];
    }
    vec![instance("instance", plan, version)]
}

/// The compiled-in snapshot schedule of every version from 5.0 to 8.0
/// (`src/server.c`, `initServerConfig()`).
const SAVE_DEFAULT: &str = "3600 1 300 100 60 10000";

fn instance(role: &str, plan: &Plan, version: Option<Version>) -> InstanceConfig {
    // Unknown target: what every version from 5.0 accepts.
    let at_least = |major: u16, minor: u16| version.is_some_and(|v| v.at_least(major, minor, 0));
    let older_than = |major: u16, minor: u16| version.is_some_and(|v| !v.at_least(major, minor, 0));
    let est = estimate(plan, &Limits::default());
    let keep = plan.uses().iter().any(|u| u.must_not_evict());
    let mut s = Vec::new();
    let mb = 1u64 << 20;
    let maxmemory = est.maxmemory.div_ceil(mb).saturating_mul(mb);
    s.push(set(
        "maxmemory",
        conf_bytes(maxmemory),
        format!(
            "the estimate's high end plus 25% to grow; the host needs {} for forks and the OS",
            crate::units::human_bytes(est.host_memory)
        ),
        "memory.md#maxmemory",
    ));
    if keep {
        s.push(set("maxmemory-policy", "noeviction", "jobs, locks and kept data must never be evicted; at the limit writes fail loudly instead", "eviction.md#queues-need-noeviction"));
    } else {
        s.push(set(
            "maxmemory-policy",
            "allkeys-lru",
            "a cache should keep working at its limit by evicting the least recently used keys",
            "eviction.md#caches",
        ));
    }
    match plan.loss {
        Loss::None => {
            s.push(set(
                "appendonly",
                "yes",
                "every write is logged",
                "persistence.md#rdb-or-aof",
            ));
            s.push(set(
                "appendfsync",
                "always",
                "no acknowledged write may be lost; every write waits for the disk",
                "persistence.md#appendfsync",
            ));
        }
        Loss::Second => {
            s.push(set(
                "appendonly",
                "yes",
                "a restart loses at most about a second of writes",
                "persistence.md#rdb-or-aof",
            ));
            s.push(set(
                "appendfsync",
                "everysec",
                "fsync once a second: durable enough for queues, fast",
                "persistence.md#appendfsync",
            ));
        }
        Loss::Minutes => {
            s.push(set(
                "appendonly",
                "no",
                "snapshots are enough when minutes of loss are acceptable",
                "persistence.md#rdb-or-aof",
            ));
            s.push(set(
                "save",
                SAVE_DEFAULT,
                "the compiled-in snapshot schedule, written out: on 6.0 and older a config file without save lines takes no snapshots",
                "persistence.md#save-schedules",
            ));
        }
        Loss::All => {
            s.push(set(
                "appendonly",
                "no",
                "a cache can be rebuilt from its source",
                "persistence.md#rdb-or-aof",
            ));
            s.push(set(
                "save",
                "",
                "no snapshots: no scheduled fork, and no MISCONF on a full disk (a replica's full resync still forks)",
                "persistence.md#failed-saves",
            ));
        }
    }
    if matches!(plan.loss, Loss::None | Loss::Second) {
        s.push(set(
            "save",
            SAVE_DEFAULT,
            "keep RDB snapshots beside the AOF, as Redis's docs advise: the RDB file is the backup and loads fastest",
            "persistence.md#rdb-or-aof",
        ));
        if !older_than(4, 0) {
            s.push(set(
                "aof-use-rdb-preamble",
                "yes",
                "faster rewrites and restarts at no cost in durability (the default since 5.0)",
                "persistence.md#rdb-or-aof",
            ));
        }
    }
    s.push(set(
        "protected-mode",
        "yes",
        if at_least(7, 0) {
            "refuse clients from other hosts while the default user has no password"
        } else {
            "refuse clients from other hosts while the default user has no password (on 6.2 and older only while no bind is configured)"
        },
        "security.md#exposed-without-auth",
    ));
    s.push(set(
        "requirepass",
        "<long-random-password>",
        if older_than(6, 0) {
            "every client authenticates (this version has no ACL users: they came in 6.0)"
        } else {
            "every client authenticates; better still, ACL users per application (6.0+)"
        },
        "security.md#passwords",
    ));
    if plan.deployment == Some(Deployment::Docker) {
        s.push(set("bind", "0.0.0.0", "inside a container Redis must listen on its interface; never publish the port outside a private network", "security.md#exposed-without-auth"));
    } else {
        // The optional `-` address is 6.2's; 6.0 and older fail to start on it.
        let (bind, why) = if at_least(6, 2) {
            (
                "127.0.0.1 -::1",
                "listen where the clients are: replace with the private interface they use",
            )
        } else {
            (
                "127.0.0.1",
                "listen where the clients are: replace with the private interface they use (add `-::1` for IPv6 loopback on 6.2+)",
            )
        };
        s.push(set("bind", bind, why, "security.md#exposed-without-auth"));
    }
    s.push(set(
        "timeout",
        "0",
        "pooled connections and blocked workers are idle by design",
        "monitoring.md#clients",
    ));
    s.push(set(
        "tcp-keepalive",
        "300",
        "detect clients that vanished without closing their connection",
        "monitoring.md#clients",
    ));
    if plan
        .components
        .iter()
        .any(|c| matches!(c, Component::PubSub { .. }))
    {
        s.push(set(
            "client-output-buffer-limit",
            "pubsub 32mb 8mb 60",
            "disconnect subscribers that fall far behind instead of letting their buffers grow",
            "memory.md#client-buffers",
        ));
    }
    if !keep && !older_than(4, 0) {
        s.push(Setting {
            try_first: true,
            ..set(
                "activedefrag",
                "yes",
                "caches churn; active defragmentation gives back memory the allocator holds, but only builds with Redis's bundled jemalloc have it: Debian's and Ubuntu's packages refuse it, and in redis.conf it then stops the server at start. Try CONFIG SET activedefrag yes; uncomment the line below only if it was accepted",
                "memory.md#fragmentation",
            )
        });
    }
    s.push(set(
        "latency-monitor-threshold",
        "100",
        "record what caused any stall over 100 ms",
        "monitoring.md#latency",
    ));
    s.push(set(
        "slowlog-log-slower-than",
        "10000",
        "keep commands slower than 10 ms for SLOWLOG GET",
        "monitoring.md#latency",
    ));
    InstanceConfig {
        role: role.to_string(),
        settings: s,
        estimate: est,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{KeysComponent, QueueComponent, Retention, ValueSpec};
    use crate::workload::QueueLibrary;

    fn queue() -> Component {
        Component::Queue(QueueComponent {
            name: None,
            library: QueueLibrary::Bullmq,
            queues: 1,
            jobs_per_minute: 100.0,
            payload: 1000,
            attempts: 1,
            completed: Retention::Count { count: 1000 },
            failed: Retention::Count { count: 1000 },
            events_cap: 10_000,
            failure_rate: 0.01,
            processing_seconds: 1.0,
            backlog: 0,
            job_name_size: 12,
            result_size: 20,
            horizon_days: 30.0,
        })
    }

    fn cache() -> Component {
        Component::Cache(KeysComponent {
            name: None,
            count: 1000,
            key_length: 20,
            value: ValueSpec::String {
                size: 100,
                integer: false,
            },
            ttl_seconds: Some(300),
        })
    }

    #[test]
    fn a_queue_gets_noeviction_and_aof() {
        let plan = Plan {
            components: vec![queue()],
            ..Plan::default()
        };
        let r = recommend(&plan);
        assert_eq!(r.len(), 1);
        let conf = r[0].redis_conf();
        assert!(conf.contains("maxmemory-policy noeviction"));
        assert!(conf.contains("appendfsync everysec"));
        assert!(
            r[0].config_set()
                .contains("CONFIG SET maxmemory-policy noeviction")
        );
    }

    #[test]
    fn what_is_already_set_is_noted_and_not_set_again() {
        let plan = Plan {
            components: vec![queue()],
            ..Plan::default()
        };
        let mut b = crate::config::Builder::new();
        b.conf(
            0,
            0,
            &crate::parse::conf::parse("maxmemory-policy noeviction\nappendonly no\n").value,
        );
        let (cfg, _) = b.finish(None);
        let r = recommend_with(&plan, Some(&cfg));
        let conf = r[0].redis_conf();
        assert!(
            conf.contains("(already set)\nmaxmemory-policy noeviction"),
            "{conf}"
        );
        assert!(conf.contains("(now: no)\nappendonly yes"), "{conf}");
        assert!(!r[0].config_set().contains("maxmemory-policy"));
    }

    #[test]
    fn queue_and_cache_become_two_instances() {
        let plan = Plan {
            components: vec![queue(), cache()],
            ..Plan::default()
        };
        let r = recommend(&plan);
        assert_eq!(
            r.iter().map(|i| i.role.as_str()).collect::<Vec<_>>(),
            ["queue instance", "cache instance"]
        );
        assert!(r[1].redis_conf().contains("maxmemory-policy allkeys-lru"));
        assert!(r[1].redis_conf().contains("save \"\""));
        assert!(r[1].command_line().contains("--save \"\""));
    }
}
