//! The report: what `analyze` returns to every shell. Its JSON form is the
//! contract documented in docs/cli.md; field names here are that contract.

use crate::diag::{DiagKind, Level, Position};
use crate::version::{Flavor, Version};
use serde::Serialize;

/// Bumped when a field of the JSON report changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub conf: Vec<String>,
    pub config_set: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Stable kebab-case rule id.
    pub id: &'static str,
    pub code: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub title: String,
    pub detail: String,
    pub evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// `page.md#anchor` under docs/.
    pub guide: &'static str,
    /// Which node, when the paste held several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

/// A diagnostic about the input, with its position resolved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportDiagnostic {
    pub source: String,
    pub level: Level,
    pub kind: DiagKind,
    pub start: Position,
    pub end: Position,
    pub message: String,
}

/// One recognized (or unrecognized) part of an input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlockSummary {
    /// `info`, `config-get`, `redis-conf`, `prompt`, `command-output`, `unrecognized`.
    pub kind: &'static str,
    pub first_line: u32,
    pub last_line: u32,
    /// For people: "INFO from Redis 7.0.15, 210 lines".
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputSummary {
    pub source: String,
    pub bytes: usize,
    pub lines: u32,
    pub blocks: Vec<BlockSummary>,
}

/// One effective parameter as the report shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConfigValue {
    pub name: std::borrow::Cow<'static, str>,
    /// `<redacted>` for a secret that is set.
    pub value: std::borrow::Cow<'static, str>,
    /// `config-get`, `redis-conf`, `info` or `default`.
    pub origin: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<std::rc::Rc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// What the report knows about the server itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub critical: usize,
    pub warning: usize,
    pub info: usize,
}

/// One use of the instance the rules assumed, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UseSummary {
    #[serde(rename = "use")]
    pub use_: crate::workload::Use,
    pub description: String,
    pub confidence: crate::workload::Confidence,
    pub reason: String,
    pub evidence: Vec<Evidence>,
}

/// The workload the rules used: stated by the user or inferred from INFO.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WorkloadSummary {
    pub stated: bool,
    pub managed: Option<crate::workload::Managed>,
    pub uses: Vec<UseSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub schema: u32,
    pub tool_version: &'static str,
    pub summary: Counts,
    pub server: ServerSummary,
    pub findings: Vec<Finding>,
    pub inputs: Vec<InputSummary>,
    pub diagnostics: Vec<ReportDiagnostic>,
    pub config: Vec<ConfigValue>,
    pub workload: WorkloadSummary,
}

impl Report {
    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}
