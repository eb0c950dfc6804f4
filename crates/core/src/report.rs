//! The report: what `analyze` returns to every shell. Its JSON form is the
//! contract documented in docs/cli.md; field names here are that contract.

use crate::diag::{DiagKind, Level, Position};
use crate::rules::id::RuleId;
use crate::version::{Flavor, Version};
use serde::{Deserialize, Serialize};

/// A string of the advisor's own (a rule id, a guide anchor, a block kind).
/// An alias, so that serde does not read it as borrowed from the JSON: the
/// `de` functions below return the advisor's strings instead.
type Static = &'static str;

/// Bumped when a field of the JSON report changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// An improvement.
    Info,
    /// A risk under load or failure.
    Warning,
    /// Data loss or open access now.
    Critical,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Eviction,
    Memory,
    Persistence,
    Security,
    Clients,
    Replication,
    Latency,
    Keyspace,
    Version,
}

impl Category {
    pub const ALL: &[Category] = &[
        Category::Eviction,
        Category::Memory,
        Category::Persistence,
        Category::Security,
        Category::Clients,
        Category::Replication,
        Category::Latency,
        Category::Keyspace,
        Category::Version,
    ];

    /// The first three letters of the codes of its rules (`MEM001`).
    pub fn prefix(self) -> &'static str {
        match self {
            Category::Eviction => "EVI",
            Category::Memory => "MEM",
            Category::Persistence => "PER",
            Category::Security => "SEC",
            Category::Clients => "CLI",
            Category::Replication => "REP",
            Category::Latency => "LAT",
            Category::Keyspace => "KEY",
            Category::Version => "VER",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Category::Eviction => "eviction",
            Category::Memory => "memory",
            Category::Persistence => "persistence",
            Category::Security => "security",
            Category::Clients => "clients",
            Category::Replication => "replication",
            Category::Latency => "latency",
            Category::Keyspace => "keyspace",
            Category::Version => "version",
        }
    }
}

/// A line of the user's input that a finding rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The input's name (a file name, or `paste`).
    pub source: String,
    /// 1-based; `None` for a default value nobody wrote down.
    pub line: Option<u32>,
    /// The line as pasted (secrets replaced by `<redacted>`).
    pub text: String,
}

/// How to change it: a redis.conf line and the `CONFIG SET` for the running
/// server (empty where `CONFIG SET` cannot do it; `note` says why).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub conf: Vec<String>,
    pub config_set: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule, written as its stable kebab-case id; an id the rule had
    /// before a rename reads as the rule (`rules::REDIRECTS`).
    pub id: RuleId,
    #[serde(deserialize_with = "de::rule_code")]
    pub code: Static,
    pub severity: Severity,
    pub category: Category,
    pub title: String,
    pub detail: String,
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// `page.md#anchor` under docs/.
    #[serde(deserialize_with = "de::guide")]
    pub guide: Static,
    /// Which node, when the paste held several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

/// A diagnostic about the input, with its position resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportDiagnostic {
    pub source: String,
    pub level: Level,
    pub kind: DiagKind,
    pub start: Position,
    pub end: Position,
    pub message: String,
}

/// One recognized (or unrecognized) part of an input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockSummary {
    /// `info`, `config-get`, `redis-conf`, `prompt`, `command-output`, `unrecognized`,
    /// `long-line`.
    #[serde(deserialize_with = "de::block_kind")]
    pub kind: Static,
    pub first_line: u32,
    pub last_line: u32,
    /// For people: "INFO from Redis 7.0.15, 210 lines".
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputSummary {
    pub source: String,
    pub bytes: usize,
    pub lines: u32,
    pub blocks: Vec<BlockSummary>,
}

/// One effective parameter as the report shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigValue {
    pub name: std::borrow::Cow<'static, str>,
    /// `<redacted>` for a secret that is set.
    pub value: std::borrow::Cow<'static, str>,
    /// `config-get`, `redis-conf`, `info` or `default`.
    #[serde(deserialize_with = "de::origin")]
    pub origin: Static,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<std::rc::Rc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// What the report knows about the server itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerSummary {
    pub version: Option<Version>,
    pub flavor: Option<Flavor>,
    pub role: Option<String>,
    pub nodes: usize,
    pub used_memory: Option<u64>,
    pub maxmemory: Option<u64>,
    pub total_system_memory: Option<u64>,
    pub uptime_seconds: Option<u64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub critical: usize,
    pub warning: usize,
    pub info: usize,
}

/// One use of the instance the rules assumed, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UseSummary {
    #[serde(rename = "use")]
    pub use_: crate::workload::Use,
    pub description: String,
    pub confidence: crate::workload::Confidence,
    pub reason: String,
    pub evidence: Vec<Evidence>,
}

/// The workload the rules used: stated by the user or inferred from INFO.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkloadSummary {
    pub stated: bool,
    pub managed: Option<crate::workload::Managed>,
    pub uses: Vec<UseSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: u32,
    #[serde(deserialize_with = "de::tool_version")]
    pub tool_version: Static,
    pub summary: Counts,
    pub server: ServerSummary,
    pub findings: Vec<Finding>,
    pub inputs: Vec<InputSummary>,
    pub diagnostics: Vec<ReportDiagnostic>,
    pub config: Vec<ConfigValue>,
    pub workload: WorkloadSummary,
    /// Findings a team accepted ([`crate::accept`]): not counted in `summary`.
    /// Left out of the JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<AcceptedFinding>,
    /// Acceptances that expired, no longer match their evidence, match
    /// nothing, or name no rule. Left out of the JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acceptance_notices: Vec<AcceptanceNotice>,
}

/// A finding a team accepted, with why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AcceptedFinding {
    pub finding: Finding,
    pub reason: String,
    /// The acceptance's last day, `YYYY-MM-DD`.
    pub expires: Option<String>,
    /// Where it was accepted: `redis-advisor.toml:4`, `--accept`, empty when unknown.
    pub origin: String,
    /// [`crate::accept::fingerprint`] of the finding's evidence, to pin the
    /// acceptance to it.
    pub fingerprint: String,
}

/// What happened to an acceptance that no longer applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeKind {
    /// Past its last day: the finding counts again.
    Expired,
    /// The finding is there but its evidence is no longer what was accepted.
    EvidenceChanged,
    /// No finding of its rule (on its node) in this report.
    Unused,
    /// It names no rule.
    UnknownRule,
}

impl NoticeKind {
    pub fn name(self) -> &'static str {
        match self {
            NoticeKind::Expired => "expired",
            NoticeKind::EvidenceChanged => "evidence-changed",
            NoticeKind::Unused => "unused",
            NoticeKind::UnknownRule => "unknown-rule",
        }
    }
}

/// An acceptance that no longer applies, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AcceptanceNotice {
    pub kind: NoticeKind,
    /// The rule as the acceptance names it.
    pub rule: String,
    pub node: Option<String>,
    pub origin: String,
    pub message: String,
}

impl Report {
    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// Reads back what [`Report::to_json`] (or `serde_json::to_string`) wrote,
    /// with this build of the advisor. The tests use it to check that the JSON
    /// carries the whole report; the web app's worker sends bytes instead
    /// ([`Report::to_wire`]).
    pub fn from_json(json: &str) -> Result<Report, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }
}

/// The values each of the report's own strings (the [`Static`] fields) can
/// take: what reading a report back accepts, from its JSON or from the bytes
/// of [`Report::to_wire`].
pub(crate) mod known {
    use crate::config::Origin;
    use crate::parse::split::BlockKind;
    use crate::rules::id::RuleId;

    pub fn rule_codes() -> Vec<&'static str> {
        RuleId::ALL.iter().map(|r| r.code()).collect()
    }

    pub fn guides() -> Vec<&'static str> {
        RuleId::ALL.iter().map(|r| r.guide()).collect()
    }

    pub fn block_kinds() -> Vec<&'static str> {
        BlockKind::NAMES.to_vec()
    }

    pub fn origins() -> Vec<&'static str> {
        Origin::NAMES.to_vec()
    }

    pub fn tool_versions() -> Vec<&'static str> {
        vec![env!("CARGO_PKG_VERSION")]
    }
}

/// Reading a report back from its JSON. The [`Static`] fields take the
/// advisor's own strings ([`known`]); a value it never produces is an error.
mod de {
    use super::known;
    use serde::de::{Deserialize, Deserializer, Error};

    fn one_of<'de, D: Deserializer<'de>>(
        d: D,
        what: &str,
        known: Vec<&'static str>,
    ) -> Result<&'static str, D::Error> {
        let s = String::deserialize(d)?;
        known
            .into_iter()
            .find(|k| *k == s)
            .ok_or_else(|| D::Error::custom(format!("unknown {what} {s:?}")))
    }

    /// A current code, or the current code of a rule whose code changed.
    pub fn rule_code<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let s = String::deserialize(d)?;
        crate::rules::id::RuleId::from_code(&s)
            .map(|r| r.code())
            .ok_or_else(|| D::Error::custom(format!("unknown rule code {s:?}")))
    }

    pub fn guide<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        one_of(d, "guide", known::guides())
    }

    pub fn block_kind<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        one_of(d, "block kind", known::block_kinds())
    }

    pub fn origin<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        one_of(d, "origin", known::origins())
    }

    pub fn tool_version<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        one_of(d, "tool version", known::tool_versions())
    }
}
