//! The workload file: what an instance will hold, for the estimator and the
//! recommended configuration. The CLI reads it from TOML or JSON, the web
//! app fills it from the questionnaire. Documented in docs/workload.md.

use crate::workload::{Deployment, Managed, QueueLibrary, Use};
use serde::{Deserialize, Deserializer, Serialize};

/// How much data loss is acceptable on a crash.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Loss {
    /// Nothing acknowledged may be lost.
    None,
    /// About a second (AOF everysec).
    #[default]
    Second,
    /// Minutes (RDB snapshots).
    Minutes,
    /// Everything: it is a cache.
    All,
}

/// A whole number, or a text that `parse` reads (with its own error message).
fn number_or_text<'de, D: Deserializer<'de>>(
    d: D,
    parse: impl Fn(&str) -> Result<u64, String>,
) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        N(u64),
        S(String),
    }
    match Raw::deserialize(d)? {
        Raw::N(n) => Ok(n),
        Raw::S(s) => parse(&s).map_err(serde::de::Error::custom),
    }
}

/// Bytes, written as a number or with Redis's units ("5kb", "2gb").
fn bytes<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    number_or_text(d, |s| {
        crate::units::parse_memory(s).map_err(|e| crate::units::memory_error_message(s, &e))
    })
}

fn opt_bytes<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    bytes(d).map(Some)
}

/// Seconds, written as a number or as "90s", "5m", "24h", "7d".
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u64 = crate::units::int(n)?;
    let mul = match unit.trim() {
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    n.checked_mul(mul)
}

fn opt_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    seconds(d).map(Some)
}

/// The shape of the values of a group of keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "lowercase",
    rename_all_fields = "kebab-case",
    deny_unknown_fields
)]
pub enum ValueSpec {
    String {
        #[serde(deserialize_with = "bytes")]
        size: u64,
        #[serde(default)]
        integer: bool,
    },
    Json {
        #[serde(deserialize_with = "bytes")]
        size: u64,
    },
    Hash {
        fields: u64,
        #[serde(deserialize_with = "bytes", default = "ten")]
        field_size: u64,
        #[serde(deserialize_with = "bytes")]
        value_size: u64,
    },
    Set {
        members: u64,
        #[serde(deserialize_with = "bytes", default = "ten")]
        member_size: u64,
        #[serde(default)]
        integers: bool,
    },
    Zset {
        members: u64,
        #[serde(deserialize_with = "bytes", default = "ten")]
        member_size: u64,
    },
    List {
        elements: u64,
        #[serde(deserialize_with = "bytes")]
        element_size: u64,
    },
    Stream {
        entries: u64,
        fields: u64,
        #[serde(deserialize_with = "bytes", default = "ten")]
        field_size: u64,
        #[serde(deserialize_with = "bytes")]
        value_size: u64,
    },
}

fn ten() -> u64 {
    10
}

/// DataType is an alias kept for the questionnaire's wording.
pub type DataType = ValueSpec;

/// A group of keys of one shape: cache entries, sessions, other data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct KeysComponent {
    #[serde(default)]
    pub name: Option<String>,
    pub count: u64,
    #[serde(default = "key_length")]
    pub key_length: u64,
    pub value: ValueSpec,
    #[serde(default, deserialize_with = "opt_seconds", rename = "ttl")]
    pub ttl_seconds: Option<u64>,
}

fn key_length() -> u64 {
    24
}

impl KeysComponent {
    pub fn label(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("{} keys", self.count))
    }
}

/// How long finished jobs are kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Retention {
    Count {
        count: u64,
    },
    Age {
        #[serde(deserialize_with = "seconds")]
        seconds: u64,
    },
    #[serde(skip)]
    Forever,
    #[serde(skip)]
    None,
}

/// Seconds, written as a number or as a duration ("90s", "5m", "24h", "7d").
fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    number_or_text(d, |s| {
        parse_duration(s)
            .ok_or_else(|| format!("\"{s}\" is not a duration (e.g. 90s, 5m, 24h, 7d)"))
    })
}

fn retention<'de, D: Deserializer<'de>>(d: D) -> Result<Retention, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Word(String),
        Count { count: u64 },
        Age { age: serde_json::Value },
    }
    match Raw::deserialize(d)? {
        Raw::Word(w) if w == "forever" => Ok(Retention::Forever),
        Raw::Word(w) if w == "none" => Ok(Retention::None),
        Raw::Word(w) => Err(serde::de::Error::custom(format!(
            "retention \"{w}\": use \"forever\", \"none\", {{ count = N }} or {{ age = \"24h\" }}"
        ))),
        Raw::Count { count } => Ok(Retention::Count { count }),
        Raw::Age { age } => {
            let secs = match &age {
                serde_json::Value::Number(n) => n.as_u64(),
                serde_json::Value::String(s) => parse_duration(s),
                _ => None,
            };
            secs.map(|seconds| Retention::Age { seconds })
                .ok_or_else(|| serde::de::Error::custom("age: a duration such as \"24h\""))
        }
    }
}

fn forever() -> Retention {
    Retention::Forever
}

/// A job queue (BullMQ's layout; other libraries are estimated with the same shape).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct QueueComponent {
    #[serde(default)]
    pub name: Option<String>,
    pub library: QueueLibrary,
    #[serde(default = "one")]
    pub queues: u64,
    pub jobs_per_minute: f64,
    #[serde(deserialize_with = "bytes")]
    pub payload: u64,
    #[serde(default = "one")]
    pub attempts: u64,
    /// Kept completed jobs: "forever" (BullMQ's default), { count }, { age }.
    #[serde(default = "forever", deserialize_with = "retention")]
    pub completed: Retention,
    #[serde(default = "forever", deserialize_with = "retention")]
    pub failed: Retention,
    /// BullMQ's events stream length per queue (10,000 by default).
    #[serde(default = "events_cap")]
    pub events_cap: u64,
    /// Share of jobs that end failed.
    #[serde(default = "failure_rate")]
    pub failure_rate: f64,
    /// Average processing time: how many jobs are active at once.
    #[serde(default = "processing")]
    pub processing_seconds: f64,
    /// Jobs waiting at the worst moment (a backlog during an outage of the workers).
    #[serde(default)]
    pub backlog: u64,
    #[serde(default = "job_name")]
    pub job_name_size: u64,
    #[serde(default = "result_size")]
    pub result_size: u64,
    /// For "forever" retention: how many days of jobs to size for.
    #[serde(default = "horizon")]
    pub horizon_days: f64,
}

fn one() -> u64 {
    1
}
fn events_cap() -> u64 {
    10_000
}
fn failure_rate() -> f64 {
    0.01
}
fn processing() -> f64 {
    1.0
}
fn job_name() -> u64 {
    12
}
fn result_size() -> u64 {
    20
}
fn horizon() -> f64 {
    30.0
}

/// One part of what the instance holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case",
    deny_unknown_fields
)]
pub enum Component {
    Cache(KeysComponent),
    Sessions(KeysComponent),
    Data(KeysComponent),
    Locks {
        count: u64,
        #[serde(default = "key_length")]
        key_length: u64,
    },
    RateLimiters {
        keys: u64,
        #[serde(default = "key_length")]
        key_length: u64,
    },
    Queue(QueueComponent),
    Stream {
        name: String,
        length: u64,
        fields: u64,
        #[serde(deserialize_with = "bytes", default = "ten")]
        field_size: u64,
        #[serde(deserialize_with = "bytes")]
        value_size: u64,
    },
    PubSub {
        subscribers: u64,
        #[serde(deserialize_with = "bytes")]
        message_size: u64,
        /// Messages a slow subscriber may have waiting in its buffer.
        #[serde(default = "backlog_messages")]
        backlog_messages: u64,
    },
}

fn backlog_messages() -> u64 {
    100
}

/// serde's "unknown field `memmory`, expected one of `memory`, ..." (or
/// "unknown variant") as "unknown field `memmory` (did you mean `memory`?)",
/// or with the known names when none is close. `None` for other errors.
fn unknown_name(message: &str) -> Option<(String, String)> {
    let what = ["unknown field `", "unknown variant `"]
        .into_iter()
        .find(|p| message.starts_with(p))?;
    let what = what.trim_end_matches(" `");
    // The names serde quotes: the unknown one, then the known ones.
    let mut names = message.split('`').skip(1).step_by(2);
    let unknown = names.next()?;
    let known: Vec<&str> = names.collect();
    let closest = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
        .min();
    let text = match closest {
        Some((d, k)) if d <= 2 && d * 3 <= unknown.len().max(k.len()) => {
            format!("{what} `{unknown}` (did you mean `{k}`?)")
        }
        _ if known.is_empty() => format!("{what} `{unknown}`"),
        _ => {
            let kind = if what.ends_with("field") {
                "fields"
            } else {
                "kinds"
            };
            let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            format!("{what} `{unknown}`; known {kind}: {}", list.join(", "))
        }
    };
    Some((unknown.to_string(), text))
}

/// Where `name` is written as a key (`name =`, `"name":`) or a quoted value
/// (`"name"`): not inside a longer word.
fn written_at(text: &str, at: usize, name: &str) -> bool {
    let before = text[..at].chars().next_back();
    let after = &text[at + name.len()..];
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if before.is_some_and(word) || after.chars().next().is_some_and(word) {
        return false;
    }
    let quoted = matches!(before, Some('"' | '\'')) && after.starts_with(['"', '\'']);
    let rest = after
        .trim_start_matches(['"', '\''])
        .trim_start_matches([' ', '\t']);
    quoted || rest.starts_with('=') || rest.starts_with(':')
}

/// The first place from `from` on where `name` is written.
#[cfg(feature = "toml")]
fn name_after(text: &str, name: &str, from: usize) -> Option<usize> {
    let tail = text.get(from..)?;
    tail.match_indices(name)
        .map(|(i, _)| from + i)
        .find(|&at| written_at(text, at, name))
}

/// The last place before `end` where `name` is written.
fn name_before(text: &str, name: &str, end: usize) -> Option<usize> {
    let head = text.get(..end)?;
    head.rmatch_indices(name)
        .map(|(i, _)| i)
        .find(|&at| written_at(text, at, name))
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, at: usize) -> usize {
    let before = text.get(..at).unwrap_or(text);
    memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1
}

/// The byte offset of a 1-based line and column (serde_json's position),
/// clamped to the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes())
            .nth(line - 2)
            .map_or(text.len(), |i| i + 1)
    };
    let mut at = start.saturating_add(column).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Keys in one instance, elements in one value: 2^32 (Redis FAQ).
pub const MAX_COUNT: u64 = 1 << 32;
/// The longest string Redis accepts: 512 MB (`proto-max-bulk-len`).
pub const MAX_STRING: u64 = 512 << 20;

/// A whole plan: the host, how it is run, and what it holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Plan {
    /// Host or container memory.
    #[serde(default, deserialize_with = "opt_bytes")]
    pub memory: Option<u64>,
    #[serde(default)]
    pub deployment: Option<Deployment>,
    #[serde(default)]
    pub managed: Option<Managed>,
    #[serde(default)]
    pub replicas: u64,
    #[serde(default)]
    pub loss: Loss,
    /// Client connections (each holds buffers).
    #[serde(default = "clients")]
    pub clients: u64,
    /// Clients connect across networks you do not control: TLS.
    #[serde(default)]
    pub tls: bool,
    #[serde(default)]
    pub components: Vec<Component>,
    /// The server the plan is for ("7.2", "6.2.16", "valkey 8.0"): the
    /// estimator lays values out as that version does. Without it, the version
    /// INFO reports when one is pasted, else Redis 7.0.
    #[serde(
        default,
        deserialize_with = "opt_version",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<String>,
}

/// A server version as a workload file names it, checked to be one.
fn opt_version<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(d)?;
    match crate::estimate::layout::parse_target(&text) {
        Some(_) => Ok(Some(text)),
        None => Err(serde::de::Error::custom(format!(
            "version \"{text}\": write a server version such as \"7.2\", \"6.2.16\" or \"valkey 8.0\""
        ))),
    }
}

fn clients() -> u64 {
    20
}

impl Plan {
    /// The uses the rules should assume for this plan.
    pub fn uses(&self) -> Vec<Use> {
        let mut uses: Vec<Use> = self
            .components
            .iter()
            .map(|c| match c {
                Component::Cache(_) => Use::Cache,
                Component::Sessions(_) => Use::Sessions {
                    loss_ok: self.loss == Loss::All,
                },
                Component::Data(_) => Use::PrimaryData,
                Component::Locks { .. } => Use::Locks,
                Component::RateLimiters { .. } => Use::RateLimiting,
                Component::Queue(q) => Use::Queue { library: q.library },
                Component::Stream { .. } => Use::Streams,
                Component::PubSub { .. } => Use::PubSub,
            })
            .collect();
        crate::sort::sort_by(&mut uses, Ord::cmp);
        uses.dedup();
        uses
    }

    /// Reads a workload file: JSON when the name ends in `.json` or the text
    /// starts with `{`, TOML otherwise (with the `toml` feature, which the CLI
    /// uses). The errors are [`Plan::from_json`]'s and [`Plan::from_toml`]'s.
    pub fn read(name: &str, text: &str) -> Result<Plan, String> {
        if name.ends_with(".json") || text.trim_start().starts_with('{') {
            return Plan::from_json(text);
        }
        #[cfg(feature = "toml")]
        return Plan::from_toml(text);
        #[cfg(not(feature = "toml"))]
        Err(
            "a workload file in TOML needs the advisor's `toml` feature; write it as JSON"
                .to_string(),
        )
    }

    /// Reads a plan from JSON. A field or a kind it does not know is an error
    /// naming it, its line and the closest known name; so is a number past what
    /// one Redis can hold ([`Plan::limit`]).
    pub fn from_json(text: &str) -> Result<Plan, String> {
        let plan: Plan = serde_json::from_str(text).map_err(|e| {
            let message = e.to_string();
            let at = format!(" at line {} column {}", e.line(), e.column());
            match unknown_name(message.strip_suffix(&at).unwrap_or(&message)) {
                Some((name, unknown)) => {
                    // serde_json stops after the key, or at the end of the
                    // object holding it (a component): the name is before.
                    let end = offset_of(text, e.line(), e.column());
                    let line =
                        name_before(text, &name, end).map_or(e.line(), |at| line_at(text, at));
                    format!("line {line}: {unknown}")
                }
                None => format!("line {}, column {}: {e}", e.line(), e.column()),
            }
        })?;
        plan.within_limits()
    }

    /// Reads a plan from TOML, with the same errors as [`Plan::from_json`];
    /// TOML's own errors (a key with no value...) quote the line.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Plan, String> {
        let plan: Plan = toml::from_str(text).map_err(|e| {
            match (unknown_name(e.message()), e.span()) {
                (Some((name, unknown)), Some(span)) => {
                    // The span is the key, or the header of the table holding
                    // it (a component): the name is there or after.
                    let at = name_after(text, &name, span.start).unwrap_or(span.start);
                    format!("line {}: {unknown}", line_at(text, at))
                }
                (Some((_, unknown)), None) => unknown,
                (None, _) => e.to_string().trim().to_string(),
            }
        })?;
        plan.within_limits()
    }

    fn within_limits(mut self) -> Result<Plan, String> {
        let problems = self.limit();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems.join("; "))
        }
    }

    /// Brings every number within what one Redis instance can hold, and says
    /// which were past it: at most 2^32 keys and 2^32 elements in one value
    /// (Redis FAQ, "What is the maximum number of keys a single Redis instance
    /// can hold?"), strings of at most 512 MB (`proto-max-bulk-len`), rates and
    /// times finite and within a million per second and a century. Within these
    /// the estimator's arithmetic cannot overflow; the estimator applies them too.
    pub fn limit(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut count = |what: &str, n: &mut u64| {
            if *n > MAX_COUNT {
                problems.push(format!("{what} {n} is past the 2^32 one Redis can hold"));
                *n = MAX_COUNT;
            }
        };
        for c in &mut self.components {
            match c {
                Component::Cache(k) | Component::Sessions(k) | Component::Data(k) => {
                    count("count", &mut k.count);
                    match &mut k.value {
                        ValueSpec::String { .. } | ValueSpec::Json { .. } => {}
                        ValueSpec::Hash { fields, .. } => count("fields", fields),
                        ValueSpec::Set { members, .. } | ValueSpec::Zset { members, .. } => {
                            count("members", members);
                        }
                        ValueSpec::List { elements, .. } => count("elements", elements),
                        ValueSpec::Stream {
                            entries, fields, ..
                        } => {
                            count("entries", entries);
                            count("fields", fields);
                        }
                    }
                }
                Component::Locks { count: n, .. } => count("count", n),
                Component::RateLimiters { keys, .. } => count("keys", keys),
                Component::Queue(q) => {
                    count("queues", &mut q.queues);
                    count("attempts", &mut q.attempts);
                    count("events-cap", &mut q.events_cap);
                    count("backlog", &mut q.backlog);
                    for r in [&mut q.completed, &mut q.failed] {
                        match r {
                            Retention::Count { count: n } => count("retention count", n),
                            Retention::Age { seconds } => count("retention age", seconds),
                            Retention::Forever | Retention::None => {}
                        }
                    }
                }
                Component::Stream { length, fields, .. } => {
                    count("length", length);
                    count("fields", fields);
                }
                Component::PubSub {
                    subscribers,
                    backlog_messages,
                    ..
                } => {
                    count("subscribers", subscribers);
                    count("backlog-messages", backlog_messages);
                }
            }
        }
        count("replicas", &mut self.replicas);
        count("clients", &mut self.clients);
        // Sizes: a string (a value, a payload, a key name) is at most 512 MB.
        let mut size = |what: &str, n: &mut u64| {
            if *n > MAX_STRING {
                problems.push(format!(
                    "{what} {n} B is past the 512 MB a Redis string can hold"
                ));
                *n = MAX_STRING;
            }
        };
        for c in &mut self.components {
            match c {
                Component::Cache(k) | Component::Sessions(k) | Component::Data(k) => {
                    size("key-length", &mut k.key_length);
                    match &mut k.value {
                        ValueSpec::String { size: n, .. } | ValueSpec::Json { size: n } => {
                            size("size", n);
                        }
                        ValueSpec::Hash {
                            field_size,
                            value_size,
                            ..
                        }
                        | ValueSpec::Stream {
                            field_size,
                            value_size,
                            ..
                        } => {
                            size("field-size", field_size);
                            size("value-size", value_size);
                        }
                        ValueSpec::Set { member_size, .. }
                        | ValueSpec::Zset { member_size, .. } => {
                            size("member-size", member_size);
                        }
                        ValueSpec::List { element_size, .. } => size("element-size", element_size),
                    }
                }
                Component::Locks { key_length, .. }
                | Component::RateLimiters { key_length, .. } => {
                    size("key-length", key_length);
                }
                Component::Queue(q) => {
                    size("payload", &mut q.payload);
                    size("job-name-size", &mut q.job_name_size);
                    size("result-size", &mut q.result_size);
                }
                Component::Stream {
                    field_size,
                    value_size,
                    ..
                } => {
                    size("field-size", field_size);
                    size("value-size", value_size);
                }
                Component::PubSub { message_size, .. } => size("message-size", message_size),
            }
        }
        // Rates and times: finite, not negative, within bounds no workload reaches.
        let mut real = |what: &str, x: &mut f64, max: f64| {
            if !(0.0..=max).contains(x) {
                let shown = if x.abs() >= 1e9 {
                    format!("{x:e}")
                } else {
                    x.to_string()
                };
                problems.push(format!("{what} {shown} is not between 0 and {max}"));
                *x = if x.is_nan() { 0.0 } else { x.clamp(0.0, max) };
            }
        };
        for c in &mut self.components {
            if let Component::Queue(q) = c {
                real("jobs-per-minute", &mut q.jobs_per_minute, 6.0e7);
                real("failure-rate", &mut q.failure_rate, 1.0);
                real("processing-seconds", &mut q.processing_seconds, 3.2e9);
                real("horizon-days", &mut q.horizon_days, 36_500.0);
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A misspelt field is an error naming it, its line and the closest
    /// known name, not a field silently ignored (which skipped the host check).
    #[test]
    fn an_unknown_field_is_an_error_with_its_line_and_the_closest_name() {
        let json = "{\n  \"memmory\": \"4gb\",\n  \"loss\": \"all\"\n}";
        let e = Plan::from_json(json).err().unwrap_or_default();
        assert!(e.contains("`memmory`"), "{e}");
        assert!(e.contains("line 2"), "{e}");
        assert!(e.contains("did you mean `memory`?"), "{e}");

        let nested = "{\"components\": [\n {\"kind\": \"cache\", \"count\": 1,\n  \"vlaue\": {\"type\": \"json\", \"size\": 10}\n }\n]}";
        let e = Plan::from_json(nested).err().unwrap_or_default();
        assert!(e.contains("`vlaue`") && e.contains("line 3"), "{e}");
        assert!(e.contains("did you mean `value`?"), "{e}");

        let far = "{\"colour\": \"blue\"}";
        let e = Plan::from_json(far).err().unwrap_or_default();
        assert!(
            e.contains("`colour`") && e.contains("known fields: `memory`"),
            "{e}"
        );
    }

    #[cfg(feature = "toml")]
    #[test]
    fn an_unknown_field_in_toml_names_its_line() {
        let text = "# a cache\nmemmory = \"4gb\"\nloss = \"all\"\n";
        let e = Plan::from_toml(text).err().unwrap_or_default();
        assert!(e.starts_with("line 2: unknown field `memmory`"), "{e}");
        assert!(e.contains("did you mean `memory`?"), "{e}");

        let text = "memory = \"4gb\"\n\n[[components]]\nkind = \"cahce\"\ncount = 1\n";
        let e = Plan::from_toml(text).err().unwrap_or_default();
        assert!(
            e.contains("line 4") && e.contains("did you mean `cache`?"),
            "{e}"
        );

        let text =
            "memory = \"4gb\"\n\n[[components]]\nkind = \"locks\"\ncount = 1\nkey-lenght = 20\n";
        let e = Plan::from_toml(text).err().unwrap_or_default();
        assert!(
            e.contains("line 6") && e.contains("did you mean `key-length`?"),
            "{e}"
        );

        let plan = Plan::read("w.toml", "memory = \"4gb\"\n");
        assert_eq!(plan.map(|p| p.memory), Ok(Some(4 << 30)));
    }

    #[test]
    fn reads_a_plan_with_units_and_durations() {
        let json = r#"{
          "memory": "4gb", "loss": "second", "replicas": 1,
          "components": [
            {"kind": "cache", "count": 100000, "key-length": 30, "value": {"type": "json", "size": "2kb"}, "ttl": "5m"},
            {"kind": "queue", "library": "bullmq", "jobs-per-minute": 1000, "payload": "5kb", "completed": {"count": 1000}, "failed": {"age": "7d"}},
            {"kind": "locks", "count": 500}
          ]
        }"#;
        let plan = Plan::from_json(json).unwrap_or_default();
        assert_eq!(plan.memory, Some(4 << 30));
        assert_eq!(plan.components.len(), 3);
        let Component::Queue(q) = &plan.components[1] else {
            panic!("not a queue")
        };
        assert_eq!(q.completed, Retention::Count { count: 1000 });
        assert_eq!(
            q.failed,
            Retention::Age {
                seconds: 7 * 86_400
            }
        );
        assert_eq!(plan.uses().len(), 3);
    }

    #[test]
    fn the_version_is_a_server_version() {
        let plan = Plan::from_json(r#"{"version": "valkey 8.0"}"#).unwrap_or_default();
        assert_eq!(plan.version.as_deref(), Some("valkey 8.0"));
        let err = Plan::from_json(r#"{"version": "latest"}"#)
            .err()
            .unwrap_or_default();
        assert!(
            err.contains("version \"latest\": write a server version"),
            "{err}"
        );
    }

    #[test]
    fn bad_values_say_where() {
        let err = Plan::from_json(r#"{"memory": "4gbb"}"#)
            .err()
            .unwrap_or_default();
        assert!(err.contains("is not a memory size"), "{err}");
        assert!(err.starts_with("line 1"), "{err}");
    }

    /// Every number of a plan at its largest: past what any Redis holds.
    const ABSURD: &str = r#"{
      "replicas": 18446744073709551615, "clients": 18446744073709551615,
      "components": [
        {"kind": "cache", "count": 18446744073709551615, "key-length": 18446744073709551615,
         "value": {"type": "hash", "fields": 18446744073709551615, "field-size": 18446744073709551615, "value-size": 18446744073709551615}},
        {"kind": "data", "count": 18446744073709551615,
         "value": {"type": "set", "members": 18446744073709551615, "member-size": 18446744073709551615}},
        {"kind": "data", "count": 18446744073709551615,
         "value": {"type": "list", "elements": 18446744073709551615, "element-size": 18446744073709551615}},
        {"kind": "data", "count": 18446744073709551615,
         "value": {"type": "stream", "entries": 18446744073709551615, "fields": 18446744073709551615, "value-size": 18446744073709551615}},
        {"kind": "queue", "library": "bullmq", "queues": 18446744073709551615, "jobs-per-minute": 1e300,
         "payload": 18446744073709551615, "backlog": 18446744073709551615, "horizon-days": 1e300,
         "completed": {"count": 18446744073709551615}},
        {"kind": "pub-sub", "subscribers": 18446744073709551615, "message-size": 18446744073709551615,
         "backlog-messages": 18446744073709551615},
        {"kind": "locks", "count": 18446744073709551615}
      ]
    }"#;

    #[test]
    fn numbers_past_what_redis_holds_are_errors_that_name_them() {
        let err = Plan::from_json(ABSURD).err().unwrap_or_default();
        for what in [
            "count 18446744073709551615 is past the 2^32",
            "fields 18446744073709551615 is past the 2^32",
            "payload 18446744073709551615 B is past the 512 MB",
            "jobs-per-minute 1e300 is not between 0 and",
            "replicas 18446744073709551615",
        ] {
            assert!(err.contains(what), "{what}: {err}");
        }
    }

    #[test]
    fn an_absurd_plan_still_estimates_without_overflow_or_delay() {
        // Built without `from_json`'s check: the estimator limits it itself.
        // (Tests run with overflow checks on, so an overflow would fail here.)
        let plan: Plan = serde_json::from_str(ABSURD).unwrap_or_default();
        assert_eq!(plan.components.len(), 7);
        let e = crate::estimate::model::estimate(&plan, &crate::estimate::model::Limits::default());
        assert!(e.used_memory > 1 << 60, "{}", e.used_memory);
        assert!(e.maxmemory >= e.used_memory_high.min(u64::MAX / 2));
    }
}
