//! The `INFO` parser: `# Section` headers and `key:value` lines, for every
//! version from Redis 2.8 to 8.x and Valkey. A field that is absent is
//! unknown, never zero; every field is kept as text, and typed accessors read
//! the ones the rules need.

pub(crate) use crate::diag::clip;
use crate::diag::{DiagKind, Diagnostic, MAX_LINE_BYTES, Parsed, Span, long_line};
use crate::version::{Flavor, Version};
use serde::Serialize;

/// One `key:value` line. Spans are relative to the text given to [`parse`].
#[derive(Clone, Debug, Serialize)]
pub struct InfoField {
    /// Index into [`Info::sections`], or `None` before the first header.
    pub section: Option<u32>,
    pub key: Span,
    pub value: Span,
    /// The whole line, without its line ending.
    pub line: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct InfoSection {
    pub name: String,
    pub line: Span,
}

/// A parsed INFO block. It owns a copy of its text; fields are spans into it.
#[derive(Clone, Debug, Default)]
pub struct Info {
    text: String,
    pub sections: Vec<InfoSection>,
    pub fields: Vec<InfoField>,
    /// Open-addressing table for lookups: (hash of the key, index into
    /// `fields` + 1; 0 is an empty slot), a power of two long.
    index: Vec<(u64, u32)>,
    /// The Keyspace section, read once on first use.
    keyspace: std::cell::OnceCell<Vec<DbStats>>,
}

/// INFO fields that hold a number; a value of another shape is reported.
const NUMERIC: &[&str] = &[
    "uptime_in_seconds",
    "connected_clients",
    "blocked_clients",
    "maxclients",
    "used_memory",
    "used_memory_rss",
    "used_memory_peak",
    "used_memory_startup",
    "used_memory_lua",
    "total_system_memory",
    "maxmemory",
    "mem_fragmentation_ratio",
    "rdb_changes_since_last_save",
    "rdb_last_save_time",
    "evicted_keys",
    "expired_keys",
    "keyspace_hits",
    "keyspace_misses",
    "rejected_connections",
    "connected_slaves",
    "latest_fork_usec",
    "master_repl_offset",
    "repl_backlog_size",
];

/// Parses INFO text. Never fails: a line of the wrong shape becomes a diagnostic.
pub fn parse(text: &str) -> Parsed<Info> {
    // INFO lines average about 30 bytes: room for every field up front.
    let fields = text.len() / 24 + 1;
    let mut info = Info {
        text: text.to_string(),
        fields: Vec::with_capacity(fields),
        ..Info::default()
    };
    let mut diagnostics = Vec::new();
    let mut hashes = Vec::with_capacity(fields);
    for (line_span, line) in crate::diag::lines(text) {
        let start = line_span.start;
        if line.len() > MAX_LINE_BYTES {
            diagnostics.push(long_line(line_span));
            continue;
        }
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('#') {
            info.sections.push(InfoSection {
                name: name.trim().to_string(),
                line: line_span,
            });
            continue;
        }
        // A key never holds a space; the value is everything after the first ':'.
        let bytes = line.as_bytes();
        let lead = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let colon = memchr::memchr(b':', bytes);
        match colon {
            Some(colon)
                if colon > lead && !bytes[lead..colon].iter().any(u8::is_ascii_whitespace) =>
            {
                let key = Span::new(start + lead, start + colon);
                let value_end = colon + 1 + line[colon + 1..].trim_ascii_end().len();
                let field = InfoField {
                    section: info.sections.len().checked_sub(1).map(to_u32),
                    key,
                    value: Span::new(start + colon + 1, start + value_end),
                    line: line_span,
                };
                hashes.push(hash(&line[lead..colon]));
                info.fields.push(field);
            }
            _ => diagnostics.push(Diagnostic::error(
                DiagKind::Malformed,
                line_span,
                format!(
                    "not an INFO line (expected `# Section` or `key:value`): \"{}\"",
                    clip(trimmed)
                ),
            )),
        }
    }
    info.build_index(&hashes);
    for key in NUMERIC {
        if let Some(field) = info.field(key) {
            let value = info.value(field);
            if !value.is_empty() && crate::units::parse_float(value).is_none() {
                diagnostics.push(Diagnostic::warning(
                    DiagKind::BadValue,
                    field.value,
                    format!(
                        "INFO field `{key}` should be a number, found \"{}\"",
                        clip(value)
                    ),
                ));
            }
        }
    }
    crate::sort::sort_by_key(&mut diagnostics, |d| d.span.start);
    Parsed {
        value: info,
        diagnostics,
    }
}

fn hash(s: &str) -> u64 {
    crate::hash::hash_bytes(0, s.as_bytes())
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One `dbN:` line of the Keyspace section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbStats {
    pub db: u32,
    pub keys: Option<u64>,
    pub expires: Option<u64>,
    pub avg_ttl_ms: Option<u64>,
    pub line: Span,
}

/// One `cmdstat_*` line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CmdStat {
    /// Lowercase command name, subcommands as `config|get`.
    pub name: String,
    pub calls: u64,
    pub usec: Option<u64>,
    pub rejected_calls: Option<u64>,
    pub failed_calls: Option<u64>,
    pub line: Span,
}

/// One `slaveN:` line of the Replication section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicaInfo {
    pub ip: Option<String>,
    pub port: Option<u16>,
    pub state: Option<String>,
    pub offset: Option<i64>,
    pub lag: Option<i64>,
    pub line: Span,
}

impl Info {
    /// The text a span of this block covers.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn key(&self, field: &InfoField) -> &str {
        self.slice(field.key)
    }

    pub fn value(&self, field: &InfoField) -> &str {
        self.slice(field.value).trim()
    }

    /// Fills the lookup table, half empty at most; a repeated key keeps its
    /// first field.
    fn build_index(&mut self, hashes: &[u64]) {
        let size = (hashes.len() * 2).next_power_of_two().max(16);
        self.index = vec![(0, 0); size];
        for (i, (&h, field)) in hashes.iter().zip(&self.fields).enumerate() {
            let key = self.slice(field.key);
            let mut slot = Self::home(h, size);
            loop {
                let (sh, at) = self.index[slot];
                if at == 0 {
                    self.index[slot] = (h, to_u32(i + 1));
                    break;
                }
                if sh == h && self.slice(self.fields[at as usize - 1].key) == key {
                    break;
                }
                slot = (slot + 1) & (size - 1);
            }
        }
    }

    /// The first slot to probe for a hash: its top bits, the best mixed.
    fn home(h: u64, size: usize) -> usize {
        (h >> (64 - size.trailing_zeros())) as usize
    }

    /// The field whose key hashes to `h` and passes `is_key`.
    fn lookup(&self, h: u64, is_key: impl Fn(&str) -> bool) -> Option<&InfoField> {
        let size = self.index.len();
        if size == 0 {
            return None;
        }
        let mut slot = Self::home(h, size);
        loop {
            let (sh, at) = self.index[slot];
            if at == 0 {
                return None;
            }
            let field = &self.fields[at as usize - 1];
            if sh == h && is_key(self.key(field)) {
                return Some(field);
            }
            slot = (slot + 1) & (size - 1);
        }
    }

    /// The first field with this key.
    pub fn field(&self, key: &str) -> Option<&InfoField> {
        self.lookup(hash(key), |k| k == key)
    }

    /// The field `prefix` + `name`, without building the key.
    pub fn field_with_prefix(&self, prefix: &str, name: &str) -> Option<&InfoField> {
        // Hash the key as it would be written out in full.
        let mut key = [0u8; 96];
        let full_len = prefix.len() + name.len();
        let h = if full_len <= key.len() {
            key[..prefix.len()].copy_from_slice(prefix.as_bytes());
            key[prefix.len()..full_len].copy_from_slice(name.as_bytes());
            crate::hash::hash_bytes(0, &key[..full_len])
        } else {
            hash(&format!("{prefix}{name}"))
        };
        self.lookup(h, |k| k.strip_prefix(prefix) == Some(name))
    }

    /// The `calls=` of a command, cheaply (the workload inference asks often).
    pub fn calls(&self, command: &str) -> u64 {
        self.field_with_prefix("cmdstat_", command)
            .and_then(|f| KeyValues(self.value(f)).u64("calls"))
            .unwrap_or(0)
    }

    /// A field's text; `None` when the field is absent (unknown, not zero).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.field(key).map(|f| self.value(f))
    }

    pub fn u64(&self, key: &str) -> Option<u64> {
        crate::units::int(self.get(key)?)
    }

    pub fn i64(&self, key: &str) -> Option<i64> {
        crate::units::int(self.get(key)?)
    }

    /// A number, also read from `1.23%` and `-nan` forms; NaN is unknown.
    pub fn f64(&self, key: &str) -> Option<f64> {
        let v = crate::units::parse_float(self.get(key)?.trim_end_matches('%'))?;
        v.is_finite().then_some(v)
    }

    pub fn section_name(&self, field: &InfoField) -> Option<&str> {
        field
            .section
            .and_then(|s| self.sections.get(s as usize))
            .map(|s| s.name.as_str())
    }

    pub fn has_section(&self, name: &str) -> bool {
        self.sections
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// The server version: `valkey_version` where Valkey reports one,
    /// otherwise `redis_version`.
    pub fn version(&self) -> Option<Version> {
        self.get("valkey_version")
            .or_else(|| self.get("redis_version"))
            .and_then(Version::parse)
    }

    pub fn flavor(&self) -> Option<Flavor> {
        if self.field("valkey_version").is_some()
            || self
                .get("server_name")
                .is_some_and(|s| s.eq_ignore_ascii_case("valkey"))
        {
            Some(Flavor::Valkey)
        } else if self.field("redis_version").is_some() {
            Some(Flavor::Redis)
        } else {
            None
        }
    }

    /// Fields whose key starts with `prefix`, in the order they were pasted.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a InfoField> + 'a {
        self.fields
            .iter()
            .filter(move |f| self.key(f).starts_with(prefix))
    }

    /// The Keyspace section: `db0:keys=1,expires=0,avg_ttl=0`.
    pub fn keyspace(&self) -> Vec<DbStats> {
        self.keyspace.get_or_init(|| self.read_keyspace()).clone()
    }

    fn read_keyspace(&self) -> Vec<DbStats> {
        let mut dbs: Vec<DbStats> = self
            .with_prefix("db")
            .filter_map(|f| {
                let db = crate::units::int(self.key(f).strip_prefix("db")?)?;
                let kv = KeyValues(self.value(f));
                Some(DbStats {
                    db,
                    keys: kv.u64("keys"),
                    expires: kv.u64("expires"),
                    avg_ttl_ms: kv.u64("avg_ttl"),
                    line: f.line,
                })
            })
            .collect();
        crate::sort::sort_by_key(&mut dbs, |d| d.db);
        dbs
    }

    /// Keys and keys with a TTL, summed over all databases.
    pub fn key_totals(&self) -> Option<(u64, u64)> {
        let dbs = self.keyspace();
        if dbs.is_empty() {
            // An empty Keyspace section means zero keys; no section means unknown.
            return self.has_section("Keyspace").then_some((0, 0));
        }
        // Saturating: the counts come from the paste, and may be absurd.
        let total = |count: fn(&DbStats) -> Option<u64>| {
            dbs.iter()
                .fold(0u64, |sum, d| sum.saturating_add(count(d).unwrap_or(0)))
        };
        let keys = total(|d| d.keys);
        let expires = total(|d| d.expires);
        Some((keys, expires))
    }

    pub fn cmdstats(&self) -> Vec<CmdStat> {
        self.with_prefix("cmdstat_")
            .filter_map(|f| {
                let name = self.key(f).strip_prefix("cmdstat_")?.to_ascii_lowercase();
                let kv = KeyValues(self.value(f));
                Some(CmdStat {
                    name,
                    calls: kv.u64("calls")?,
                    usec: kv.u64("usec"),
                    rejected_calls: kv.u64("rejected_calls"),
                    failed_calls: kv.u64("failed_calls"),
                    line: f.line,
                })
            })
            .collect()
    }

    /// A command's stats by name (`get`, `config|get`).
    pub fn cmdstat(&self, name: &str) -> Option<CmdStat> {
        let f = self.field_with_prefix("cmdstat_", name)?;
        let kv = KeyValues(self.value(f));
        Some(CmdStat {
            name: name.to_string(),
            calls: kv.u64("calls")?,
            usec: kv.u64("usec"),
            rejected_calls: kv.u64("rejected_calls"),
            failed_calls: kv.u64("failed_calls"),
            line: f.line,
        })
    }

    /// `errorstat_OOM:count=3` lines as (error prefix, count).
    pub fn errorstats(&self) -> Vec<(String, u64, Span)> {
        self.with_prefix("errorstat_")
            .filter_map(|f| {
                let name = self.key(f).strip_prefix("errorstat_")?.to_string();
                Some((name, KeyValues(self.value(f)).u64("count")?, f.line))
            })
            .collect()
    }

    /// `latency_percentiles_usec_get:p50=1.003,p99=2.007,p99.9=3.001` (7.0+) as
    /// (percentile label, microseconds) for one command.
    pub fn latency_percentiles(&self, command: &str) -> Vec<(String, f64)> {
        self.get(&format!("latency_percentiles_usec_{command}"))
            .map(|v| {
                v.split(',')
                    .filter_map(|kv| {
                        let (k, v) = kv.split_once('=')?;
                        Some((k.trim().to_string(), crate::units::parse_float(v.trim())?))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Loaded modules: `module:name=search,ver=20600,...` as (name, version).
    pub fn modules(&self) -> Vec<(String, Option<u64>)> {
        self.fields
            .iter()
            .filter(|f| self.key(f) == "module")
            .filter_map(|f| {
                let kv = KeyValues(self.value(f));
                Some((kv.get("name")?.to_string(), kv.u64("ver")))
            })
            .collect()
    }

    /// The replicas a primary lists. Reads both the `ip=..,port=..` form and
    /// Redis 2.8's positional `ip,port,state` form.
    pub fn replicas(&self) -> Vec<ReplicaInfo> {
        self.with_prefix("slave")
            .filter(|f| {
                self.key(f)[5..].bytes().all(|b| b.is_ascii_digit()) && self.key(f).len() > 5
            })
            .map(|f| {
                let value = self.value(f);
                if value.contains('=') {
                    let kv = KeyValues(value);
                    ReplicaInfo {
                        ip: kv.get("ip").map(str::to_string),
                        port: kv.get("port").and_then(crate::units::int),
                        state: kv.get("state").map(str::to_string),
                        offset: kv.get("offset").and_then(crate::units::int),
                        lag: kv.get("lag").and_then(crate::units::int),
                        line: f.line,
                    }
                } else {
                    let mut parts = value.split(',');
                    ReplicaInfo {
                        ip: parts.next().map(str::to_string),
                        port: parts.next().and_then(crate::units::int),
                        state: parts.next().map(str::to_string),
                        offset: parts.next().and_then(crate::units::int),
                        lag: None,
                        line: f.line,
                    }
                }
            })
            .collect()
    }
}

/// The `a=1,b=2` values of keyspace, cmdstat and replica lines.
#[derive(Clone, Copy, Debug)]
pub struct KeyValues<'a>(pub &'a str);

impl<'a> KeyValues<'a> {
    pub fn get(self, key: &str) -> Option<&'a str> {
        self.0.split(',').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    pub fn u64(self, key: &str) -> Option<u64> {
        crate::units::int(self.get(key)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_find_every_key_and_the_first_of_a_repeated_one() {
        let mut text = String::from("# Stats\nrepeated:first\n");
        for i in 0..1000 {
            text.push_str(&format!("key_{i}:{i}\n"));
        }
        text.push_str("repeated:second\n");
        let info = parse(&text).value;
        assert_eq!(info.get("repeated"), Some("first"));
        for i in 0..1000 {
            assert_eq!(info.u64(&format!("key_{i}")), Some(i), "key_{i}");
        }
        assert!(info.field("key_1000").is_none());
        assert!(parse("").value.field("anything").is_none());
    }

    const SAMPLE: &str = "# Server\r\nredis_version:7.0.15\r\nuptime_in_seconds:100\r\n\r\n# Memory\r\nused_memory:965824\r\nmaxmemory_policy:noeviction\r\nmem_fragmentation_ratio:7.39\r\n\r\n# Replication\r\nslave0:ip=10.0.0.2,port=6380,state=online,offset=42,lag=1\r\nslave1:10.0.0.3,6381,online\r\n# Commandstats\r\ncmdstat_config|get:calls=4,usec=623,usec_per_call=155.75,rejected_calls=0,failed_calls=0\r\ncmdstat_get:calls=10,usec=5\r\n# Errorstats\r\nerrorstat_OOM:count=3\r\n# Keyspace\r\ndb0:keys=10,expires=2,avg_ttl=500\r\ndb3:keys=5,expires=5,avg_ttl=0,subexpiry=0\r\n";

    #[test]
    fn absurd_key_counts_saturate() {
        // Found by fuzzing: the sum over databases overflowed.
        let big = u64::MAX;
        let text = format!("# Keyspace\ndb0:keys={big},expires={big}\ndb1:keys=2,expires=1\n");
        assert_eq!(parse(&text).value.key_totals(), Some((big, big)));
    }

    #[test]
    fn reads_fields_and_sections() {
        let p = parse(SAMPLE);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let info = p.value;
        assert_eq!(info.get("redis_version"), Some("7.0.15"));
        assert_eq!(info.version(), Some(Version::new(7, 0, 15)));
        assert_eq!(info.flavor(), Some(Flavor::Redis));
        assert_eq!(info.u64("used_memory"), Some(965_824));
        assert_eq!(info.f64("mem_fragmentation_ratio"), Some(7.39));
        assert_eq!(info.get("maxmemory"), None, "absent is unknown, not zero");
        let f = info.field("used_memory").map(|f| info.section_name(f));
        assert_eq!(f, Some(Some("Memory")));
        assert_eq!(info.sections.len(), 6);
    }

    #[test]
    fn reads_structured_lines() {
        let info = parse(SAMPLE).value;
        let ks = info.keyspace();
        assert_eq!(ks.len(), 2);
        assert_eq!((ks[1].db, ks[1].keys, ks[1].expires), (3, Some(5), Some(5)));
        assert_eq!(info.key_totals(), Some((15, 7)));
        let cmds = info.cmdstats();
        assert_eq!(cmds.len(), 2);
        assert_eq!(info.cmdstat("config|get").map(|c| c.calls), Some(4));
        assert_eq!(
            info.errorstats().first().map(|e| (e.0.as_str(), e.1)),
            Some(("OOM", 3))
        );
        let reps = info.replicas();
        assert_eq!(reps.len(), 2);
        assert_eq!(reps[0].lag, Some(1));
        assert_eq!(reps[1].port, Some(6381));
        assert_eq!(reps[1].state.as_deref(), Some("online"));
    }

    #[test]
    fn latency_percentiles_and_modules() {
        let info = parse("# Modules\nmodule:name=search,ver=20600,api=1,filters=0,usedby=[],using=[],options=[]\nmodule:name=ReJSON,ver=20407,api=1\n# Latencystats\nlatency_percentiles_usec_config|get:p50=144.383,p99=195.583,p99.9=195.583\n").value;
        assert_eq!(
            info.modules(),
            [
                ("search".to_string(), Some(20600)),
                ("ReJSON".to_string(), Some(20407))
            ]
        );
        let p = info.latency_percentiles("config|get");
        assert_eq!(p.len(), 3);
        assert_eq!(p[1], ("p99".to_string(), 195.583));
    }

    #[test]
    fn bad_lines_do_not_discard_the_rest() {
        let p = parse(
            "# Memory\nused_memory:100\nthis is not info\nused_memory_rss:abc\nmaxmemory:5\n",
        );
        assert_eq!(p.diagnostics.len(), 2);
        assert_eq!(p.diagnostics[0].kind, DiagKind::Malformed);
        assert_eq!(p.diagnostics[1].kind, DiagKind::BadValue);
        assert_eq!(p.value.u64("maxmemory"), Some(5));
        assert_eq!(p.value.u64("used_memory_rss"), None);
    }

    #[test]
    fn empty_keyspace_section_means_zero_keys() {
        assert_eq!(parse("# Keyspace\n").value.key_totals(), Some((0, 0)));
        assert_eq!(parse("# Memory\nused_memory:1\n").value.key_totals(), None);
    }

    #[test]
    fn valkey_is_recognized() {
        let info =
            parse("# Server\nredis_version:7.2.4\nserver_name:valkey\nvalkey_version:8.0.1\n")
                .value;
        assert_eq!(info.flavor(), Some(Flavor::Valkey));
        assert_eq!(info.version(), Some(Version::new(8, 0, 1)));
    }
}
