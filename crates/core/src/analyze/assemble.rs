//! Stage 6, report: secrets scrubbed from every text, spans mapped from the
//! unwrapped texts back to the user's original text and then to lines and
//! columns, the summaries filled in.

use super::nodes::Node;
use super::sources::Diagnostics;
use crate::config::{EffectiveConfig, Origin};
use crate::parse::info::Info;
use crate::parse::split::Block;
use crate::redact;
use crate::report::{
    BlockSummary, ConfigValue, Counts, Evidence, Finding, InputSummary, Report, ReportDiagnostic,
    SCHEMA_VERSION, ServerSummary, UseSummary, WorkloadSummary,
};
use crate::rules::Source;
use crate::version::Version;
use crate::workload::WorkloadView;
use std::rc::Rc;

/// What the stages produced.
pub(super) struct Parts<'s, 'a> {
    pub sources: &'s [Source<'a>],
    pub blocks: Vec<Vec<(Block, String)>>,
    pub nodes: &'s [Node],
    pub views: &'s [WorkloadView],
    pub config: EffectiveConfig,
    pub version: Option<Version>,
    pub findings: Vec<Finding>,
    pub diagnostics: Diagnostics,
}

pub(super) fn report(parts: Parts<'_, '_>) -> Report {
    let Parts {
        sources,
        blocks,
        nodes,
        views,
        config,
        version,
        mut findings,
        diagnostics,
    } = parts;
    // The last line of defence: no secret leaves in any text of the report.
    let secrets = &config.secrets;
    for f in &mut findings {
        f.detail = redact::scrub(&f.detail, secrets);
        for e in &mut f.evidence {
            e.text = redact::scrub(&e.text, secrets);
        }
    }
    // Every diagnostic in the original text's coordinates.
    let mut diagnostics: Vec<(usize, crate::diag::Diagnostic)> = diagnostics
        .view
        .into_iter()
        .map(|(i, mut d)| {
            if let Some(src) = sources.get(i) {
                d.span = src.original(d.span);
            }
            (i, d)
        })
        .chain(diagnostics.original)
        .collect();
    for (_, d) in &mut diagnostics {
        d.message = redact::scrub(&d.message, secrets);
    }
    let workload = summarize_workload(views.first(), nodes.first(), sources);

    let mut counts = Counts::default();
    for f in &findings {
        match f.severity {
            crate::report::Severity::Critical => counts.critical += 1,
            crate::report::Severity::Warning => counts.warning += 1,
            crate::report::Severity::Info => counts.info += 1,
        }
    }
    let first = nodes.first().map(|n| &n.info);
    let server = ServerSummary {
        version,
        flavor: first.and_then(Info::flavor),
        role: first.and_then(|i| i.get("role")).map(str::to_string),
        nodes: nodes.len(),
        used_memory: first.and_then(|i| i.u64("used_memory")),
        maxmemory: config.bytes("maxmemory"),
        total_system_memory: first
            .and_then(|i| i.u64("total_system_memory"))
            .filter(|&m| m > 0),
        uptime_seconds: first.and_then(|i| i.u64("uptime_in_seconds")),
    };

    crate::sort::sort_by_key(&mut diagnostics, |(i, d)| (*i, d.span.start));
    let report_diagnostics = diagnostics
        .iter()
        .filter_map(|(i, d)| {
            let src = sources.get(*i)?;
            Some(ReportDiagnostic {
                source: src.name.to_string(),
                level: d.level,
                kind: d.kind,
                start: src.index.position(src.text, d.span.start),
                end: src.index.position(src.text, d.span.end),
                message: d.message.clone(),
            })
        })
        .collect();

    let inputs = sources
        .iter()
        .zip(&blocks)
        .map(|(src, blocks)| InputSummary {
            source: src.name.to_string(),
            bytes: src.text.len(),
            lines: u32::try_from(src.index.line_count()).unwrap_or(u32::MAX),
            blocks: blocks
                .iter()
                .map(|(b, description)| {
                    let at = src.original(b.span);
                    BlockSummary {
                        kind: b.kind.name(),
                        first_line: src.index.position(src.text, at.start).line,
                        last_line: src
                            .index
                            .position(src.text, at.end.saturating_sub(1).max(at.start))
                            .line,
                        description: description.clone(),
                    }
                })
                .collect(),
        })
        .collect();

    Report {
        schema: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION"),
        summary: counts,
        server,
        findings,
        inputs,
        diagnostics: report_diagnostics,
        config: config_values(config, sources),
        workload,
        accepted: Vec::new(),
        acceptance_notices: Vec::new(),
    }
}

fn summarize_workload(
    view: Option<&WorkloadView>,
    node: Option<&Node>,
    sources: &[Source],
) -> WorkloadSummary {
    let Some(view) = view else {
        return WorkloadSummary::default();
    };
    let uses = view
        .beliefs
        .iter()
        .map(|b| {
            let evidence = node
                .map(|n| {
                    b.lines
                        .iter()
                        .filter_map(|&span| {
                            let (input, span) = Node::locate(&n.parts, span);
                            let src = sources.get(input)?;
                            let at = src.original(span).start;
                            Some(Evidence {
                                source: src.name.to_string(),
                                line: u32::try_from(src.index.line_of(at) + 1).ok(),
                                text: src.index.line_text(src.text, at).to_string(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let evidence = if b.elsewhere.is_empty() {
                evidence
            } else {
                b.elsewhere
                    .iter()
                    .filter_map(|&(input, span)| {
                        let src = sources.get(input)?;
                        let at = src.original(span).start;
                        Some(Evidence {
                            source: src.name.to_string(),
                            line: u32::try_from(src.index.line_of(at) + 1).ok(),
                            text: src.index.line_text(src.text, at).to_string(),
                        })
                    })
                    .collect()
            };
            UseSummary {
                use_: b.use_,
                description: b.use_.describe(),
                confidence: b.confidence,
                reason: b.reason.clone(),
                evidence,
            }
        })
        .collect();
    WorkloadSummary {
        stated: view.stated,
        managed: view.managed,
        uses,
    }
}

fn config_values(config: EffectiveConfig, sources: &[Source]) -> Vec<ConfigValue> {
    let names: Vec<Rc<str>> = sources.iter().map(|s| Rc::from(s.name)).collect();
    config
        .into_settings()
        .map(|s| {
            let secret = s.is_secret() && !s.value.is_empty();
            let origin = s.origin.name();
            let at = match s.origin {
                Origin::ConfigGet { input, span }
                | Origin::Conf { input, span }
                | Origin::Info { input, span } => Some((input, span)),
                Origin::Default => None,
            };
            let located = at.and_then(|(i, span)| {
                let src = sources.get(i)?;
                let line = src.index.line_of(src.original(span).start) + 1;
                Some((
                    names.get(i)?.clone(),
                    u32::try_from(line).unwrap_or(u32::MAX),
                ))
            });
            ConfigValue {
                name: s.name,
                value: if secret {
                    std::borrow::Cow::Borrowed("<redacted>")
                } else {
                    s.value
                },
                origin,
                source: located.as_ref().map(|l| l.0.clone()),
                line: located.map(|l| l.1),
            }
        })
        .collect()
}
