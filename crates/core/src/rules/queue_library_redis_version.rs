use super::{Context, Finding, Severity};
use crate::workload::QueueLibrary;

crate::declare_rule! {
    /// The Redis version is below what the queue library requires or recommends.
    ///
    /// ## What it checks
    /// The server version from INFO against the queue library (stated or inferred): BullMQ
    /// refuses Redis below 5.0.0 and warns below 6.2.0; Sidekiq 7 refuses Redis below 6.2.0, and
    /// Sidekiq 8 needs 7.0 (8.0.0 asked for 7.2; 8.0.1 relaxed it to 7.0). The advisor does not
    /// know which Sidekiq is running, so a 6.2 server is reported as too old for Sidekiq 8.
    ///
    /// ## Why it matters
    /// These libraries use commands and options that older servers do not have (BullMQ relies
    /// on `BZPOPMIN`, streams and newer options such as `GETEX`/`LMOVE`-era commands; Sidekiq 7
    /// on 6.2 features, Sidekiq 8 on 7.0's). Below the minimum the workers refuse to start;
    /// between the minimum and the recommended version, features are missing, slower code paths
    /// are used, or the next major version of the library will not run.
    ///
    /// ## Example
    /// ```text
    /// redis_version:5.0.14
    /// cmdstat_evalsha:...  cmdstat_bzpopmin:...  cmdstat_xadd:...
    /// ```
    ///
    /// ## Sources
    /// - BullMQ source, `src/classes/redis-connection.ts`: minimum Redis version 5.0.0, recommended 6.2.0.
    /// - Sidekiq 7.0 changelog and `lib/sidekiq/cli.rb`: Redis 6.2+ required.
    /// - Sidekiq `Changes.md`, 8.0.1: "Relax Redis requirement to 7.0" (8.0.0 required 7.2).
    pub(crate) static RULE = {
        id: QueueLibraryRedisVersion,
        category: Version,
        severity: Warning,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(version), Some(library)) = (cx.version, cx.workload.queue()) else {
        return;
    };
    let (minimum, recommended) = match library {
        QueueLibrary::Bullmq => ((5, 0), (6, 2)),
        // Sidekiq 7 runs on 6.2; Sidekiq 8 needs 7.0.
        QueueLibrary::Sidekiq => ((6, 2), (7, 0)),
        _ => return,
    };
    let below = |(maj, min): (u16, u16)| !version.at_least(maj, min, 0);
    let (severity, what) = if below(minimum) {
        (
            Severity::Critical,
            format!(
                "{} requires Redis {}.{} or newer and refuses to start",
                library.name(),
                minimum.0,
                minimum.1
            ),
        )
    } else if below(recommended) {
        let what = if library == QueueLibrary::Sidekiq {
            "Sidekiq 7 runs here, but Sidekiq 8 needs Redis 7.0 or newer".to_string()
        } else {
            format!(
                "{} recommends Redis {}.{} or newer",
                library.name(),
                recommended.0,
                recommended.1
            )
        };
        (Severity::Warning, what)
    } else {
        return;
    };
    let mut f = cx.finding(
        &RULE,
        format!("Redis {version} is too old for {}", library.name()),
        format!("{what}. Upgrade the server (or the managed service's engine version)."),
    );
    f.severity = severity;
    f.evidence.extend(cx.info_evidence("redis_version"));
    f.evidence
        .extend(cx.workload_evidence(crate::workload::Use::Queue { library }));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::report::Severity;
    use crate::rules::testing::{QueueLibrary, Use, run_with};

    #[test]
    fn grades_by_library() {
        let old = "# Server\nredis_version:4.0.14\n";
        let mid = "# Server\nredis_version:6.0.9\n";
        let bull = [Use::Queue {
            library: QueueLibrary::Bullmq,
        }];
        assert_eq!(
            run_with(RuleId::QueueLibraryRedisVersion, &[("i", old)], &bull)[0].severity,
            Severity::Critical
        );
        assert_eq!(
            run_with(RuleId::QueueLibraryRedisVersion, &[("i", mid)], &bull)[0].severity,
            Severity::Warning
        );
        let sidekiq = [Use::Queue {
            library: QueueLibrary::Sidekiq,
        }];
        assert_eq!(
            run_with(RuleId::QueueLibraryRedisVersion, &[("i", mid)], &sidekiq)[0].severity,
            Severity::Critical
        );
        assert!(
            run_with(
                RuleId::QueueLibraryRedisVersion,
                &[("i", "# Server\nredis_version:7.0.15\n")],
                &bull
            )
            .is_empty()
        );
    }
}
