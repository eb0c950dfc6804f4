//! Markdown rendering of a report, shared by the CLI (`--format markdown`) and
//! the web app's export. Pure text: secrets were already removed upstream.

use crate::report::{Finding, Report, Severity};
use std::fmt::Write;

/// Where the guides live when a report leaves the app (links in Markdown).
pub const GUIDE_BASE: &str = "docs/";

pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Redis Advisor report\n");
    let s = &report.server;
    let mut facts = Vec::new();
    if let Some(v) = s.version {
        let product = match s.flavor {
            Some(crate::version::Flavor::Valkey) => "Valkey",
            _ => "Redis",
        };
        facts.push(format!("{product} {v}"));
    }
    if let Some(r) = &s.role {
        facts.push(format!("role {r}"));
    }
    if s.nodes > 1 {
        facts.push(format!("{} nodes", s.nodes));
    }
    let c = report.summary;
    facts.push(format!(
        "{} critical, {} warning, {} info",
        c.critical, c.warning, c.info
    ));
    if !report.accepted.is_empty() {
        facts.push(format!("{} accepted", report.accepted.len()));
    }
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    for input in &report.inputs {
        for b in &input.blocks {
            if b.kind != "prompt" {
                let _ = writeln!(
                    out,
                    "- `{}` lines {}–{}: {}",
                    input.source, b.first_line, b.last_line, b.description
                );
            }
        }
    }
    let _ = writeln!(out, "\n{}", workload_line(report));
    if !report.diagnostics.is_empty() {
        let _ = writeln!(out, "\n## Input diagnostics\n");
        for d in &report.diagnostics {
            let _ = writeln!(
                out,
                "- `{}:{}:{}` {}",
                d.source, d.start.line, d.start.column, d.message
            );
        }
    }
    for severity in [Severity::Critical, Severity::Warning, Severity::Info] {
        let group: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {} ({})\n", heading(severity), group.len());
        for f in group {
            finding(&mut out, f);
        }
    }
    if report.findings.is_empty() {
        let _ = writeln!(out, "\nNo findings.");
    }
    if !report.acceptance_notices.is_empty() {
        let _ = writeln!(
            out,
            "\n## Acceptances to review ({})\n",
            report.acceptance_notices.len()
        );
        for n in &report.acceptance_notices {
            let _ = writeln!(out, "- {}: {}", n.kind.name(), n.message);
        }
    }
    if !report.accepted.is_empty() {
        let _ = writeln!(out, "\n## Accepted ({})\n", report.accepted.len());
        for a in &report.accepted {
            let f = &a.finding;
            let node = f
                .node
                .as_ref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- **{}** `{}`{node} ({}): {}",
                f.title,
                f.id,
                f.severity.name(),
                accepted_line(a)
            );
        }
    }
    out
}

/// "accepted: REASON (until DATE; ORIGIN; evidence FINGERPRINT)" — one line for people.
pub fn accepted_line(a: &crate::report::AcceptedFinding) -> String {
    let mut about = Vec::new();
    if let Some(e) = &a.expires {
        about.push(format!("until {e}"));
    }
    if !a.origin.is_empty() {
        about.push(a.origin.clone());
    }
    about.push(format!("evidence {}", a.fingerprint));
    format!("accepted: {} ({})", a.reason, about.join("; "))
}

/// "Workload (inferred from INFO): BullMQ queues (high: …)." — one line for people.
pub fn workload_line(report: &Report) -> String {
    let w = &report.workload;
    let managed = w
        .managed
        .map(|m| format!(" Runs on {}.", m.name()))
        .unwrap_or_default();
    if w.uses.is_empty() {
        return format!("Workload: unknown (nothing stated, nothing inferred from INFO).{managed}");
    }
    let uses: Vec<String> = w
        .uses
        .iter()
        .map(|u| {
            if w.stated {
                u.description.clone()
            } else {
                format!(
                    "{} ({} confidence: {})",
                    u.description,
                    confidence(u.confidence),
                    u.reason
                )
            }
        })
        .collect();
    let how = if w.stated {
        "stated"
    } else {
        "inferred from INFO"
    };
    format!("Workload ({how}): {}.{managed}", uses.join("; "))
}

fn confidence(c: crate::workload::Confidence) -> &'static str {
    match c {
        crate::workload::Confidence::Low => "low",
        crate::workload::Confidence::Medium => "medium",
        crate::workload::Confidence::High => "high",
        crate::workload::Confidence::Stated => "stated",
    }
}

fn heading(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::Warning => "Warnings",
        Severity::Info => "Suggestions",
    }
}

fn finding(out: &mut String, f: &Finding) {
    let node = f
        .node
        .as_ref()
        .map(|n| format!(" — {n}"))
        .unwrap_or_default();
    let _ = writeln!(out, "### {} `{}`{node}\n", f.title, f.id);
    let _ = writeln!(out, "{}\n", f.detail);
    if !f.evidence.is_empty() {
        let _ = writeln!(out, "Evidence:\n\n```text");
        for e in &f.evidence {
            match e.line {
                Some(l) => {
                    let _ = writeln!(out, "{}:{l}: {}", e.source, e.text.replace('\n', " / "));
                }
                None => {
                    let _ = writeln!(out, "{}", e.text);
                }
            }
        }
        let _ = writeln!(out, "```\n");
    }
    if let Some(fix) = &f.fix {
        if !fix.conf.is_empty() {
            let _ = writeln!(
                out,
                "Fix in redis.conf:\n\n```conf\n{}\n```\n",
                fix.conf.join("\n")
            );
        }
        if !fix.config_set.is_empty() {
            let _ = writeln!(
                out,
                "At run time:\n\n```text\n{}\n```\n",
                fix.config_set.join("\n")
            );
        }
        if let Some(note) = &fix.note {
            let _ = writeln!(out, "{note}\n");
        }
    }
    let _ = writeln!(out, "Guide: [{}]({GUIDE_BASE}{})\n", f.guide, f.guide);
}
