//! Server log lines and error replies. People paste Redis's log (or an
//! application's log of Redis's errors) when something went wrong; a few of its
//! messages say as much as INFO does: the kernel warnings printed at start, a
//! failed fork, `OOM command not allowed`, `MISCONF`, a slow AOF fsync, clients
//! closed for their output buffers, the version in the start banner.
//!
//! [`scan`] finds those messages wherever they sit on a line (log prefixes,
//! exceptions and quotes around them are common) and returns them as events with
//! the line they are on. The message texts are Redis's own, as printed by
//! `src/server.c`, `src/rdb.c`, `src/aof.c`, `src/networking.c` at the tags named
//! in each rule that reads them.

use crate::diag::Span;
use crate::version::Version;
use crate::workload::QueueLibrary;

/// What a log line says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogKind {
    /// `WARNING overcommit_memory is set to 0! Background save may fail under low memory condition.`
    Overcommit,
    /// `WARNING you have Transparent Huge Pages (THP) support enabled in your kernel.`
    TransparentHugePages,
    /// `The TCP backlog setting of 511 cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of 128.`
    Somaxconn,
    /// `Can't save in background: fork: …`, `Background saving error`, `MISCONF …`,
    /// `Write error saving DB on disk`, `Failed opening the RDB file`.
    SaveFailed,
    /// `OOM command not allowed when used memory > 'maxmemory'.`
    OomRejected,
    /// `Asynchronous AOF fsync is taking too long (disk is busy?)`, AOF write errors.
    AofTrouble,
    /// `You requested maxclients of 10000 requiring at least 10032 max file descriptors.`,
    /// `Current maximum open files is 1024.`
    MaxclientsReduced,
    /// `Client … scheduled to be closed ASAP for overcoming of output buffer limits.`
    OutputBufferClosed,
    /// The start banner: `Redis version=7.2.4, bits=64`, `Server started, Redis version 2.8.4`.
    Version,
    /// A queue library's own output: BullMQ's and Sidekiq's policy warnings,
    /// Celery's (kombu's) exceptions, Bull's and RQ's key names.
    Library(QueueLibrary),
    /// A library quoting the server's policy: `(current policy: 'volatile-lru')`,
    /// `Eviction policy is volatile-lru.` (the value is in [`LogEvent::value`]).
    Policy,
    /// MSOpenTech's Windows port: `fork operation complete`, `AbortForkOperation()`.
    WindowsPort,
    /// A provider's own error: Upstash's `ERR max daily request limit exceeded`,
    /// Heroku's `app[heroku-redis]` metrics.
    Provider,
    /// `redis-cli --bigkeys`: `Biggest list found so far '"k"' with 100004 items`
    /// (the count is in [`LogEvent::count`]).
    BigKey,
}

/// One message: its kind and its line (offsets into the scanned text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogEvent {
    pub kind: LogKind,
    pub line: Span,
    /// For [`LogKind::Version`]: the version named.
    pub version: Option<Version>,
    /// For [`LogKind::Policy`]: the policy named (offsets into the scanned text;
    /// empty when the server reported none).
    pub value: Option<Span>,
    /// For [`LogKind::BigKey`]: the items, members or bytes counted.
    pub count: Option<u64>,
}

/// (needle, kind): a line holding the needle says the kind.
const MESSAGES: &[(&str, LogKind)] = &[
    ("overcommit_memory is set to 0", LogKind::Overcommit),
    // 7.0 and later word it so.
    ("Memory overcommit must be enabled", LogKind::Overcommit),
    (
        "Transparent Huge Pages (THP) support enabled",
        LogKind::TransparentHugePages,
    ),
    ("is set to the lower value of", LogKind::Somaxconn),
    ("Can't save in background: fork", LogKind::SaveFailed),
    ("Background saving error", LogKind::SaveFailed),
    (
        "Background saving terminated by signal",
        LogKind::SaveFailed,
    ),
    (
        "MISCONF Redis is configured to save RDB snapshots",
        LogKind::SaveFailed,
    ),
    ("Write error saving DB on disk", LogKind::SaveFailed),
    ("Failed opening the RDB file", LogKind::SaveFailed),
    ("Failed opening .rdb for saving", LogKind::SaveFailed),
    (
        "There is a child saving an .rdb. Killing it",
        LogKind::SaveFailed,
    ),
    ("Error trying to save the DB", LogKind::SaveFailed),
    (
        "command not allowed when used memory > 'maxmemory'",
        LogKind::OomRejected,
    ),
    (
        "Asynchronous AOF fsync is taking too long",
        LogKind::AofTrouble,
    ),
    ("Error writing to the AOF file", LogKind::AofTrouble),
    (
        "Background AOF rewrite terminated with error",
        LogKind::AofTrouble,
    ),
    (
        "Can't rewrite append only file in background",
        LogKind::AofTrouble,
    ),
    ("You requested maxclients of", LogKind::MaxclientsReduced),
    ("Current maximum open files is", LogKind::MaxclientsReduced),
    (
        "for overcoming of output buffer limits",
        LogKind::OutputBufferClosed,
    ),
    ("Redis version=", LogKind::Version),
    ("Redis version ", LogKind::Version),
    (
        "IMPORTANT! Eviction policy is ",
        LogKind::Library(QueueLibrary::Bullmq),
    ),
    (
        "will evict Sidekiq data",
        LogKind::Library(QueueLibrary::Sidekiq),
    ),
    ("(current policy: '", LogKind::Policy),
    ("kombu.exceptions.", LogKind::Library(QueueLibrary::Celery)),
    ("celery.exceptions.", LogKind::Library(QueueLibrary::Celery)),
    ("'bull:", LogKind::Library(QueueLibrary::Bull)),
    ("\"bull:", LogKind::Library(QueueLibrary::Bull)),
    ("rq:queue:", LogKind::Library(QueueLibrary::Rq)),
    ("rq:job:", LogKind::Library(QueueLibrary::Rq)),
    ("fork operation complete", LogKind::WindowsPort),
    ("AbortForkOperation", LogKind::WindowsPort),
    ("max daily request limit exceeded", LogKind::Provider),
    ("app[heroku-redis]", LogKind::Provider),
    ("Biggest ", LogKind::BigKey),
];

/// Lines longer than this are not searched (a log line is short).
const MAX_LOG_LINE: usize = 4096;

/// The known messages in a text, in order.
pub fn scan(text: &str) -> Vec<LogEvent> {
    let mut events = Vec::new();
    for (span, line) in crate::diag::lines(text) {
        if line.len() > MAX_LOG_LINE || line.len() < 12 {
            continue;
        }
        for &(needle, kind) in MESSAGES {
            let Some(at) = memchr::memmem::find(line.as_bytes(), needle.as_bytes()) else {
                continue;
            };
            if kind == LogKind::Somaxconn && !line.contains("somaxconn") {
                continue;
            }
            let version = if kind == LogKind::Version {
                let rest = &line[at + needle.len()..];
                let v: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                match Version::parse(&v) {
                    Some(v) => Some(v),
                    None => continue,
                }
            } else {
                None
            };
            // The policy a library names: BullMQ's `is volatile-lru.`, Sidekiq's `'volatile-lru')`.
            let value = match kind {
                LogKind::Policy | LogKind::Library(QueueLibrary::Bullmq) => {
                    let from = at + needle.len();
                    let n = line[from..]
                        .bytes()
                        .take(32)
                        .take_while(|c| c.is_ascii_lowercase() || *c == b'-')
                        .count();
                    Some(Span::new(span.start + from, span.start + from + n))
                }
                _ => None,
            };
            let count = if kind == LogKind::BigKey {
                match big_key_count(&line[at..]) {
                    Some(n) => Some(n),
                    None => continue,
                }
            } else {
                None
            };
            events.push(LogEvent {
                kind,
                line: span,
                version,
                value,
                count,
            });
            if kind == LogKind::Library(QueueLibrary::Bullmq) {
                // The same line names the policy.
                events.push(LogEvent {
                    kind: LogKind::Policy,
                    line: span,
                    version: None,
                    value,
                    count: None,
                });
            }
            break;
        }
    }
    events
}

/// `Biggest zset found 'k' has 16922051 members`, `… found so far '"k"' with 100004 items`:
/// the number after the key.
fn big_key_count(t: &str) -> Option<u64> {
    if !t.contains(" found ") {
        return None;
    }
    let after = t.rfind(" has ").or_else(|| t.rfind(" with "))?;
    let rest = t[after..].trim_start_matches([' ', 'h', 'a', 's', 'w', 'i', 't']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    crate::units::int(&digits)
}

/// Does the line hold one of the known messages?
pub fn has_message(t: &str) -> bool {
    t.len() >= 12
        && t.len() <= MAX_LOG_LINE
        && MESSAGES
            .iter()
            .any(|(needle, _)| memchr::memmem::find(t.as_bytes(), needle.as_bytes()).is_some())
}

/// A Redis log line: `1:M 01 May 2024 10:00:00.123 * msg` (3.0 and later) or
/// `[1234] 01 May 10:00:00.123 * msg` (2.x).
pub fn is_log_line(t: &str) -> bool {
    let b = t.as_bytes();
    let (rest, old) = if b.first() == Some(&b'[') {
        let Some(close) = b.iter().take(12).position(|&c| c == b']') else {
            return false;
        };
        if close < 2 || !b[1..close].iter().all(u8::is_ascii_digit) {
            return false;
        }
        (&b[close + 1..], true)
    } else {
        let pid = b.iter().take(10).take_while(|c| c.is_ascii_digit()).count();
        if pid == 0
            || b.get(pid) != Some(&b':')
            || !matches!(b.get(pid + 1), Some(b'M' | b'S' | b'C' | b'X'))
        {
            return false;
        }
        (&b[pid + 2..], false)
    };
    // ` dd Mon [yyyy ]hh:mm:ss`
    if rest.len() < 17 || rest[0] != b' ' || !rest[1].is_ascii_digit() || !rest[2].is_ascii_digit()
    {
        return false;
    }
    // 2.x and 3.x–4.x print no year; 5.0 and later do.
    let _ = old;
    let time = |at: usize| {
        rest.get(at..at + 8).is_some_and(|t| {
            t[0].is_ascii_digit() && t[1].is_ascii_digit() && t[2] == b':' && t[5] == b':'
        })
    };
    time(8) || time(13)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_versions() {
        let text = "1:M 01 May 2024 10:00:00.123 # WARNING overcommit_memory is set to 0! Background save may fail under low memory condition.\n\
                    [2314] 01 Mar 05:50:23.123 # Server started, Redis version 2.8.4\n\
                    (error) OOM command not allowed when used memory > 'maxmemory'.\n";
        let e = scan(text);
        let kinds: Vec<LogKind> = e.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [LogKind::Overcommit, LogKind::Version, LogKind::OomRejected]
        );
        assert_eq!(e[1].version, Version::parse("2.8.4"));
    }

    #[test]
    fn log_lines() {
        assert!(is_log_line(
            "1:M 01 May 2024 10:00:00.123 * Ready to accept connections"
        ));
        assert!(is_log_line("[2314] 01 Mar 05:50:23.123 # Server started"));
        assert!(!is_log_line("used_memory:1"));
        assert!(!is_log_line("[00.00%] Biggest string found so far"));
    }
}
