//! The rules. One rule = one file in this folder holding its documentation
//! (the doc comment on its `declare_rule!`), its check and its tests.
//! [`registry::RULES`] lists them all.

pub mod reference;
pub mod registry;

#[macro_use]
pub mod id;
pub use id::{REDIRECTS, RuleId};

/// The rules' modules and [`RULES`], from the one list in `id.rs`.
macro_rules! declare_rule_modules {
    ($($code:ident $module:ident $variant:ident $guide:literal;)*) => {
        $(mod $module;)*

        /// Every rule, in the order of [`RuleId::ALL`]: `RULES[id.index()]` is
        /// the rule `id` names. A rule not in the list never runs.
        pub static RULES: &[&Rule] = &[$(&$module::RULE,)*];
    };
}

for_each_rule!(declare_rule_modules);

impl RuleId {
    /// The rule this id names.
    pub fn rule(self) -> &'static Rule {
        RULES[self.index()]
    }
}

use crate::analyze::nodes::{InfoPart, Node};
use crate::config::{EffectiveConfig, Origin};
use crate::diag::{LineIndex, Span};
use crate::params::{self, Mutability};
use crate::parse::info::Info;
use crate::parse::log::{LogEvent, LogKind};
use crate::parse::unwrap::View;
pub use crate::report::{Category, Evidence, Finding, Fix, Severity};
use crate::version::Version;
use crate::workload::WorkloadView;

/// A rule: its metadata, its documentation and its check.
pub struct Rule {
    /// Stable kebab-case id, used in JSON, in `redis-advisor rule ID` and in docs/rules/.
    pub id: RuleId,
    /// Short stable code (`MEM001`), from the list in `id.rs`.
    pub code: &'static str,
    pub category: Category,
    /// The default severity; a check may raise or lower it for one finding.
    pub severity: Severity,
    /// `page.md#anchor` under docs/, from the list in `id.rs`.
    pub guide: &'static str,
    /// The first Redis version the rule applies to: the first release tag of
    /// redis/redis whose C sources have the parameter, INFO field or command
    /// the rule rests on. 2.0.0 stands for "2.0 and older".
    pub since: Version,
    /// Markdown: `## What it checks`, `## Why it matters`, `## Example`, `## Sources`.
    pub doc: &'static str,
    pub check: fn(&Context, &mut Vec<Finding>),
    /// The source file, for "view source" links.
    pub file: &'static str,
}

impl Rule {
    /// The documentation as Markdown (doc comments keep the space after `///`).
    pub fn doc_markdown(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    /// The doc's first line: the rule's one-line summary.
    pub fn summary(&self) -> &'static str {
        self.doc
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("")
    }
}

/// Declares a rule from its doc comment and metadata; the rule's code and
/// guide come from its row in the list (`id.rs`):
///
/// ```ignore
/// declare_rule! {
///     /// One-line summary.
///     /// ## What it checks
///     /// ...
///     pub(crate) static RULE = {
///         id: MaxmemoryUnset, category: Memory, severity: Warning,
///         since: (2, 0, 0), check: check,
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $name:ident = {
            id: $id:ident,
            category: $cat:ident,
            severity: $sev:ident,
            since: ($major:literal, $minor:literal, $patch:literal),
            check: $check:path $(,)?
        }
    ) => {
        $vis static $name: $crate::rules::Rule = $crate::rules::Rule {
            id: $crate::rules::RuleId::$id,
            code: $crate::rules::RuleId::$id.code(),
            category: $crate::report::Category::$cat,
            severity: $crate::report::Severity::$sev,
            guide: $crate::rules::RuleId::$id.guide(),
            since: $crate::version::Version::new($major, $minor, $patch),
            doc: if cfg!(feature = "docs") { concat!($($doc, "\n"),*) } else { "" },
            check: $check,
            file: file!(),
        };
    };
}

/// One analyzed input, as rules see it.
pub struct Source<'a> {
    pub name: &'a str,
    /// The text as the user gave it (cut at the size limit).
    pub text: &'a str,
    /// The line index of `text`.
    pub index: LineIndex,
    /// What the analysis read: the text inside any wrapper. Spans of blocks,
    /// fields and configuration origins are offsets into it.
    pub view: View<'a>,
}

impl Source<'_> {
    /// A span of the unwrapped text as a span of the original text.
    pub fn original(&self, span: Span) -> Span {
        self.view.span(span)
    }
}

/// What a rule's check reads: one node's INFO (if any), the effective
/// configuration, and the inputs for quoting evidence.
pub struct Context<'a> {
    pub info: Option<&'a Info>,
    /// Where each stretch of the INFO text came from (several for slices).
    pub info_parts: &'a [InfoPart],
    pub config: &'a EffectiveConfig,
    pub version: Option<Version>,
    pub sources: &'a [Source<'a>],
    pub workload: &'a WorkloadView,
    /// The estimate of a workload file given with the review, if any.
    pub estimate: Option<&'a crate::estimate::Estimate>,
    /// Messages of the server's log found in the inputs (input, event).
    pub log: &'a [(usize, LogEvent)],
}

impl<'a> Context<'a> {
    /// An INFO field's value; `None` when there is no INFO or no such field.
    pub fn info(&self, key: &str) -> Option<&'a str> {
        self.info?.get(key)
    }

    pub fn info_u64(&self, key: &str) -> Option<u64> {
        self.info?.u64(key)
    }

    pub fn info_f64(&self, key: &str) -> Option<f64> {
        self.info?.f64(key)
    }

    fn quote(&self, input: usize, span: Span) -> Evidence {
        let Some(src) = self.sources.get(input) else {
            return Evidence {
                source: String::new(),
                line: None,
                text: String::new(),
            };
        };
        let span = src.original(span);
        let first = src.index.line_of(span.start);
        let last = src
            .index
            .line_of(span.end.saturating_sub(1).max(span.start));
        let whole_line = src.index.line_text(src.text, span.start);
        // A value on a line shared with others, or a line inside a wrapper
        // (a timestamp, a quote mark): quote only what was read.
        let text =
            if first == last && (span.len() + 2 < whole_line.len() || !src.view.is_identity()) {
                // A value on a line shared with others (JSON, a command line): quote only it.
                src.text
                    .get(span.start..span.end)
                    .unwrap_or(whole_line)
                    .to_string()
            } else {
                (first..=last)
                    .map(|l| src.index.line_text(src.text, src.index.line_start(l)))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
        Evidence {
            source: src.name.to_string(),
            line: u32::try_from(first + 1).ok(),
            text,
        }
    }

    /// Evidence for a span of an input (e.g. a redis.conf line).
    pub fn quote_at(&self, input: usize, span: Span) -> Evidence {
        self.quote(input, span)
    }

    /// Evidence for a span of the node's INFO block.
    pub fn info_span_evidence(&self, span: Span) -> Evidence {
        let (input, span) = Node::locate(self.info_parts, span);
        self.quote(input, span)
    }

    /// Evidence for the workload: the INFO lines the inference read, or a note
    /// that the user stated it.
    pub fn workload_evidence(&self, u: crate::workload::Use) -> Vec<Evidence> {
        match self.workload.beliefs.iter().find(|b| b.use_ == u) {
            Some(b) if !b.elsewhere.is_empty() => b
                .elsewhere
                .iter()
                .map(|&(input, span)| self.quote(input, span))
                .collect(),
            Some(b) if b.lines.is_empty() => vec![Evidence {
                source: "workload".to_string(),
                line: None,
                text: format!("{} (stated)", u.describe()),
            }],
            Some(b) => b
                .lines
                .iter()
                .map(|&span| self.info_span_evidence(span))
                .collect(),
            None => Vec::new(),
        }
    }

    /// Evidence for an INFO field: the line as pasted.
    pub fn info_evidence(&self, key: &str) -> Option<Evidence> {
        let info = self.info?;
        let field = info.field(key)?;
        Some(self.info_span_evidence(field.line))
    }

    /// Evidence for a parameter: the line(s) it was read from, or a note that
    /// it is the default. Secrets are never quoted.
    pub fn config_evidence(&self, name: &str) -> Option<Evidence> {
        let setting = self.config.get(name)?;
        let (input, span) = match setting.origin {
            Origin::ConfigGet { input, span }
            | Origin::Conf { input, span }
            | Origin::Info { input, span } => (input, span),
            Origin::Default => {
                let version = self
                    .version
                    .map_or_else(|| "7.x".to_string(), |v| v.to_string());
                return Some(Evidence {
                    source: "default".to_string(),
                    line: None,
                    text: format!(
                        "{} {} (not set; the default of Redis {version})",
                        setting.name,
                        shown(&setting.value)
                    ),
                });
            }
        };
        let mut ev = self.quote(input, span);
        if setting.is_secret() {
            ev.text = format!("{} <redacted>", setting.name);
        }
        Some(ev)
    }

    /// Evidence for the log lines that say `kind` (at most three).
    pub fn logged(&self, kind: LogKind) -> Vec<Evidence> {
        let mut lines: Vec<Evidence> = Vec::new();
        for (input, e) in self.log.iter().filter(|(_, e)| e.kind == kind) {
            let ev = self.quote(*input, e.line);
            if !lines.iter().any(|l| l.text == ev.text) {
                lines.push(ev);
            }
            if lines.len() == 3 {
                break;
            }
        }
        lines
    }

    /// Evidence for a value the paste does not show, naming the command that
    /// shows it (`source` is `missing`, no line).
    pub fn missing(&self, what: &str, command: &str) -> Evidence {
        Evidence {
            source: "missing".to_string(),
            line: None,
            text: format!("{what}: not in the paste (`{command}` shows it)"),
        }
    }

    /// Starts a finding for `rule` with its default severity.
    pub fn finding(
        &self,
        rule: &Rule,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Finding {
        Finding {
            id: rule.id,
            code: rule.code,
            severity: rule.severity,
            category: rule.category,
            title: title.into(),
            detail: detail.into(),
            evidence: Vec::new(),
            fix: None,
            guide: rule.guide,
            node: None,
        }
    }

    /// Is the server at least this version? `None` when no INFO told the version.
    pub fn at_least(&self, major: u16, minor: u16) -> Option<bool> {
        self.version.map(|v| v.at_least(major, minor, 0))
    }

    /// The server is known to be older than this version.
    pub fn older_than(&self, major: u16, minor: u16) -> bool {
        self.at_least(major, minor) == Some(false)
    }

    /// Does this server's version have the parameter? True when the version is
    /// unknown or the parameter's first version is not tracked.
    pub fn has_param(&self, name: &str) -> bool {
        match (self.version, params::lookup(name).and_then(|p| p.since)) {
            (Some(v), Some(since)) => v >= since,
            _ => true,
        }
    }

    /// A fix setting parameters: redis.conf lines, and `CONFIG SET` where the
    /// server allows it (not for immutable parameters, nor when CONFIG is
    /// renamed or disabled). A parameter the server's version does not have is
    /// left out and the note says from which version it exists; a protected
    /// config (7.0+) is an ordinary one on older versions.
    pub fn fix(&self, settings: &[(&str, &str)]) -> Fix {
        let mut fix = Fix::default();
        let mut notes = Vec::new();
        let mut kept = Vec::new();
        for &(name, value) in settings {
            if self.has_param(name) {
                kept.push((name, value));
            } else if let (Some(since), Some(v)) =
                (params::lookup(name).and_then(|p| p.since), self.version)
            {
                notes.push(format!(
                    "`{name}` exists from Redis {}.{}; this server runs {v}, which does not have it",
                    since.major, since.minor
                ));
            }
        }
        let settings = &kept[..];
        if let Some(managed) = self.workload.managed {
            for (name, value) in settings {
                fix.conf.push(format!(
                    "{name} {}",
                    if value.is_empty() { "\"\"" } else { value }
                ));
            }
            fix.note = Some(format!(
                "On {}, {}.",
                managed.name(),
                managed.how_to_change()
            ));
            return fix;
        }
        let config_renamed = self.config.renamed("config");
        for (name, value) in settings {
            let value_conf = if value.is_empty() { "\"\"" } else { value };
            fix.conf.push(format!("{name} {value_conf}"));
            let mutability = mutability_at(name, self.version);
            let quoted = if value.is_empty() || value.contains(' ') {
                format!("\"{value}\"")
            } else {
                value.to_string()
            };
            match (mutability, config_renamed) {
                (Mutability::Immutable, _) => notes.push(format!(
                    "`{name}` cannot be changed at run time: set it in redis.conf and restart"
                )),
                (_, Some(r)) if r.to.is_empty() => {
                    notes.push(
                        "CONFIG is disabled by rename-command here: change redis.conf and restart"
                            .to_string(),
                    );
                }
                (_, Some(r)) => fix.config_set.push(format!("{} SET {name} {quoted}", r.to)),
                (Mutability::Protected, None) => {
                    fix.config_set.push(format!("CONFIG SET {name} {quoted}"));
                    notes.push(format!(
                        "`{name}` is a protected config: CONFIG SET needs enable-protected-configs"
                    ));
                }
                (Mutability::Mutable, None) => {
                    fix.config_set.push(format!("CONFIG SET {name} {quoted}"))
                }
            }
        }
        // A new password: Redis 5.0 and older ask this very connection for it at
        // the next command (6.0+ keep it authenticated), so set it last and AUTH.
        let set_pass = |l: &String| l.split_whitespace().nth(2) == Some("requirepass");
        if let Some(at) = fix.config_set.iter().position(set_pass) {
            let line = fix.config_set.remove(at);
            fix.config_set.push(line);
            if let Some((_, value)) = settings.iter().find(|(n, _)| *n == "requirepass") {
                fix.config_set.push(format!("AUTH {value}"));
            }
        }
        if !fix.config_set.is_empty() && config_renamed.is_none_or(|r| !r.to.is_empty()) {
            fix.config_set.push("CONFIG REWRITE".to_string());
        }
        notes.dedup();
        if !notes.is_empty() {
            fix.note = Some(notes.join(". "));
        }
        fix
    }
}

/// Whether `CONFIG SET` can change a parameter on a version: the 7.0
/// measurement in params.rs, corrected where older versions differ.
fn mutability_at(name: &str, version: Option<Version>) -> Mutability {
    let older_than = |major, minor| version.is_some_and(|v| !v.at_least(major, minor, 0));
    match params::lookup(name).map(|p| (p.name, p.mutability)) {
        // Protected configs arrived in 7.0; before, CONFIG SET changes them freely.
        Some((_, Mutability::Protected)) if older_than(7, 0) => Mutability::Mutable,
        // src/config.c of 6.0.20 has no CONFIG SET for bind; 6.2.16 added it.
        Some(("bind", _)) if older_than(6, 2) => Mutability::Immutable,
        Some((_, m)) => m,
        None => Mutability::Mutable,
    }
}

/// A value as shown in a message: `""` for empty.
pub fn shown(value: &str) -> String {
    if value.is_empty() {
        "\"\"".to_string()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs one rule over inputs through the real `analyze`. The input must be
    //! read cleanly: a block nothing recognized, or a diagnostic of level
    //! warning or error, fails the test, so that a rule that "stays silent"
    //! stays silent on input that was actually read.
    use super::RuleId;
    use crate::analyze::{Input, Options, analyze_with};
    use crate::diag::Level;
    use crate::report::{Finding, Report};
    use crate::workload::Workload;
    pub use crate::workload::{QueueLibrary, Use};

    pub fn run(rule: RuleId, inputs: &[(&str, &str)]) -> Vec<Finding> {
        run_options(rule, inputs, &Options::default())
    }

    /// The same, with a stated workload.
    pub fn run_with(rule: RuleId, inputs: &[(&str, &str)], uses: &[Use]) -> Vec<Finding> {
        let workload = Workload {
            uses: uses.to_vec(),
            ..Workload::default()
        };
        run_options(
            rule,
            inputs,
            &Options {
                workload: Some(workload),
                ..Options::default()
            },
        )
    }

    /// A whole redis.conf: `lines` first, then most other parameters at their
    /// compiled-in defaults (generated from the parameter table), so it reads as a
    /// whole configuration rather than an excerpt.
    pub fn whole_conf(lines: &str) -> String {
        let named: Vec<String> = lines
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_ascii_lowercase)
            .collect();
        let mut text = lines.to_string();
        for p in crate::params::PARAMS {
            let Some(default) = p.default else { continue };
            // These stay unwritten, so the tests see them at their defaults.
            const LEFT_OUT: &[&str] = &[
                "maxmemory",
                "bind",
                "protected-mode",
                "requirepass",
                "masterauth",
                "replicaof",
                "tls-port",
                "latency-monitor-threshold",
                "save",
            ];
            if LEFT_OUT.contains(&p.name)
                || named
                    .iter()
                    .any(|n| n == p.name || p.aliases.contains(&n.as_str()))
            {
                continue;
            }
            let value = if default.is_empty() {
                "\"\"".to_string()
            } else {
                default.to_string()
            };
            text.push_str(&format!("{} {value}\n", p.name));
        }
        text
    }

    pub fn run_options(rule: RuleId, inputs: &[(&str, &str)], options: &Options) -> Vec<Finding> {
        let report = report(inputs, options);
        assert_read_cleanly(&report);
        of_rule(report, rule)
    }

    fn report(inputs: &[(&str, &str)], options: &Options) -> Report {
        let inputs: Vec<Input> = inputs.iter().map(|(n, t)| Input::new(*n, *t)).collect();
        analyze_with(&inputs, options)
    }

    fn of_rule(report: Report, rule: RuleId) -> Vec<Finding> {
        report
            .findings
            .into_iter()
            .filter(|f| f.id == rule)
            .collect()
    }

    fn assert_read_cleanly(report: &Report) {
        for input in &report.inputs {
            for block in &input.blocks {
                assert!(
                    !matches!(block.kind, "unrecognized" | "long-line"),
                    "{}: lines {}-{} were not read ({})",
                    input.source,
                    block.first_line,
                    block.last_line,
                    block.description
                );
            }
        }
        for d in &report.diagnostics {
            assert!(
                d.level == Level::Note,
                "{}:{}: {:?} {}",
                d.source,
                d.start.line,
                d.level,
                d.message
            );
        }
    }

    #[test]
    #[should_panic(expected = "were not read")]
    fn input_nothing_recognized_fails_the_test() {
        run(RuleId::MaxmemoryUnset, &[("info", "no such thing\n")]);
    }

    #[test]
    #[should_panic(expected = "Error")]
    fn a_bad_value_fails_the_test() {
        run(
            RuleId::MaxmemoryUnset,
            &[("redis.conf", "maxmemory lots\n")],
        );
    }

    #[test]
    fn every_rule_is_listed_under_its_own_file() {
        assert_eq!(super::RULES.len(), RuleId::ALL.len());
        for (rule, id) in super::RULES.iter().zip(RuleId::ALL) {
            assert_eq!(rule.id, *id, "{} is declared in the row of {id}", rule.file);
            let file = format!("/{}.rs", id.as_str().replace('-', "_"));
            assert!(rule.file.ends_with(&file), "{id} lives in {}", rule.file);
            assert_eq!(id.rule().id, *id);
        }
    }
}
