//! The report as bytes, for the web app's analysis worker to hand to its page.
//!
//! Both ends run the same build, so the format needs no field names and no
//! versioning: a report is its fields in declaration order, integers as LEB128,
//! strings as a length and UTF-8, `Option` and enums as a one-byte tag, a
//! `&'static str` of the advisor's own (a rule id, a block kind) as its
//! position in the list it comes from. Reading it back needs a few hundred
//! bytes of code where serde's derived deserializers for the same types take
//! tens of kilobytes of the app's download (docs/performance.md#web).
//!
//! Every struct is written by destructuring it and read by naming every field,
//! and every enum through an exhaustive `match`, so adding a field or a variant
//! without teaching it here does not compile. Reading never panics: bytes that
//! are not a report (truncated, or from another build) give an error.

use crate::diag::{DiagKind, Level, Position};
use crate::report::{
    AcceptanceNotice, AcceptedFinding, BlockSummary, Category, ConfigValue, Counts, Evidence,
    Finding, Fix, InputSummary, NoticeKind, Report, ReportDiagnostic, ServerSummary, Severity,
    UseSummary, WorkloadSummary, known,
};
use crate::rules::id::RuleId;
use crate::version::{Flavor, Version};
use crate::workload::{Confidence, Managed, QueueLibrary, Use};
use std::borrow::Cow;
use std::rc::Rc;

/// Why bytes did not read back as a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    /// Offset of the byte that could not be read.
    pub at: usize,
    pub what: &'static str,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unreadable report at byte {}: {}", self.at, self.what)
    }
}

pub type Result<T> = std::result::Result<T, WireError>;

/// Bytes being read, and where.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn error<T>(&self, what: &'static str) -> Result<T> {
        Err(WireError { at: self.at, what })
    }

    fn byte(&mut self) -> Result<u8> {
        match self.bytes.get(self.at) {
            Some(&b) => {
                self.at += 1;
                Ok(b)
            }
            None => self.error("the report ends early"),
        }
    }

    fn varint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        self.error("an integer is too long")
    }

    /// A count of items that follow: at most one per remaining byte, so a
    /// corrupt count cannot reserve memory the bytes could not fill.
    fn count(&mut self) -> Result<usize> {
        let n = self.varint()?;
        match usize::try_from(n) {
            Ok(n) if n <= self.bytes.len() - self.at => Ok(n),
            _ => self.error("a count is larger than the report"),
        }
    }

    fn str(&mut self) -> Result<&'a str> {
        let len = self.count()?;
        let bytes = &self.bytes[self.at..self.at + len];
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                self.at += len;
                Ok(s)
            }
            Err(_) => self.error("a string is not UTF-8"),
        }
    }

    /// A tag below `n`.
    fn tag(&mut self, n: usize) -> Result<usize> {
        let t = usize::from(self.byte()?);
        if t < n {
            Ok(t)
        } else {
            self.at -= 1;
            self.error("an unknown tag")
        }
    }

    /// One of the advisor's own strings, by its position in `known`.
    fn known(&mut self, known: &[&'static str]) -> Result<&'static str> {
        let i = self.varint()?;
        match usize::try_from(i).ok().and_then(|i| known.get(i)) {
            Some(s) => Ok(s),
            None => self.error("an unknown name"),
        }
    }
}

/// Writes one of the advisor's own strings as its position in `known`
/// (the length of the list, which reads back as an error, if it is not there).
fn put_known(out: &mut Vec<u8>, s: &str, known: &[&'static str]) {
    let i = known.iter().position(|k| *k == s).unwrap_or(known.len());
    put_varint(out, i as u64);
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A value that travels as bytes.
pub trait Wire: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(r: &mut Reader<'_>) -> Result<Self>;
}

macro_rules! wire_int {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                put_varint(out, *self as u64);
            }
            fn take(r: &mut Reader<'_>) -> Result<Self> {
                let n = r.varint()?;
                match <$t>::try_from(n) {
                    Ok(v) => Ok(v),
                    Err(_) => r.error("an integer out of range"),
                }
            }
        }
    )*};
}
wire_int!(u16, u32, u64, usize);

impl Wire for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Result<Self> {
        Ok(r.tag(2)? == 1)
    }
}

impl Wire for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Reader<'_>) -> Result<Self> {
        r.str().map(str::to_string)
    }
}

impl Wire for Cow<'static, str> {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Reader<'_>) -> Result<Self> {
        r.str().map(|s| Cow::Owned(s.to_string()))
    }
}

impl Wire for Rc<str> {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Reader<'_>) -> Result<Self> {
        r.str().map(Rc::from)
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self> {
        match r.tag(2)? {
            0 => Ok(None),
            _ => T::take(r).map(Some),
        }
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        for v in self {
            v.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.count()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(T::take(r)?);
        }
        Ok(v)
    }
}

/// An enum without data, as its position in the list of its variants. The
/// `match` makes a variant missing from the list a compile error.
macro_rules! wire_unit_enum {
    ($t:ident { $($v:ident),+ $(,)? }) => {
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                const ALL: &[$t] = &[$($t::$v),+];
                match self {
                    $($t::$v)|+ => {}
                }
                let i = ALL.iter().position(|v| v == self).unwrap_or(ALL.len());
                out.push(i as u8);
            }
            fn take(r: &mut Reader<'_>) -> Result<Self> {
                const ALL: &[$t] = &[$($t::$v),+];
                r.tag(ALL.len()).map(|i| ALL[i])
            }
        }
    };
}

/// A rule as its position in the list of rules (fewer than 256).
impl Wire for RuleId {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(self.index() as u8);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self> {
        r.tag(RuleId::ALL.len()).map(|i| RuleId::ALL[i])
    }
}

wire_unit_enum!(Severity {
    Info,
    Warning,
    Critical
});
wire_unit_enum!(Category {
    Eviction,
    Memory,
    Persistence,
    Security,
    Clients,
    Replication,
    Latency,
    Keyspace,
    Version,
});
wire_unit_enum!(Level {
    Error,
    Warning,
    Note
});
wire_unit_enum!(DiagKind {
    Unrecognized,
    Malformed,
    BadValue,
    UnknownParameter,
    Repeated,
    IncludeNotFollowed,
    TooLarge,
    InvalidUtf8,
    Quoting,
    Conflict,
    Unwrapped,
    UnknownVersion,
});
wire_unit_enum!(Flavor { Redis, Valkey });
wire_unit_enum!(NoticeKind {
    Expired,
    EvidenceChanged,
    Unused,
    UnknownRule,
});
wire_unit_enum!(Confidence {
    Low,
    Medium,
    High,
    Stated,
});
wire_unit_enum!(Managed {
    Elasticache,
    AzureCache,
    Memorystore,
    Upstash,
    RedisCloud,
    OtherManaged,
});
wire_unit_enum!(QueueLibrary {
    Bullmq,
    Bull,
    Sidekiq,
    Celery,
    Rq,
    Other,
});

impl Wire for Use {
    fn put(&self, out: &mut Vec<u8>) {
        match *self {
            Use::Queue { library } => {
                out.push(0);
                library.put(out);
            }
            Use::Cache => out.push(1),
            Use::Sessions { loss_ok } => {
                out.push(2);
                loss_ok.put(out);
            }
            Use::Locks => out.push(3),
            Use::RateLimiting => out.push(4),
            Use::PubSub => out.push(5),
            Use::Streams => out.push(6),
            Use::PrimaryData => out.push(7),
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.tag(8)? {
            0 => Use::Queue {
                library: QueueLibrary::take(r)?,
            },
            1 => Use::Cache,
            2 => Use::Sessions {
                loss_ok: bool::take(r)?,
            },
            3 => Use::Locks,
            4 => Use::RateLimiting,
            5 => Use::PubSub,
            6 => Use::Streams,
            _ => Use::PrimaryData,
        })
    }
}

/// A struct, field by field in the order given. `field as list` is a
/// `&'static str` written as its position in `report::known::list()`. Writing
/// destructures the struct and reading names every field, so a field left out
/// here does not compile.
macro_rules! wire_struct {
    ($t:ident { $($f:ident $(as $k:ident)?),+ $(,)? }) => {
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                let $t { $($f),+ } = self;
                $(wire_struct!(@put out, $f $(, $k)?);)+
            }
            fn take(r: &mut Reader<'_>) -> Result<Self> {
                Ok($t { $($f: wire_struct!(@take r $(, $k)?)),+ })
            }
        }
    };
    (@put $out:ident, $f:ident) => { Wire::put($f, $out) };
    (@put $out:ident, $f:ident, $k:ident) => { put_known($out, $f, &known::$k()) };
    (@take $r:ident) => { Wire::take($r)? };
    (@take $r:ident, $k:ident) => { $r.known(&known::$k())? };
}

wire_struct!(Version {
    major,
    minor,
    patch
});
wire_struct!(Position { line, column });
wire_struct!(Counts {
    critical,
    warning,
    info
});
wire_struct!(Evidence { source, line, text });
wire_struct!(Fix {
    conf,
    config_set,
    note
});
wire_struct!(Finding {
    id,
    code as rule_codes,
    severity,
    category,
    title,
    detail,
    evidence,
    fix,
    guide as guides,
    node,
});
wire_struct!(ReportDiagnostic {
    source,
    level,
    kind,
    start,
    end,
    message,
});
wire_struct!(BlockSummary {
    kind as block_kinds,
    first_line,
    last_line,
    description,
});
wire_struct!(InputSummary {
    source,
    bytes,
    lines,
    blocks
});
wire_struct!(ConfigValue {
    name,
    value,
    origin as origins,
    source,
    line,
});
wire_struct!(ServerSummary {
    version,
    flavor,
    role,
    nodes,
    used_memory,
    maxmemory,
    total_system_memory,
    uptime_seconds,
});
wire_struct!(UseSummary {
    use_,
    description,
    confidence,
    reason,
    evidence,
});
wire_struct!(WorkloadSummary {
    stated,
    managed,
    uses
});
wire_struct!(Report {
    schema,
    tool_version as tool_versions,
    summary,
    server,
    findings,
    inputs,
    diagnostics,
    config,
    workload,
    accepted,
    acceptance_notices,
});
wire_struct!(AcceptedFinding {
    finding,
    reason,
    expires,
    origin,
    fingerprint,
});
wire_struct!(AcceptanceNotice {
    kind,
    rule,
    node,
    origin,
    message,
});

impl Report {
    /// The report as bytes (see the module's documentation).
    pub fn to_wire(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.put(&mut out);
        out
    }

    /// Reads back what [`Report::to_wire`] of this build wrote; anything else
    /// is an error, never a panic.
    pub fn from_wire(bytes: &[u8]) -> Result<Report> {
        let mut r = Reader::new(bytes);
        let report = Report::take(&mut r)?;
        if r.at == bytes.len() {
            Ok(report)
        } else {
            r.error("bytes after the end of the report")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Input, analyze};

    fn sample() -> Report {
        analyze(&[Input::new(
            "paste",
            "# Server\nredis_version:7.0.15\n# Memory\nused_memory:1000\nmaxmemory:0\n\
             maxmemory_policy:allkeys-lru\n# Commandstats\ncmdstat_bzpopmin:calls=5,usec=1\n\
             cmdstat_evalsha:calls=900,usec=1\n\nmaxmemory 1gb\nrequirepass secret\nbogus line\n",
        )])
    }

    #[test]
    fn a_report_reads_back_whole() {
        let report = sample();
        assert!(!report.findings.is_empty() && !report.diagnostics.is_empty());
        assert_eq!(Report::from_wire(&report.to_wire()), Ok(report));
    }

    #[test]
    fn accepted_findings_and_notices_read_back() {
        use crate::accept::{Acceptance, Date, apply};
        let accept = |rule: &str, expires: Option<Date>| Acceptance {
            rule: rule.to_string(),
            reason: "known".to_string(),
            expires,
            origin: "redis-advisor.toml:3".to_string(),
            ..Acceptance::default()
        };
        let report = sample();
        let id = report.findings[0].id;
        let report = apply(
            report,
            &[
                accept(id.as_str(), None),
                accept("no-such-rule", None),
                accept("maxmemory-above-host-memory", Date::new(2026, 1, 1)),
            ],
            Date::new(2026, 12, 2),
        );
        assert!(!report.accepted.is_empty() && report.acceptance_notices.len() >= 2);
        assert_eq!(Report::from_wire(&report.to_wire()), Ok(report));
    }

    #[test]
    fn every_prefix_is_an_error_not_a_panic() {
        let bytes = sample().to_wire();
        for n in 0..bytes.len() {
            assert!(
                Report::from_wire(&bytes[..n]).is_err(),
                "prefix of {n} bytes"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            Report::from_wire(&longer).err().map(|e| e.what),
            Some("bytes after the end of the report")
        );
    }

    #[test]
    fn a_name_it_does_not_know_is_an_error() {
        let mut out = Vec::new();
        put_known(&mut out, "no-such-guide.md#x", &known::guides());
        assert_eq!(
            Reader::new(&out)
                .known(&known::guides())
                .err()
                .map(|e| e.what),
            Some("an unknown name")
        );
        // A count larger than what is left is refused before anything is reserved.
        let huge = [0xff, 0xff, 0xff, 0xff, 0x0f];
        assert!(Vec::<String>::take(&mut Reader::new(&huge)).is_err());
    }

    #[test]
    fn every_variant_reads_back() {
        fn trip<T: Wire + PartialEq + std::fmt::Debug>(v: T) {
            let mut out = Vec::new();
            v.put(&mut out);
            let mut r = Reader::new(&out);
            assert_eq!(T::take(&mut r).as_ref(), Ok(&v));
            assert_eq!(r.at, out.len());
        }
        for s in [Severity::Info, Severity::Warning, Severity::Critical] {
            trip(s);
        }
        for l in [Level::Error, Level::Warning, Level::Note] {
            trip(l);
        }
        for c in [
            Confidence::Low,
            Confidence::Medium,
            Confidence::High,
            Confidence::Stated,
        ] {
            trip(c);
        }
        for library in [
            QueueLibrary::Bullmq,
            QueueLibrary::Sidekiq,
            QueueLibrary::Other,
        ] {
            trip(Use::Queue { library });
        }
        for u in [
            Use::Cache,
            Use::Sessions { loss_ok: true },
            Use::Sessions { loss_ok: false },
            Use::Locks,
            Use::RateLimiting,
            Use::PubSub,
            Use::Streams,
            Use::PrimaryData,
        ] {
            trip(u);
        }
        trip(Some(Managed::RedisCloud));
        trip(Some(Flavor::Valkey));
        trip(DiagKind::Conflict);
        trip(DiagKind::Unwrapped);
        trip(DiagKind::UnknownVersion);
        trip(Category::Version);
        for id in RuleId::ALL {
            trip(*id);
        }
        let past_the_list = [RuleId::ALL.len() as u8];
        assert!(RuleId::take(&mut Reader::new(&past_the_list)).is_err());
        trip(u64::MAX);
        trip(Version::new(7, 0, 15));
    }
}
