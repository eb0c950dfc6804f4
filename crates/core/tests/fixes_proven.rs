//! Every fix a rule can emit, applied to a real server of each version the
//! rule applies to (every build on this machine: see `real_servers`).
//!
//! For each rule an input makes it fire on each version: a redis.conf and INFO
//! lines written for the purpose (derived input, named as such), with an INFO
//! header naming the version of the server under test. Then, for every finding:
//! - its redis.conf lines must let that server start (a redis.conf holding
//!   them, then PING);
//! - its `CONFIG SET` lines, run one by one on a fresh server, must be
//!   accepted, or the fix's note must say that the change needs redis.conf and
//!   a restart, or that this build refuses it.
//!
//! Run with `--nocapture` to see the counts per version (docs/versions.md).

mod common;
mod real_servers;

use real_servers::{Build, builds, info_header};
use redis_advisor_core::analyze::{Input, Options, analyze_with};
use redis_advisor_core::report::{Finding, Fix};
use redis_advisor_core::rules::registry::RULES;
use redis_advisor_core::version::Version;
use redis_advisor_core::workload::{HostFacts, QueueLibrary, Use, Workload};
use std::collections::{BTreeMap, BTreeSet};

/// One way to make a rule fire.
struct Case {
    rule: &'static str,
    /// The first version the rule applies to (its parameter or command exists).
    since: (u16, u16),
    conf: fn(&Build) -> String,
    info: fn(&Build) -> String,
    uses: &'static [Use],
    host: HostFacts,
    plan: Option<&'static str>,
}

const QUEUE: Use = Use::Queue {
    library: QueueLibrary::Bullmq,
};

fn none(_: &Build) -> String {
    String::new()
}

fn case(rule: &'static str, conf: fn(&Build) -> String) -> Case {
    Case {
        rule,
        since: (5, 0),
        conf,
        info: none,
        uses: &[],
        host: HostFacts::default(),
        plan: None,
    }
}

fn at_least(b: &Build, major: u16, minor: u16) -> bool {
    b.version.at_least(major, minor, 0)
}

fn cases() -> Vec<Case> {
    vec![
        case("aof-rdb-preamble-off", |_| {
            "appendonly yes\naof-use-rdb-preamble no\n".into()
        }),
        case("appendfsync-always", |_| {
            "appendonly yes\nappendfsync always\n".into()
        }),
        case("dangerous-commands-open", |_| "port 6379\n".into()),
        Case {
            since: (7, 0),
            ..case("debug-command-enabled", |_| {
                "enable-debug-command yes\nenable-module-command yes\n".into()
            })
        },
        Case {
            uses: &[QUEUE, Use::Cache],
            ..case("eviction-unsafe-for-workload", |_| {
                "maxmemory-policy allkeys-lru\n".into()
            })
        },
        Case {
            uses: &[QUEUE],
            info: |_| "# Stats\r\nevicted_keys:1829\r\n".into(),
            ..case("evictions-on-kept-data", |_| {
                "maxmemory-policy allkeys-lru\n".into()
            })
        },
        Case {
            info: |_| {
                "# Stats\r\nexpired_time_cap_reached_count:812\r\nexpired_stale_perc:23.40\r\n"
                    .into()
            },
            ..case("expire-cycle-capped", none)
        },
        Case {
            host: HostFacts {
                thp_always: Some(true),
                overcommit_memory: Some(0),
                ..HostFacts::default()
            },
            ..case("host-kernel-settings", |b| {
                if at_least(b, 6, 2) {
                    "disable-thp no\n".into()
                } else {
                    "port 6379\n".into()
                }
            })
        },
        case("latency-monitor-off", |_| {
            "latency-monitor-threshold 0\n".into()
        }),
        Case {
            info: |_| "# Memory\r\ntotal_system_memory:17179869184\r\n".into(),
            ..case("maxmemory-above-host-memory", |_| "maxmemory 16gb\n".into())
        },
        Case {
            info: |_| "# Memory\r\ntotal_system_memory:8589934592\r\n".into(),
            ..case("maxmemory-unset", |_| "maxmemory 0\n".into())
        },
        Case {
            // A build with Redis's jemalloc that has defragmented shows hits; Debian's never can.
            info: |b| {
                let hits = if b.bundled_jemalloc { 1200 } else { 0 };
                format!(
                    "# Memory\r\nused_memory:4294967296\r\nmem_fragmentation_ratio:1.62\r\nmem_fragmentation_bytes:2662879232\r\nallocator_frag_ratio:1.55\r\nmem_allocator:jemalloc-5.3.0\r\n# Stats\r\nactive_defrag_hits:{hits}\r\n"
                )
            },
            ..case("memory-fragmentation", none)
        },
        Case {
            uses: &[QUEUE],
            ..case("no-persistence-for-kept-data", |_| {
                "appendonly no\nsave \"\"\n".into()
            })
        },
        Case {
            uses: &[Use::Cache],
            ..case("noeviction-on-cache", |_| {
                "maxmemory 1gb\nmaxmemory-policy noeviction\n".into()
            })
        },
        Case {
            since: (6, 0),
            ..case("nopass-acl-user", |_| {
                "user worker on nopass ~* +@all\n".into()
            })
        },
        Case {
            plan: Some("sidekiq-sessions.json"),
            ..case("plan-does-not-fit", |_| "maxmemory 2mb\n".into())
        },
        Case {
            info: |_| {
                "# Server\r\nuptime_in_seconds:86400\r\n# Replication\r\nrole:master\r\nconnected_slaves:1\r\n# Stats\r\ntotal_net_input_bytes:86400000000\r\n".into()
            },
            ..case("repl-backlog-small", |_| "repl-backlog-size 1mb\n".into())
        },
        case("replica-writable", |_| {
            "replicaof 10.0.0.1 6379\nreplica-read-only no\n".into()
        }),
        case("slowlog-disabled", |_| {
            "slowlog-log-slower-than -1\nslowlog-max-len 0\n".into()
        }),
        Case {
            uses: &[Use::Cache],
            ..case("stop-writes-on-cache", |_| {
                "save 3600 1\nstop-writes-on-bgsave-error yes\n".into()
            })
        },
        case("tcp-keepalive-off", |_| "tcp-keepalive 0\n".into()),
        case("unauthenticated-exposed", |_| {
            "bind 0.0.0.0\nprotected-mode no\n".into()
        }),
        Case {
            uses: &[Use::Cache],
            info: |_| "# Keyspace\r\ndb0:keys=48213,expires=0,avg_ttl=0\r\n".into(),
            ..case("volatile-policy-without-ttl-keys", |_| {
                "maxmemory-policy volatile-lru\n".into()
            })
        },
        case("weak-password", |_| {
            "requirepass foobared\nmasterauth foobared\n".into()
        }),
    ]
}

fn findings(build: &Build, c: &Case) -> Vec<Finding> {
    // The version first: a "# Server" header starts a node, so extra Server
    // lines of the case go after it.
    let mut info = info_header(build);
    let extra = (c.info)(build);
    info.push_str(extra.strip_prefix("# Server\r\n").unwrap_or(&extra));
    let conf = (c.conf)(build);
    let mut inputs = vec![Input::new("INFO (derived)", info)];
    if !conf.is_empty() {
        inputs.push(Input::new("redis.conf (derived)", conf));
    }
    let plan = c.plan.map(|name| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples")
            .join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        redis_advisor_core::plan::Plan::from_json(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    });
    let options = Options {
        workload: (!c.uses.is_empty() || c.host != HostFacts::default()).then(|| Workload {
            uses: c.uses.to_vec(),
            host: c.host.clone(),
            ..Workload::default()
        }),
        plan,
    };
    analyze_with(&inputs, &options)
        .findings
        .into_iter()
        .filter(|f| f.id.as_str() == c.rule)
        .collect()
}

/// The note explains why this CONFIG SET line may be refused.
fn explains(fix: &Fix, line: &str) -> bool {
    let name = line.split_whitespace().nth(2).unwrap_or("");
    let note = fix.note.as_deref().unwrap_or("");
    note.contains(name)
        && ["restart", "redis.conf", "refuse"]
            .iter()
            .any(|w| note.contains(w))
}

#[derive(Default)]
struct Tally {
    rules: BTreeSet<&'static str>,
    fixes: usize,
    conf_lines: usize,
    set_accepted: usize,
    set_refused_as_said: usize,
}

/// Proves one fix on one build; returns the problems found.
fn prove(build: &Build, rule: &str, fix: &Fix, tally: &mut Tally) -> Vec<String> {
    let mut problems = Vec::new();
    let conf: Vec<&String> = fix.conf.iter().filter(|l| !l.starts_with('#')).collect();
    if !fix.conf.is_empty() {
        match build.start(&fix.conf.join("\n")) {
            Ok(server) => {
                if let Err(e) = server.ping() {
                    problems.push(format!(
                        "{rule}: server started with {conf:?} does not answer: {e}"
                    ));
                }
                tally.conf_lines += fix.conf.len();
            }
            Err(e) => problems.push(format!(
                "{rule}: its redis.conf lines stop {}: {e}",
                build.name
            )),
        }
    }
    if !fix.config_set.is_empty() {
        let server = match build.start("") {
            Ok(s) => s,
            Err(e) => {
                return vec![format!(
                    "{}: a plain server does not start: {e}",
                    build.name
                )];
            }
        };
        let mut c = match server.connect() {
            Ok(c) => c,
            Err(e) => return vec![format!("{}: cannot connect: {e}", build.name)],
        };
        for line in &fix.config_set {
            match server.run(&mut c, line) {
                Ok(()) => tally.set_accepted += 1,
                Err(e) if explains(fix, line) => {
                    tally.set_refused_as_said += 1;
                    eprintln!(
                        "  {} {rule}: `{line}` refused as the fix says ({e})",
                        build.name
                    );
                }
                Err(e) => problems.push(format!(
                    "{rule}: `{line}` refused by {} ({e}) and the fix does not say why: {:?}",
                    build.name, fix.note
                )),
            }
        }
    }
    tally.fixes += 1;
    tally.rules.insert(
        RULES
            .iter()
            .find(|r| r.id.as_str() == rule)
            .map_or("", |r| r.id.as_str()),
    );
    problems
}

/// Every case on one build: the problems found, the counts, the rules covered.
fn prove_build(
    build: &Build,
    cases: &[Case],
) -> (String, Vec<String>, Tally, BTreeSet<&'static str>) {
    let mut problems = Vec::new();
    let mut tally = Tally::default();
    let mut covered = BTreeSet::new();
    for c in cases {
        // The case's first version, or the rule's own if later.
        let rule_since = RULES
            .iter()
            .find(|r| r.id.as_str() == c.rule)
            .map_or(Version::new(2, 0, 0), |r| r.since);
        if !build.version.at_least(c.since.0, c.since.1, 0) || build.version < rule_since {
            continue;
        }
        let found = findings(build, c);
        if found.is_empty() {
            problems.push(format!("{} did not fire for {}", c.rule, build.name));
            continue;
        }
        for f in &found {
            let Some(fix) = &f.fix else { continue };
            if fix.conf.is_empty() && fix.config_set.is_empty() {
                continue;
            }
            covered.insert(c.rule);
            problems.extend(prove(build, c.rule, fix, &mut tally));
        }
    }
    (build.name.clone(), problems, tally, covered)
}

#[test]
fn every_fix_works_on_every_version_it_is_for() {
    let builds = builds();
    let cases = cases();
    let mut problems = Vec::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut covered = BTreeSet::new();
    // One thread per server build: each starts its own servers, one at a time.
    let results: Vec<(String, Vec<String>, Tally, BTreeSet<&'static str>)> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = builds
                .iter()
                .map(|build| scope.spawn(|| prove_build(build, &cases)))
                .collect();
            handles
                .into_iter()
                .zip(&builds)
                .map(|(h, b)| {
                    h.join()
                        .unwrap_or_else(|_| panic!("{}: the proof panicked", b.name))
                })
                .collect()
        });
    for (name, p, tally, cov) in results {
        problems.extend(p);
        tallies.insert(name, tally);
        covered.extend(cov);
    }
    // Every rule whose source can build a fix with settings is covered here.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for rule in RULES {
        let source = std::fs::read_to_string(root.join(rule.file)).unwrap_or_default();
        let check = source.split("#[cfg(test)]").next().unwrap_or("");
        if (check.contains("cx.fix(") || check.contains("conf: vec!["))
            && !covered.contains(rule.id.as_str())
        {
            problems.push(format!(
                "{}: it can emit a fix, but no case here proves it",
                rule.id
            ));
        }
    }
    eprintln!(
        "\nfixes proven on real servers (build: rules, fixes, redis.conf lines started, CONFIG SET accepted, refused as the fix says)"
    );
    for (name, t) in &tallies {
        eprintln!(
            "| {name} | {} | {} | {} | {} | {} |",
            t.rules.len(),
            t.fixes,
            t.conf_lines,
            t.set_accepted,
            t.set_refused_as_said
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Active defragmentation: refused by Debian's build (system jemalloc), in
/// both forms, and accepted by builds from the source. This is why the
/// advisor never writes `activedefrag yes` into a redis.conf it cannot vouch for.
#[test]
fn activedefrag_works_only_with_the_bundled_jemalloc() {
    for build in builds() {
        if !build.version.at_least(4, 0, 0) {
            continue;
        }
        let started = build.start("activedefrag yes\n");
        let set = build.start("").and_then(|s| {
            let mut c = s.connect()?;
            s.run(&mut c, "CONFIG SET activedefrag yes")
        });
        if build.bundled_jemalloc {
            assert!(started.is_ok(), "{}: {:?}", build.name, started.err());
            assert!(set.is_ok(), "{}: {set:?}", build.name);
        } else {
            let err = started.err().unwrap_or_default();
            assert!(
                err.contains("exited"),
                "{}: started with activedefrag yes",
                build.name
            );
            assert!(
                set.is_err(),
                "{}: CONFIG SET activedefrag yes accepted",
                build.name
            );
        }
        eprintln!(
            "{}: activedefrag in redis.conf {}, CONFIG SET {}",
            build.name,
            if build.bundled_jemalloc {
                "starts"
            } else {
                "stops the server"
            },
            if set.is_ok() { "accepted" } else { "refused" }
        );
    }
}

#[test]
fn the_versions_here_are_ones_the_advisor_knows() {
    for build in builds() {
        let known = redis_advisor_core::version::nearest_known(Some(build.flavor), build.version);
        // 8.0-m01 reports 7.9.224: advised as 8.0, and said so.
        let milestone = build.version.minor == 9;
        assert!(known.exact || milestone, "{}: {:?}", build.name, known);
        assert!(known.version >= Version::new(5, 0, 0));
    }
}
