//! What an instance is used for: stated by the user, or inferred from INFO's
//! command statistics with the lines it read and a confidence. A stated
//! workload always wins.

use crate::diag::Span;
use crate::parse::info::Info;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueueLibrary {
    Bullmq,
    Bull,
    Sidekiq,
    Celery,
    Rq,
    Other,
}

impl QueueLibrary {
    pub fn name(self) -> &'static str {
        match self {
            QueueLibrary::Bullmq => "BullMQ",
            QueueLibrary::Bull => "Bull",
            QueueLibrary::Sidekiq => "Sidekiq",
            QueueLibrary::Celery => "Celery",
            QueueLibrary::Rq => "RQ",
            QueueLibrary::Other => "a job queue",
        }
    }
}

/// One use of an instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Use {
    Queue {
        library: QueueLibrary,
    },
    Cache,
    /// `loss_ok`: users are merely logged out when a session disappears.
    Sessions {
        loss_ok: bool,
    },
    Locks,
    RateLimiting,
    PubSub,
    Streams,
    PrimaryData,
}

impl Use {
    pub fn describe(self) -> String {
        match self {
            Use::Queue {
                library: QueueLibrary::Other,
            } => "a job queue".to_string(),
            Use::Queue { library } => format!("{} queues", library.name()),
            Use::Cache => "a cache".to_string(),
            Use::Sessions { .. } => "sessions".to_string(),
            Use::Locks => "distributed locks".to_string(),
            Use::RateLimiting => "rate limiters".to_string(),
            Use::PubSub => "pub/sub".to_string(),
            Use::Streams => "streams".to_string(),
            Use::PrimaryData => "primary data".to_string(),
        }
    }

    /// Losing a key of this use loses work or correctness, not just speed.
    pub fn must_not_evict(self) -> bool {
        match self {
            Use::Queue { .. } | Use::Locks | Use::Streams | Use::PrimaryData => true,
            Use::Sessions { loss_ok } => !loss_ok,
            Use::Cache | Use::RateLimiting | Use::PubSub => false,
        }
    }
}

/// A managed service, where settings change through the provider, not CONFIG SET.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Managed {
    Elasticache,
    AzureCache,
    Memorystore,
    Upstash,
    RedisCloud,
    OtherManaged,
}

impl Managed {
    pub fn name(self) -> &'static str {
        match self {
            Managed::Elasticache => "Amazon ElastiCache",
            Managed::AzureCache => "Azure Cache for Redis",
            Managed::Memorystore => "Google Memorystore",
            Managed::Upstash => "Upstash",
            Managed::RedisCloud => "Redis Cloud",
            Managed::OtherManaged => "a managed service",
        }
    }

    /// Where a setting is changed on this service.
    pub fn how_to_change(self) -> &'static str {
        match self {
            Managed::Elasticache => {
                "change it in the cluster's parameter group (CONFIG SET is not available)"
            }
            Managed::AzureCache => {
                "change it in the cache's Advanced settings (Azure portal, CLI or ARM)"
            }
            Managed::Memorystore => {
                "change it as a Redis configuration of the instance (console or gcloud)"
            }
            Managed::Upstash => "change it in the database's settings in the Upstash console",
            Managed::RedisCloud => {
                "change it in the database's configuration in the Redis Cloud console"
            }
            Managed::OtherManaged => "change it through the provider's console or API",
        }
    }
}

/// Facts about the host the user can state (INFO does not show them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct HostFacts {
    /// `/sys/kernel/mm/transparent_hugepage/enabled` shows `[always]`.
    pub thp_always: Option<bool>,
    /// `vm.overcommit_memory`.
    pub overcommit_memory: Option<u8>,
    /// `net.core.somaxconn`.
    pub somaxconn: Option<u32>,
    /// Memory of the host or container, in bytes.
    pub memory: Option<u64>,
}

/// How the server is run, where it changes defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Deployment {
    SelfHosted,
    /// The official `redis` Docker image, which builds Redis with protected mode off.
    Docker,
    Kubernetes,
    Managed,
}

/// What the user says the instance is for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Workload {
    pub uses: Vec<Use>,
    pub managed: Option<Managed>,
    pub deployment: Option<Deployment>,
    pub host: HostFacts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
    /// The user said so.
    Stated,
}

/// One use the advisor believes in, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Belief {
    #[serde(rename = "use")]
    pub use_: Use,
    pub confidence: Confidence,
    pub reason: String,
    /// INFO lines (spans in the INFO block) the inference read.
    #[serde(skip)]
    pub lines: Vec<Span>,
    /// Other lines it read (a library's warning in a log): input and span of
    /// that input's unwrapped text.
    #[serde(skip)]
    pub elsewhere: Vec<(usize, Span)>,
}

/// The workload the rules use: stated uses, or else inferred ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WorkloadView {
    pub stated: bool,
    pub beliefs: Vec<Belief>,
    pub managed: Option<Managed>,
    pub deployment: Option<Deployment>,
    #[serde(skip)]
    pub host: HostFacts,
}

impl WorkloadView {
    /// Uses believed with at least medium confidence.
    pub fn uses(&self) -> impl Iterator<Item = Use> + '_ {
        self.beliefs
            .iter()
            .filter(|b| b.confidence >= Confidence::Medium)
            .map(|b| b.use_)
    }

    pub fn queue(&self) -> Option<QueueLibrary> {
        self.uses().find_map(|u| match u {
            Use::Queue { library } => Some(library),
            _ => None,
        })
    }

    pub fn has(&self, wanted: Use) -> bool {
        self.uses()
            .any(|u| std::mem::discriminant(&u) == std::mem::discriminant(&wanted))
    }

    pub fn has_cache(&self) -> bool {
        self.has(Use::Cache)
    }

    /// Every use is one whose keys may be evicted (a pure cache, rate limiters…).
    pub fn evictable_only(&self) -> bool {
        let mut any = false;
        for u in self.uses() {
            if u.must_not_evict() {
                return false;
            }
            any = true;
        }
        any
    }

    /// The uses whose keys must not be evicted.
    pub fn must_not_evict(&self) -> Vec<Use> {
        self.uses().filter(|u| u.must_not_evict()).collect()
    }

    /// "You said …" or "INFO suggests …", for a finding's text.
    pub fn basis(&self, u: Use) -> String {
        match self.beliefs.iter().find(|b| b.use_ == u) {
            Some(b) if b.confidence == Confidence::Stated => {
                format!("you said this instance holds {}", u.describe())
            }
            Some(b) => format!(
                "INFO suggests this instance holds {} ({})",
                u.describe(),
                b.reason
            ),
            None => format!("this instance holds {}", u.describe()),
        }
    }
}

/// Builds the view: the stated workload when there is one, or what INFO suggests.
pub fn view(stated: Option<&Workload>, info: Option<&Info>) -> WorkloadView {
    let managed = stated
        .and_then(|w| w.managed)
        .or_else(|| info.and_then(detect_managed));
    let host = stated.map(|w| w.host.clone()).unwrap_or_default();
    let deployment = stated.and_then(|w| w.deployment);
    match stated {
        Some(w) if !w.uses.is_empty() => WorkloadView {
            stated: true,
            beliefs: w
                .uses
                .iter()
                .map(|&u| Belief {
                    use_: u,
                    confidence: Confidence::Stated,
                    reason: "stated".to_string(),
                    lines: Vec::new(),
                    elsewhere: Vec::new(),
                })
                .collect(),
            managed,
            deployment,
            host,
        },
        _ => WorkloadView {
            stated: false,
            beliefs: info.map(infer).unwrap_or_default(),
            managed,
            deployment,
            host,
        },
    }
}

/// Recognizes a managed service from what its INFO shows.
pub fn detect_managed(info: &Info) -> Option<Managed> {
    let os = info.get("os").unwrap_or("");
    if os.contains("Amazon ElastiCache") {
        return Some(Managed::Elasticache);
    }
    // Redis Enterprise (Redis Cloud) leaves the policy empty and the LRU clock at 0.
    if info.get("maxmemory_policy") == Some("") && info.get("lru_clock") == Some("0") {
        return Some(Managed::RedisCloud);
    }
    None
}

/// Infers uses from command statistics and the keyspace.
pub fn infer(info: &Info) -> Vec<Belief> {
    let calls = |name: &str| info.calls(name);
    // Counters near 2^64 (a paste can say anything) add up saturating.
    let total = |names: &[&str]| {
        names
            .iter()
            .fold(0u64, |sum, n| sum.saturating_add(calls(n)))
    };
    let line = |name: &str| info.field_with_prefix("cmdstat_", name).map(|f| f.line);
    let lines_of = |names: &[&str]| -> Vec<Span> {
        names
            .iter()
            .filter(|n| calls(n) > 0)
            .filter_map(|n| line(n))
            .collect()
    };
    let mut beliefs = Vec::new();

    let scripts = total(&["evalsha", "eval", "evalsha_ro", "eval_ro"]);
    let zblocking = total(&["bzpopmin", "bzpopmax"]);
    let list_moves = total(&["brpoplpush", "blmove", "rpoplpush", "lmove"]);
    let xadd = calls("xadd");
    let blocking_pops = total(&["brpop", "blpop"]);
    if scripts > 0 && (zblocking > 0 || list_moves > 0) && xadd > 0 {
        let used: Vec<&str> = [
            "evalsha",
            "eval",
            "bzpopmin",
            "blmove",
            "brpoplpush",
            "xadd",
        ]
        .into_iter()
        .filter(|n| calls(n) > 0)
        .collect();
        beliefs.push(Belief {
            use_: Use::Queue {
                library: QueueLibrary::Bullmq,
            },
            confidence: Confidence::High,
            reason: format!(
                "{} are BullMQ's signature: Lua scripts, blocking moves and an events stream",
                used.join(", ").to_ascii_uppercase()
            ),
            lines: lines_of(&used),
            elsewhere: Vec::new(),
        });
    } else if scripts > 0 && list_moves > 0 {
        let used: Vec<&str> = ["evalsha", "eval", "brpoplpush", "blmove", "rpoplpush"]
            .into_iter()
            .filter(|n| calls(n) > 0)
            .collect();
        beliefs.push(Belief {
            use_: Use::Queue {
                library: QueueLibrary::Bull,
            },
            confidence: Confidence::Medium,
            reason: format!(
                "{} look like Bull: Lua scripts moving jobs between lists",
                used.join(", ").to_ascii_uppercase()
            ),
            lines: lines_of(&used),
            elsewhere: Vec::new(),
        });
    } else if blocking_pops > 0 || list_moves > 0 {
        let used: Vec<&str> = ["brpop", "blpop", "brpoplpush", "blmove"]
            .into_iter()
            .filter(|n| calls(n) > 0)
            .collect();
        beliefs.push(Belief {
            use_: Use::Queue {
                library: QueueLibrary::Other,
            },
            confidence: Confidence::Medium,
            reason: format!(
                "{} are workers waiting for jobs (Sidekiq, Celery, RQ and others)",
                used.join(", ").to_ascii_uppercase()
            ),
            lines: lines_of(&used),
            elsewhere: Vec::new(),
        });
    }

    if calls("setnx") > 0 {
        beliefs.push(Belief {
            use_: Use::Locks,
            confidence: Confidence::Medium,
            reason: "SETNX is used to take locks".to_string(),
            lines: lines_of(&["setnx"]),
            elsewhere: Vec::new(),
        });
    }

    let publishes = total(&["publish", "spublish"]);
    let subscribes = total(&["subscribe", "psubscribe", "ssubscribe"]);
    let channels = info
        .u64("pubsub_channels")
        .unwrap_or(0)
        .saturating_add(info.u64("pubsub_patterns").unwrap_or(0));
    if publishes > 0 || subscribes > 0 || channels > 0 {
        let mut lines = lines_of(&[
            "publish",
            "spublish",
            "subscribe",
            "psubscribe",
            "ssubscribe",
        ]);
        lines.extend(
            info.field("pubsub_channels")
                .filter(|_| channels > 0)
                .map(|f| f.line),
        );
        beliefs.push(Belief {
            use_: Use::PubSub,
            confidence: if subscribes > 0 || channels > 0 {
                Confidence::High
            } else {
                Confidence::Medium
            },
            reason: "PUBLISH/SUBSCRIBE traffic".to_string(),
            lines,
            elsewhere: Vec::new(),
        });
    }

    let bullmq = beliefs.iter().any(|b| {
        b.use_
            == Use::Queue {
                library: QueueLibrary::Bullmq,
            }
    });
    if !bullmq && xadd > 0 && (calls("xreadgroup") > 0 || calls("xread") > 0) {
        beliefs.push(Belief {
            use_: Use::Streams,
            confidence: Confidence::High,
            reason: "XADD with XREADGROUP/XREAD: stream consumers".to_string(),
            lines: lines_of(&["xadd", "xreadgroup", "xread"]),
            elsewhere: Vec::new(),
        });
    }

    // A cache: most keys expire and reads outnumber writes.
    if let Some((keys, expires)) = info.key_totals()
        && keys > 0
    {
        let reads = total(&["get", "mget", "hget", "hgetall"]);
        let writes = total(&["set", "setex", "psetex", "mset", "hset"]);
        let ttl_share = expires as f64 / keys as f64;
        if ttl_share >= 0.5 && reads >= writes && reads > 0 {
            let mut lines: Vec<Span> = info.keyspace().iter().map(|d| d.line).collect();
            lines.extend(lines_of(&["get", "mget", "set", "setex"]));
            beliefs.push(Belief {
                use_: Use::Cache,
                confidence: if ttl_share >= 0.8 {
                    Confidence::High
                } else {
                    Confidence::Medium
                },
                reason: format!(
                    "{:.0}% of keys have a TTL and reads outnumber writes",
                    ttl_share * 100.0
                ),
                lines,
                elsewhere: Vec::new(),
            });
        }
    }
    beliefs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::info::parse;

    fn uses(text: &str) -> Vec<Use> {
        infer(&parse(text).value)
            .into_iter()
            .filter(|b| b.confidence >= Confidence::Medium)
            .map(|b| b.use_)
            .collect()
    }

    #[test]
    fn recognizes_bullmq() {
        let info = "# Commandstats\ncmdstat_evalsha:calls=300,usec=1\ncmdstat_bzpopmin:calls=300,usec=1\ncmdstat_xadd:calls=300,usec=1\n";
        assert_eq!(
            uses(info),
            [Use::Queue {
                library: QueueLibrary::Bullmq
            }]
        );
    }

    #[test]
    fn recognizes_list_workers_pubsub_locks_and_cache() {
        let info = "# Stats\npubsub_channels:2\n# Commandstats\ncmdstat_brpop:calls=9,usec=1\ncmdstat_setnx:calls=3,usec=1\ncmdstat_get:calls=100,usec=1\ncmdstat_set:calls=50,usec=1\n# Keyspace\ndb0:keys=100,expires=90,avg_ttl=1000\n";
        let u = uses(info);
        assert!(
            u.contains(&Use::Queue {
                library: QueueLibrary::Other
            }),
            "{u:?}"
        );
        assert!(u.contains(&Use::Locks));
        assert!(u.contains(&Use::PubSub));
        assert!(u.contains(&Use::Cache));
    }

    #[test]
    fn a_stated_workload_wins() {
        let info = parse("# Commandstats\ncmdstat_brpop:calls=9,usec=1\n").value;
        let stated = Workload {
            uses: vec![Use::Cache],
            ..Workload::default()
        };
        let v = view(Some(&stated), Some(&info));
        assert!(v.stated);
        assert_eq!(v.uses().collect::<Vec<_>>(), [Use::Cache]);
        assert!(v.evictable_only());
    }

    #[test]
    fn managed_services_from_info() {
        let ec = parse("# Server\nos:Amazon ElastiCache\n").value;
        assert_eq!(detect_managed(&ec), Some(Managed::Elasticache));
        let cloud = parse("# Server\nlru_clock:0\n# Memory\nmaxmemory_policy:\n").value;
        assert_eq!(detect_managed(&cloud), Some(Managed::RedisCloud));
    }
}
