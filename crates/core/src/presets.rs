//! The Plan page's presets: workloads to start from. They live in the core so
//! the tests can start every recommended configuration on real servers
//! (crates/core/tests/plans_start.rs).

use crate::plan::{Component, KeysComponent, Loss, Plan, QueueComponent, Retention, ValueSpec};
use crate::workload::QueueLibrary;

fn queue(name: &str, jobs_per_minute: f64, payload: u64) -> Component {
    Component::Queue(QueueComponent {
        name: Some(name.to_string()),
        library: QueueLibrary::Bullmq,
        queues: 1,
        jobs_per_minute,
        payload,
        attempts: 3,
        completed: Retention::Count { count: 1000 },
        failed: Retention::Age {
            seconds: 7 * 86_400,
        },
        events_cap: 10_000,
        failure_rate: 0.01,
        processing_seconds: 2.0,
        backlog: 10_000,
        job_name_size: 12,
        result_size: 20,
        horizon_days: 30.0,
    })
}

fn keys(kind: &str, name: &str, count: u64, size: u64, ttl: Option<u64>) -> Component {
    let k = KeysComponent {
        name: Some(name.to_string()),
        count,
        key_length: 24,
        value: ValueSpec::Json { size },
        ttl_seconds: ttl,
    };
    match kind {
        "sessions" => Component::Sessions(k),
        "data" => Component::Data(k),
        _ => Component::Cache(k),
    }
}

/// The presets, by name.
pub fn presets() -> Vec<(&'static str, Plan)> {
    let base = Plan {
        memory: Some(4 << 30),
        replicas: 1,
        clients: 40,
        ..Plan::default()
    };
    vec![
        (
            "BullMQ queue",
            Plan {
                components: vec![queue("jobs", 1000.0, 2048)],
                ..base.clone()
            },
        ),
        (
            "Cache",
            Plan {
                loss: Loss::All,
                replicas: 0,
                components: vec![keys("cache", "cache", 500_000, 1024, Some(600))],
                ..base.clone()
            },
        ),
        (
            "Sessions",
            Plan {
                components: vec![keys("sessions", "sessions", 100_000, 800, Some(86_400))],
                ..base.clone()
            },
        ),
        (
            "Mixed app",
            Plan {
                components: vec![
                    queue("jobs", 500.0, 2048),
                    keys("cache", "cache", 200_000, 1024, Some(600)),
                    Component::Locks {
                        count: 1000,
                        key_length: 40,
                    },
                ],
                ..base.clone()
            },
        ),
        (
            "Microservices",
            Plan {
                components: vec![
                    queue("jobs", 2000.0, 1024),
                    keys("sessions", "sessions", 50_000, 600, Some(3600)),
                    Component::Locks {
                        count: 5000,
                        key_length: 40,
                    },
                    Component::PubSub {
                        subscribers: 20,
                        message_size: 512,
                        backlog_messages: 100,
                    },
                ],
                ..base
            },
        ),
    ]
}
