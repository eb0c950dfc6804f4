//! The one entry point: inputs in, a report out.

use crate::config::{Builder, EffectiveConfig, Origin};
use crate::diag::{DiagKind, Diagnostic, LineIndex, Span};
use crate::parse::info::Info;
use crate::parse::split::{Block, BlockKind, split_indexed};
use crate::parse::{conf, config_get, info};
use crate::redact;
use crate::report::{
    BlockSummary, ConfigValue, Counts, Evidence, Finding, InputSummary, Report, ReportDiagnostic,
    SCHEMA_VERSION, ServerSummary, UseSummary, WorkloadSummary,
};
use crate::rules::{Context, Source, registry::RULES};
use crate::units::count;
use crate::version::Version;
use crate::workload::{self, Workload, WorkloadView};
use std::rc::Rc;

/// Inputs larger than this are read up to it; the rest is reported, not read.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// One text to analyze: a file, or what was pasted.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub text: String,
    /// Bytes that were not UTF-8 were replaced by U+FFFD.
    pub replaced_invalid_utf8: bool,
}

impl Input {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Input {
        Input {
            name: name.into(),
            text: text.into(),
            replaced_invalid_utf8: false,
        }
    }

    /// From raw bytes: invalid UTF-8 is replaced and reported, never fatal.
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Input {
        match std::str::from_utf8(bytes) {
            Ok(s) => Input::new(name, s),
            Err(_) => Input {
                name: name.into(),
                text: String::from_utf8_lossy(bytes).into_owned(),
                replaced_invalid_utf8: true,
            },
        }
    }
}

struct NodeInfo {
    input: usize,
    base: usize,
    info: Info,
}

/// What the user tells the analysis besides the inputs.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// What the instance is for; when absent it is inferred from INFO.
    pub workload: Option<Workload>,
    /// A workload file: its uses stand for the workload (unless one is given), and
    /// its estimate is checked against the configured memory.
    pub plan: Option<crate::plan::Plan>,
}

/// Only the effective configuration of some inputs (for comparing with a plan).
pub fn effective_config(inputs: &[Input]) -> EffectiveConfig {
    let mut builder = Builder::new();
    let mut version = None;
    for (i, input) in inputs.iter().enumerate() {
        for block in crate::parse::split::split(&input.text) {
            let base = block.span.start;
            let slice = &input.text[block.span.start..block.span.end];
            match block.kind {
                BlockKind::Info => {
                    let parsed = info::parse(slice).value;
                    version = version.or(parsed.version());
                    builder.info(i, base, &parsed);
                }
                BlockKind::Config { form } => {
                    builder.config_get(i, base, &config_get::parse(slice, form).value)
                }
                BlockKind::Conf => builder.conf(i, base, &conf::parse(slice).value),
                _ => {}
            }
        }
    }
    builder.finish(version).0
}

/// Analyzes any mix of INFO, CONFIG GET output and redis.conf text.
pub fn analyze(inputs: &[Input]) -> Report {
    analyze_with(inputs, &Options::default())
}

/// [`analyze`] with a stated workload.
pub fn analyze_with(inputs: &[Input], options: &Options) -> Report {
    let mut diagnostics: Vec<(usize, Diagnostic)> = Vec::new();
    let mut sources = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let mut text = input.text.as_str();
        if text.len() > MAX_INPUT_BYTES {
            let mut cut = MAX_INPUT_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text = &text[..cut];
            diagnostics.push((
                i,
                Diagnostic::error(
                    DiagKind::TooLarge,
                    Span::new(cut, cut),
                    format!(
                        "input is larger than {} MiB: only the first {} MiB were read",
                        MAX_INPUT_BYTES >> 20,
                        MAX_INPUT_BYTES >> 20
                    ),
                ),
            ));
        }
        if input.replaced_invalid_utf8 {
            diagnostics.push((
                i,
                Diagnostic::warning(
                    DiagKind::InvalidUtf8,
                    Span::new(0, 0),
                    "the input is not valid UTF-8: invalid bytes were replaced by U+FFFD (is this a binary file?)",
                ),
            ));
        }
        sources.push(Source {
            name: &input.name,
            text,
            index: LineIndex::new(text),
        });
    }

    let mut nodes: Vec<NodeInfo> = Vec::new();
    let mut builder = Builder::new();
    let mut input_blocks: Vec<Vec<(Block, String)>> = Vec::new();
    let mut dumps = Vec::new();
    for (i, src) in sources.iter().enumerate() {
        let mut described = Vec::new();
        for block in split_indexed(src.text, &src.index) {
            let base = block.span.start;
            let slice = &src.text[block.span.start..block.span.end];
            let description = match &block.kind {
                BlockKind::Info => {
                    let parsed = info::parse(slice);
                    diagnostics.extend(parsed.diagnostics.into_iter().map(|d| (i, d.offset(base))));
                    let lines =
                        src.index.line_of(block.span.end) - src.index.line_of(block.span.start) + 1;
                    let desc = describe_info(&parsed.value, lines);
                    nodes.push(NodeInfo {
                        input: i,
                        base,
                        info: parsed.value,
                    });
                    desc
                }
                BlockKind::Config { form } => {
                    let parsed = config_get::parse(slice, *form);
                    diagnostics.extend(parsed.diagnostics.into_iter().map(|d| (i, d.offset(base))));
                    let desc = format!(
                        "CONFIG GET ({}), {} parameters",
                        form.describe(),
                        parsed.value.entries.len()
                    );
                    dumps.push((i, base, parsed.value));
                    desc
                }
                BlockKind::Conf => {
                    let parsed = conf::parse(slice);
                    diagnostics.extend(parsed.diagnostics.into_iter().map(|d| (i, d.offset(base))));
                    builder.conf(i, base, &parsed.value);
                    format!(
                        "redis.conf, {}",
                        count(parsed.value.directives.len(), "directive")
                    )
                }
                BlockKind::Prompt { command } => format!("redis-cli prompt: {command}"),
                BlockKind::CommandOutput { command } => format!("output of `{command}` (not used)"),
                BlockKind::LongLine => {
                    diagnostics.push((i, crate::parse::split::long_line(block.span)));
                    "a line too long to read".to_string()
                }
                BlockKind::Unrecognized => {
                    let first = src.index.line_of(block.span.start) + 1;
                    let last = src
                        .index
                        .line_of(block.span.end.saturating_sub(1).max(block.span.start))
                        + 1;
                    let lines = if first == last {
                        format!("line {first}")
                    } else {
                        format!("lines {first}–{last}")
                    };
                    diagnostics.push((
                        i,
                        Diagnostic::error(
                            DiagKind::Unrecognized,
                            block.span,
                            format!("{lines}: not recognized as INFO, CONFIG GET output or redis.conf; skipped"),
                        ),
                    ));
                    "not recognized".to_string()
                }
            };
            described.push((block, description));
        }
        input_blocks.push(described);
    }
    for (i, base, dump) in &dumps {
        builder.config_get(*i, *base, dump);
    }
    for node in &nodes {
        builder.info(node.input, node.base, &node.info);
    }
    let version = nodes.iter().find_map(|n| n.info.version());
    let (mut config, config_diags) = builder.finish(version);
    if options.workload.as_ref().and_then(|w| w.deployment) == Some(workload::Deployment::Docker) {
        // The official image patches the default so the port works from other containers.
        config.override_default("protected-mode", "no");
    }
    diagnostics.extend(config_diags);

    let from_plan = options.plan.as_ref().map(|p| Workload {
        uses: p.uses(),
        managed: p.managed,
        deployment: p.deployment,
        ..Workload::default()
    });
    let stated = options.workload.as_ref().or(from_plan.as_ref());
    let views: Vec<WorkloadView> = if nodes.is_empty() {
        vec![workload::view(stated, None)]
    } else {
        nodes
            .iter()
            .map(|n| workload::view(stated, Some(&n.info)))
            .collect()
    };
    let limits = crate::estimate::Limits::from_config(&config);
    let estimate = options
        .plan
        .as_ref()
        .map(|p| crate::estimate::estimate(p, &limits));
    let mut findings = run_rules(
        &nodes,
        &views,
        &config,
        version,
        &sources,
        estimate.as_ref(),
    );
    // The last line of defence: no secret leaves in any text of the report.
    let secrets = config.secrets.clone();
    for f in &mut findings {
        f.detail = redact::scrub(&f.detail, &secrets);
        for e in &mut f.evidence {
            e.text = redact::scrub(&e.text, &secrets);
        }
    }
    for (_, d) in &mut diagnostics {
        d.message = redact::scrub(&d.message, &secrets);
    }
    let workload_summary = summarize_workload(views.first(), nodes.first(), &sources);

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

    let inputs_summary = sources
        .iter()
        .zip(&input_blocks)
        .map(|(src, blocks)| InputSummary {
            source: src.name.to_string(),
            bytes: src.text.len(),
            lines: u32::try_from(src.index.line_count()).unwrap_or(u32::MAX),
            blocks: blocks
                .iter()
                .map(|(b, description)| BlockSummary {
                    kind: b.kind.name(),
                    first_line: src.index.position(src.text, b.span.start).line,
                    last_line: src
                        .index
                        .position(src.text, b.span.end.saturating_sub(1).max(b.span.start))
                        .line,
                    description: description.clone(),
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
        inputs: inputs_summary,
        diagnostics: report_diagnostics,
        config: config_values(config, &sources),
        workload: workload_summary,
    }
}

fn describe_info(info: &Info, lines: usize) -> String {
    let server = match (info.flavor(), info.version()) {
        (Some(crate::version::Flavor::Valkey), Some(v)) => format!("Valkey {v}"),
        (_, Some(v)) => format!("Redis {v}"),
        _ => "a server of unknown version".to_string(),
    };
    let role = info
        .get("role")
        .map(|r| format!(", {r}"))
        .unwrap_or_default();
    format!(
        "INFO from {server}{role}, {lines} lines, {} sections",
        info.sections.len()
    )
}

fn run_rules(
    nodes: &[NodeInfo],
    views: &[WorkloadView],
    config: &EffectiveConfig,
    version: Option<Version>,
    sources: &[Source],
    estimate: Option<&crate::estimate::Estimate>,
) -> Vec<Finding> {
    let mut all: Vec<Finding> = Vec::new();
    let contexts: Vec<(Option<&NodeInfo>, Option<String>)> = if nodes.is_empty() {
        vec![(None, None)]
    } else {
        let many = nodes.len() > 1;
        nodes
            .iter()
            .enumerate()
            .map(|(n, node)| (Some(node), many.then(|| node_label(n, &node.info))))
            .collect()
    };
    for (i, (node, label)) in contexts.into_iter().enumerate() {
        let Some(workload) = views.get(i) else {
            continue;
        };
        let cx = Context {
            workload,
            info: node.map(|n| &n.info),
            info_at: node.map_or((0, 0), |n| (n.input, n.base)),
            config,
            version: node.and_then(|n| n.info.version()).or(version),
            sources,
            estimate,
        };
        for rule in RULES {
            let mut found = Vec::new();
            (rule.check)(&cx, &mut found);
            for mut f in found {
                // A finding resting only on configuration is the same on every node.
                if all.iter().any(|g| g.id == f.id && g.evidence == f.evidence) {
                    continue;
                }
                f.node.clone_from(&label);
                all.push(f);
            }
        }
    }
    crate::sort::sort_by(&mut all, |a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.category.cmp(&b.category))
            .then(a.id.cmp(b.id))
    });
    all
}

fn summarize_workload(
    view: Option<&WorkloadView>,
    node: Option<&NodeInfo>,
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
                .and_then(|n| {
                    let src = sources.get(n.input)?;
                    Some(
                        b.lines
                            .iter()
                            .map(|span| {
                                let at = span.start + n.base;
                                Evidence {
                                    source: src.name.to_string(),
                                    line: u32::try_from(src.index.line_of(at) + 1).ok(),
                                    text: src.index.line_text(src.text, at).to_string(),
                                }
                            })
                            .collect(),
                    )
                })
                .unwrap_or_default();
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

fn node_label(n: usize, info: &Info) -> String {
    let port = info.get("tcp_port").map(|p| format!("port {p}"));
    let role = info.get("role").map(str::to_string);
    let what: Vec<String> = [port, role].into_iter().flatten().collect();
    if what.is_empty() {
        format!("node {}", n + 1)
    } else {
        format!("node {} ({})", n + 1, what.join(", "))
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
                let line = sources.get(i)?.index.line_of(span.start) + 1;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_gives_an_empty_report() {
        let r = analyze(&[Input::new("paste", "")]);
        assert!(r.findings.is_empty());
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn unrecognized_lines_are_reported_with_their_numbers() {
        let r = analyze(&[Input::new(
            "paste",
            "maxmemory 1gb\n\nhello world\nmore text\n",
        )]);
        let d: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| (d.kind, d.start.line, d.message.as_str()))
            .collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].1, 3);
        assert!(
            d[0].2.starts_with("lines 3–4: not recognized"),
            "{}",
            d[0].2
        );
    }

    #[test]
    fn bad_value_message_has_the_line() {
        let text = "# redis.conf\nport 6379\nmaxmemory 4gbb\n";
        let r = analyze(&[Input::new("redis.conf", text)]);
        let d = &r.diagnostics[0];
        assert_eq!(d.start.line, 3);
        assert!(
            d.message.starts_with("\"4gbb\" is not a memory size"),
            "{}",
            d.message
        );
        assert!(d.message.contains("e.g. 4gb, 512mb"), "{}", d.message);
    }

    #[test]
    fn invalid_utf8_and_binary_never_panic() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let r = analyze(&[Input::from_bytes("bin", &bytes)]);
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.kind == DiagKind::InvalidUtf8)
        );
    }

    #[test]
    fn a_secret_on_a_shared_line_is_never_quoted() {
        let text = "redis-server --maxmemory 0 --requirepass sup3rs3cret --masterauth other-s3cret\n\n{\"maxmemory\":\"0\",\"requirepass\":\"json-s3cret\"}\n";
        let report = analyze(&[Input::new("paste", text)]);
        assert!(report.findings.iter().any(|f| f.id == "maxmemory-unset"));
        let json = report.to_json();
        for secret in ["sup3rs3cret", "other-s3cret", "json-s3cret"] {
            assert!(!json.contains(secret), "{secret} leaked: {json}");
        }
    }

    #[test]
    fn secrets_never_reach_the_report() {
        let text = "requirepass hunter2-secret\nmasterauth other-secret\nuser app on >pw-secret ~* +@all\nbind 0.0.0.0\nprotected-mode no\n";
        let json = analyze(&[Input::new("redis.conf", text)]).to_json();
        for secret in ["hunter2-secret", "other-secret", "pw-secret"] {
            assert!(!json.contains(secret), "{secret} leaked");
        }
    }
}
