//! The recommended configuration for a plan: each setting with one sentence of
//! why and the guide section that explains it, as a redis.conf snippet,
//! `CONFIG SET` commands and a `redis-server` command line. A plan that mixes
//! data that must be kept with a cache gets two instances.

use crate::estimate::{Estimate, Limits, estimate};
use crate::plan::{Component, Loss, Plan};
use crate::units::conf_bytes;
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
                format!("# {}{now}\n{} {}\n", s.why, s.name, conf_value(&s.value))
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
            .map(|s| format!("CONFIG SET {} {}", s.name, quoted(&s.value)))
            .collect();
        out.push("CONFIG REWRITE".to_string());
        out.join("\n") + "\n"
    }

    pub fn command_line(&self) -> String {
        let args: Vec<String> = self
            .settings
            .iter()
            .map(|s| format!("--{} {}", s.name, quoted(&s.value)))
            .collect();
        format!("redis-server {}\n", args.join(" "))
    }
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
    }
}

/// The recommended configuration(s) for a plan.
pub fn recommend(plan: &Plan) -> Vec<InstanceConfig> {
    recommend_with(plan, None)
}

/// The same, noting where the configuration pasted with the plan already agrees
/// (and leaving those out of the `CONFIG SET` commands).
pub fn recommend_with(
    plan: &Plan,
    current: Option<&crate::config::EffectiveConfig>,
) -> Vec<InstanceConfig> {
    let mut out = recommend_plain(plan);
    if let Some(cfg) = current {
        for i in &mut out {
            for s in &mut i.settings {
                s.current = cfg.raw(s.name).map(str::to_string);
            }
        }
    }
    out
}

fn recommend_plain(plan: &Plan) -> Vec<InstanceConfig> {
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
            instance("queue instance", &kept),
            instance("cache instance", &cache_plan),
        ];
    }
    vec![instance("instance", plan)]
}

fn instance(role: &str, plan: &Plan) -> InstanceConfig {
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
                "3600 1 300 100 60 10000",
                "Redis 7.0's default snapshot schedule",
                "persistence.md#rdb-or-aof",
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
                "no snapshots: nothing to fork for, and no MISCONF on a full disk",
                "persistence.md#failed-saves",
            ));
        }
    }
    if matches!(plan.loss, Loss::None | Loss::Second) {
        s.push(set(
            "aof-use-rdb-preamble",
            "yes",
            "faster rewrites and restarts at no cost in durability",
            "persistence.md#rdb-or-aof",
        ));
    }
    s.push(set(
        "protected-mode",
        "yes",
        "refuse clients from other hosts until a password is set",
        "security.md#exposed-without-auth",
    ));
    s.push(set(
        "requirepass",
        "<long-random-password>",
        "every client authenticates; better still, ACL users per application",
        "security.md#passwords",
    ));
    if plan.deployment == Some(Deployment::Docker) {
        s.push(set("bind", "0.0.0.0", "inside a container Redis must listen on its interface; never publish the port outside a private network", "security.md#exposed-without-auth"));
    } else {
        s.push(set(
            "bind",
            "127.0.0.1 -::1",
            "listen where the clients are: replace with the private interface they use",
            "security.md#exposed-without-auth",
        ));
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
    if !keep {
        s.push(set(
            "activedefrag",
            "yes",
            "caches churn; active defragmentation gives back memory the allocator holds",
            "memory.md#fragmentation",
        ));
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
