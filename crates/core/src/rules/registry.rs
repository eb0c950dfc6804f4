//! The list of every rule. A rule not listed here never runs.

use super::Rule;
use super::*;

pub static RULES: &[&Rule] = &[
    &eviction_unsafe_for_workload::RULE,
    &volatile_without_ttl_keys::RULE,
    &noeviction_on_cache::RULE,
    &cache_and_queue_together::RULE,
    &evictions_on_kept_data::RULE,
    &oom_rejected_writes::RULE,
    &cache_keys_without_ttl::RULE,
    &policy_hidden_by_provider::RULE,
    &maxmemory_unset::RULE,
    &memory_near_limit::RULE,
    &maxmemory_too_small::RULE,
    &plan_does_not_fit::RULE,
    &memory_fragmentation::RULE,
    &maxmemory_above_host::RULE,
    &rss_near_host_memory::RULE,
    &memory_past_peak::RULE,
    &rss_overhead::RULE,
    &client_buffers_large::RULE,
    &script_cache_large::RULE,
    &fork_headroom::RULE,
    &appendfsync_always::RULE,
    &bgsave_failing::RULE,
    &aof_write_failing::RULE,
    &no_persistence_for_kept_data::RULE,
    &stale_last_save::RULE,
    &slow_fork::RULE,
    &stop_writes_on_cache::RULE,
    &aof_rdb_preamble_off::RULE,
    &unauthenticated_exposed::RULE,
    &nopass_acl_user::RULE,
    &weak_password::RULE,
    &tls_off_remote::RULE,
    &debug_command_enabled::RULE,
    &dangerous_commands_open::RULE,
    &clients_near_maxclients::RULE,
    &tcp_keepalive_off::RULE,
    &tcp_backlog_above_somaxconn::RULE,
    &blocked_clients_without_workers::RULE,
    &master_link_down::RULE,
    &replica_lag::RULE,
    &no_replica_for_kept_data::RULE,
    &repl_backlog_small::RULE,
    &replica_writable::RULE,
    &latency_monitor_off::RULE,
    &slowlog_disabled::RULE,
    &keys_command_used::RULE,
    &expire_cycle_capped::RULE,
    &host_kernel_settings::RULE,
    &multiple_databases::RULE,
    &low_hit_rate::RULE,
    &queue_library_version::RULE,
    &old_parameter_names::RULE,
    &old_redis_version::RULE,
    &limited_observation::RULE,
];

/// Finds a rule by id or code, case-insensitively.
pub fn find(id_or_code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id_or_code) || r.code.eq_ignore_ascii_case(id_or_code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_and_codes_are_unique_and_well_formed() {
        let mut ids = HashSet::new();
        let mut codes = HashSet::new();
        for r in RULES {
            assert!(ids.insert(r.id), "duplicate id {}", r.id);
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(
                r.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                r.id
            );
            assert!(
                r.code.len() == 6 && r.code[3..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                r.code
            );
            assert!(
                r.guide.contains(".md#"),
                "{}: guide must be page.md#anchor",
                r.id
            );
        }
    }

    #[test]
    fn every_rule_documents_itself() {
        for r in RULES {
            for section in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## Sources",
            ] {
                assert!(r.doc.contains(section), "{} lacks `{section}`", r.id);
            }
            assert!(!r.summary().is_empty(), "{} lacks a summary line", r.id);
            let sources = r.doc.split("## Sources").nth(1).unwrap_or("");
            assert!(sources.contains("- "), "{} names no source", r.id);
        }
    }

    #[test]
    fn find_by_id_or_code() {
        assert_eq!(find("maxmemory-unset").map(|r| r.code), Some("MEM001"));
        assert_eq!(find("mem001").map(|r| r.id), Some("maxmemory-unset"));
        assert!(find("nope").is_none());
    }
}
