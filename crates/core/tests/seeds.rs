//! The five teams' Redis guides (see the project's seeds), as reviews: each
//! scenario is a team's configuration and workload as their guide describes
//! it, and the findings a Redis expert would give — and must not give.

mod common;

use redis_advisor_core::report::Report;
use redis_advisor_core::rules::RuleId;
use redis_advisor_core::workload::{Deployment, Managed, QueueLibrary, Use, Workload};
use redis_advisor_core::{Input, Options, analyze_with};
use std::collections::BTreeMap;

struct Scenario {
    name: &'static str,
    inputs: &'static [(&'static str, &'static str)],
    workload: Workload,
    must: &'static [RuleId],
    must_not: &'static [RuleId],
}

fn review(s: &Scenario) -> Report {
    let inputs: Vec<Input> = s.inputs.iter().map(|(n, t)| Input::new(*n, *t)).collect();
    analyze_with(
        &inputs,
        &Options {
            workload: Some(s.workload.clone()),
            ..Options::default()
        },
    )
}

const BULLMQ: Use = Use::Queue {
    library: QueueLibrary::Bullmq,
};

fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            // BullMQ queues and a chat-context cache on one instance, "allkeys-lru for mixed workloads".
            name: "queues-and-cache-under-allkeys-lru",
            inputs: &[(
                "redis.conf",
                "maxmemory 100mb\nmaxmemory-policy allkeys-lru\n",
            )],
            workload: Workload {
                uses: vec![BULLMQ, Use::Cache],
                ..Workload::default()
            },
            must: &[
                RuleId::EvictionUnsafeForWorkload,
                RuleId::CacheAndQueueTogether,
                RuleId::NoPersistenceForKeptData,
            ],
            must_not: &[RuleId::NoevictionOnCache, RuleId::MaxmemoryUnset],
        },
        Scenario {
            // BullMQ on the official Docker image: noeviction and AOF, but port 6379 published without a password.
            name: "bullmq-on-docker-with-noeviction",
            inputs: &[(
                "docker-compose command",
                "redis-server --maxmemory 256mb --maxmemory-policy noeviction --appendonly yes --appendfsync everysec\n",
            )],
            workload: Workload {
                uses: vec![BULLMQ],
                deployment: Some(Deployment::Docker),
                ..Workload::default()
            },
            must: &[RuleId::UnauthenticatedExposed],
            must_not: &[
                RuleId::EvictionUnsafeForWorkload,
                RuleId::NoPersistenceForKeptData,
                RuleId::AppendfsyncAlways,
                RuleId::MaxmemoryUnset,
            ],
        },
        Scenario {
            // Redlock locks and a cache, allkeys-lru, a password copied from the guide.
            name: "locks-and-cache-under-allkeys-lru",
            inputs: &[(
                "redis.conf",
                "appendonly yes\nappendfsync everysec\nsave 900 1\nsave 300 10\nsave 60 10000\nrequirepass your_strong_password_here\nprotected-mode yes\nmaxmemory 2gb\nmaxmemory-policy allkeys-lru\ntcp-backlog 511\ntimeout 300\n",
            )],
            workload: Workload {
                uses: vec![Use::Locks, Use::Cache],
                ..Workload::default()
            },
            must: &[
                RuleId::EvictionUnsafeForWorkload,
                RuleId::CacheAndQueueTogether,
                RuleId::WeakPassword,
            ],
            must_not: &[
                RuleId::NoPersistenceForKeptData,
                RuleId::UnauthenticatedExposed,
                RuleId::NoevictionOnCache,
            ],
        },
        Scenario {
            // Microservices: BullMQ, pub/sub, sessions and locks; the running server reports volatile-lru.
            name: "microservices-under-volatile-lru",
            inputs: &[(
                "info",
                "# Server\nredis_version:7.2.4\nuptime_in_seconds:864000\n# Memory\nused_memory:524288000\nmaxmemory:1677721600\nmaxmemory_policy:volatile-lru\n# Persistence\naof_enabled:1\n# Stats\nevicted_keys:0\n# Keyspace\ndb0:keys=40000,expires=9000,avg_ttl=600000\n",
            )],
            workload: Workload {
                uses: vec![
                    BULLMQ,
                    Use::PubSub,
                    Use::Sessions { loss_ok: false },
                    Use::Locks,
                ],
                ..Workload::default()
            },
            must: &[RuleId::EvictionUnsafeForWorkload],
            must_not: &[
                RuleId::VolatilePolicyWithoutTtlKeys,
                RuleId::NoPersistenceForKeptData,
                RuleId::EvictionsOnKeptData,
            ],
        },
        Scenario {
            // A BullMQ platform told to use volatile-lru with 75% of RAM and a sample password.
            name: "bullmq-under-volatile-lru-with-sample-password",
            inputs: &[(
                "redis.conf",
                "maxmemory 2gb\nmaxmemory-policy volatile-lru\nsave 900 1\nsave 300 10\nsave 60 10000\nappendonly yes\nrequirepass your_secure_password\n",
            )],
            workload: Workload {
                uses: vec![BULLMQ],
                ..Workload::default()
            },
            must: &[RuleId::EvictionUnsafeForWorkload, RuleId::WeakPassword],
            must_not: &[
                RuleId::NoPersistenceForKeptData,
                RuleId::CacheAndQueueTogether,
            ],
        },
        Scenario {
            // The same team on Redis Cloud, where INFO hides the policy.
            name: "bullmq-on-redis-cloud",
            inputs: &[(
                "info",
                "# Server\nredis_version:6.0.9\nlru_clock:0\nuptime_in_seconds:864000\n# Memory\nused_memory:104857600\nmaxmemory_policy:\n",
            )],
            workload: Workload {
                uses: vec![BULLMQ],
                managed: Some(Managed::RedisCloud),
                ..Workload::default()
            },
            must: &[
                RuleId::PolicyHiddenByProvider,
                RuleId::QueueLibraryRedisVersion,
            ],
            must_not: &[
                RuleId::EvictionUnsafeForWorkload,
                RuleId::NoReplicaForKeptData,
            ],
        },
    ]
}

#[test]
fn each_seed_gets_the_review_an_expert_would_give() {
    for s in scenarios() {
        let report = review(&s);
        let ids: Vec<RuleId> = report.findings.iter().map(|f| f.id).collect();
        for id in s.must {
            assert!(ids.contains(id), "{}: expected {id}, got {ids:?}", s.name);
        }
        for id in s.must_not {
            assert!(
                !ids.contains(id),
                "{}: did not expect {id}, got {ids:?}",
                s.name
            );
        }
    }
}

#[test]
fn the_dangerous_advice_is_called_out() {
    // "Fix OOM by switching to allkeys-lru" on a queue instance: the finding and its guide say why not.
    let s = Scenario {
        name: "oom-on-a-queue",
        inputs: &[(
            "info",
            "# Memory\nused_memory:268000000\nmaxmemory:268435456\nmaxmemory_policy:noeviction\n# Errorstats\nerrorstat_OOM:count=512\n",
        )],
        workload: Workload {
            uses: vec![BULLMQ],
            ..Workload::default()
        },
        must: &[RuleId::OomRejectedWrites],
        must_not: &[RuleId::EvictionUnsafeForWorkload],
    };
    let report = review(&s);
    let oom = report
        .findings
        .iter()
        .find(|f| f.id == RuleId::OomRejectedWrites);
    assert!(
        oom.is_some_and(|f| f
            .detail
            .contains("do not \"fix\" this with an evicting policy")),
        "{oom:?}"
    );
    assert!(oom.is_some_and(|f| f.guide == "eviction.md#oom-is-not-fixed-by-eviction"));
}

/// No two findings of one review ask for different values of one parameter.
fn assert_consistent(name: &str, report: &Report) {
    let mut wanted: BTreeMap<String, (String, RuleId)> = BTreeMap::new();
    for f in &report.findings {
        for line in f.fix.iter().flat_map(|x| &x.conf) {
            let mut words = line.splitn(2, ' ');
            let (Some(param), Some(value)) = (words.next(), words.next()) else {
                continue;
            };
            if let Some((other, by)) = wanted.get(param) {
                assert_eq!(
                    other, value,
                    "{name}: {} and {by} disagree on {param}",
                    f.id
                );
            }
            wanted.insert(param.to_string(), (value.to_string(), f.id));
        }
    }
}

#[test]
fn no_review_contradicts_itself() {
    for s in scenarios() {
        assert_consistent(s.name, &review(&s));
    }
    // Every captured server's configurations, each with its files.
    let dirs = common::captured_dirs();
    assert!(
        dirs.len() >= 13,
        "only {} fixture folders found",
        dirs.len()
    );
    for dir in dirs {
        let files = common::read_dir(&dir);
        assert!(!files.is_empty(), "{}: no files", dir.display());
        let inputs: Vec<Input> = files
            .iter()
            .map(|f| Input::new(common::name(f), common::read(f)))
            .collect();
        for uses in [
            vec![],
            vec![Use::Cache],
            vec![BULLMQ, Use::Cache],
            vec![Use::Locks],
        ] {
            let workload = (!uses.is_empty()).then(|| Workload {
                uses: uses.clone(),
                ..Workload::default()
            });
            let report = analyze_with(
                &inputs,
                &Options {
                    workload,
                    ..Options::default()
                },
            );
            assert_consistent(&dir.display().to_string(), &report);
        }
    }
}
