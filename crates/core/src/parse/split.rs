//! Finds the blocks in a paste: INFO output (one block per node), CONFIG GET
//! output in each of its forms, redis.conf text, redis-cli prompts and the
//! output of commands the advisor does not read, and lines nothing recognized.
//! Splitting never changes the text: blocks are spans into it.

use crate::diag::Span;
pub use crate::diag::{MAX_LINE_BYTES, long_line};
use crate::params;
use crate::parse::conf::known_directive;
use crate::parse::config_get::{ConfigForm, is_param_name};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BlockKind {
    Info,
    Config {
        form: ConfigForm,
    },
    Conf,
    /// A `127.0.0.1:6379> INFO` prompt line (or `$ redis-cli INFO`).
    Prompt {
        command: String,
    },
    /// Output of a command the advisor does not read (`PING`, `DBSIZE`, …).
    CommandOutput {
        command: String,
    },
    Unrecognized,
    /// A line longer than [`MAX_LINE_BYTES`]: not read.
    LongLine,
    /// Server log lines (`1:M 01 May 2024 10:00:00.123 * …`), or lines holding
    /// messages of the server's log (`OOM command not allowed …`).
    Log,
    /// `MEMORY STATS` output (`peak.allocated`, `dataset.bytes`, …): not INFO.
    MemoryStats,
    /// `redis-cli --bigkeys` / `--memkeys` output (`# Scanning the entire keyspace…`).
    KeyScan,
    /// Output of host commands (`free -m`, `top`, `ulimit -a`, `ss -l`): not Redis output.
    HostOutput,
    /// A table copied with tabs (a tool's key or memory report): not read.
    Table,
}

impl BlockKind {
    /// Every name [`BlockKind::name`] gives: what a report's block may be.
    pub const NAMES: &[&str] = &[
        "info",
        "config-get",
        "redis-conf",
        "prompt",
        "command-output",
        "unrecognized",
        "long-line",
        "log",
        "memory-stats",
        "key-scan",
        "host-output",
        "table",
    ];

    /// The kind's name in the report (`BlockSummary::kind`).
    pub fn name(&self) -> &'static str {
        match self {
            BlockKind::Info => "info",
            BlockKind::Config { .. } => "config-get",
            BlockKind::Conf => "redis-conf",
            BlockKind::Prompt { .. } => "prompt",
            BlockKind::CommandOutput { .. } => "command-output",
            BlockKind::Unrecognized => "unrecognized",
            BlockKind::LongLine => "long-line",
            BlockKind::Log => "log",
            BlockKind::MemoryStats => "memory-stats",
            BlockKind::KeyScan => "key-scan",
            BlockKind::HostOutput => "host-output",
            BlockKind::Table => "table",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Block {
    #[serde(flatten)]
    pub kind: BlockKind,
    pub span: Span,
}

/// What the prompt said would come next.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Hint {
    Info,
    Config,
    Other(String),
}

/// `127.0.0.1:6379> INFO`, `redis:6379[2]> config get *`, `not connected> `,
/// `$ redis-cli -h host INFO`: the command typed, if the line is a prompt.
pub fn prompt_command(line: &str) -> Option<String> {
    let t = line.trim_ascii();
    // A Python REPL (`>>> r.info()`) or a shell prompt (`$ free -m`, `% ulimit -a`,
    // `root@host:~# ss -lin`).
    if let Some(rest) = t.strip_prefix(">>> ") {
        return Some(rest.trim_ascii().to_string());
    }
    if let Some(rest) = t.strip_prefix("$ ").or_else(|| t.strip_prefix("% "))
        && !rest.contains("redis-cli")
        && rest.starts_with(|c: char| c.is_ascii_lowercase())
    {
        return Some(rest.trim_ascii().to_string());
    }
    if let Some((who, rest)) = t.split_once("# ").or_else(|| t.split_once("$ "))
        && !who.contains(' ')
        && who.contains('@')
        && who.contains(':')
        && !rest.contains("redis-cli")
    {
        return Some(rest.trim_ascii().to_string());
    }
    // Cheap test first: this runs on every line of a paste.
    let shell = matches!(t.as_bytes().first(), Some(b'$' | b'#' | b'%' | b'>'))
        || t.starts_with("redis-cli");
    if !shell && !t.as_bytes().contains(&b'>') {
        return None;
    }
    if let Some(pos) = t.find("redis-cli").filter(|_| shell)
        && t[..pos]
            .trim_ascii()
            .chars()
            .all(|c| matches!(c, '$' | '#' | '%' | '>' | ' '))
    {
        let words = crate::parse::conf::split_args(&t[pos..]).ok()?;
        let mut it = words.into_iter().skip(1).peekable();
        let mut command = Vec::new();
        while let Some(w) = it.next() {
            if command.is_empty() && w.starts_with('-') {
                // Options that take a value.
                if matches!(
                    w.as_str(),
                    "-h" | "-p"
                        | "-a"
                        | "-n"
                        | "-u"
                        | "-s"
                        | "-r"
                        | "-i"
                        | "--user"
                        | "--pass"
                        | "--askpass"
                        | "--cacert"
                        | "--cert"
                        | "--key"
                        | "--sni"
                ) {
                    it.next();
                }
                continue;
            }
            command.push(w);
        }
        return Some(command.join(" "));
    }
    let (before, after) = t
        .split_once("> ")
        .or_else(|| t.strip_suffix('>').map(|b| (b, "")))?;
    let host_port = before
        .strip_suffix(']')
        .and_then(|b| b.rsplit_once('['))
        .map_or(before, |(h, _)| h);
    let looks_like_prompt = host_port == "not connected"
        || host_port == "redis"
        || host_port.rsplit_once(':').is_some_and(|(host, port)| {
            !host.is_empty()
                && !host.contains(char::is_whitespace)
                && !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
        });
    looks_like_prompt.then(|| after.trim_ascii().to_string())
}

/// A cheap test that rules out most lines before [`prompt_command`] looks closer:
/// a prompt starts like a shell line (`$`, `%`, `>`, `# redis-cli`, `redis-cli`)
/// or holds a `>` (`host:port>`, `host:port[db]>`, `not connected>`, `redis>`).
fn may_be_prompt(t: &str) -> bool {
    let b = t.as_bytes();
    match b.first() {
        Some(b'$' | b'%' | b'>') => true,
        _ if memchr::memchr(b'@', b).is_some() && (t.contains("# ") || t.contains("$ ")) => true,
        Some(b'#') => t[1..].trim_start().starts_with("redis-cli"),
        Some(b'r') if t.starts_with("redis-cli") => true,
        // memchr's short-input path beats core's `contains` on these short lines.
        _ => memchr::memchr(b'>', b).is_some(),
    }
}

/// Is this (trimmed) line a redis-cli prompt?
fn is_prompt(t: &str) -> bool {
    may_be_prompt(t) && prompt_command(t).is_some()
}

fn hint_for(command: &str) -> Hint {
    let lower = command.to_ascii_lowercase();
    let mut words = lower.split_whitespace();
    match (words.next(), words.next()) {
        (Some("info"), _) => Hint::Info,
        // A client library's call: `r.info()`, `redis.info("memory")`.
        (Some(w), _) if w.contains(".info(") || w.ends_with(".info") => Hint::Info,
        (Some("config"), Some("get")) => Hint::Config,
        _ => Hint::Other(command.to_string()),
    }
}

fn is_info_header(t: &str) -> bool {
    t.strip_prefix("# ").is_some_and(|w| {
        !w.is_empty() && w.len() <= 24 && w.bytes().all(|b| b.is_ascii_alphabetic())
    })
}

/// Bytes an INFO key may hold (a table: this runs on every line).
static KEY_CHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'|' || b == b'.' || b == b'-';
        c += 1;
    }
    t
};

fn is_info_field(t: &str) -> bool {
    let b = t.as_bytes();
    let key_len = b.iter().take_while(|&&c| KEY_CHAR[usize::from(c)]).count();
    key_len > 0 && b.get(key_len) == Some(&b':')
}

fn is_numbered(t: &str, marker: u8) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && t.as_bytes().get(digits) == Some(&marker)
}

fn is_terminal_item(t: &str) -> bool {
    is_numbered(t, b')') || t.starts_with("(empty") || t == "(nil)"
}

fn is_conf_directive(t: &str) -> bool {
    if t.starts_with("redis-server ") {
        return true;
    }
    match t.split_once(char::is_whitespace) {
        Some((name, rest)) => known_directive(name) && !rest.trim_ascii().is_empty(),
        None => false,
    }
}

fn is_known_param_token(t: &str) -> bool {
    !t.contains(char::is_whitespace) && params::lookup(t).is_some()
}

/// Splits a text into blocks.
pub fn split(text: &str) -> Vec<Block> {
    split_indexed(text, &crate::diag::LineIndex::new(text))
}

/// [`split`] with the text's line index already built (the analysis has one).
pub fn split_indexed(text: &str, index: &crate::diag::LineIndex) -> Vec<Block> {
    let mut lines: Vec<(Span, &str)> = Vec::with_capacity(index.line_count());
    lines.extend(index.lines(text));
    let mut blocks = Vec::new();
    let mut hint: Option<Hint> = None;
    let mut i = 0;
    while i < lines.len() {
        if lines[i].0.len() > MAX_LINE_BYTES {
            blocks.push(Block {
                kind: BlockKind::LongLine,
                span: lines[i].0,
            });
            i += 1;
            continue;
        }
        let t = lines[i].1.trim_ascii();
        if t.is_empty() {
            i += 1;
            continue;
        }
        if let Some(command) = may_be_prompt(t).then(|| prompt_command(t)).flatten() {
            hint = Some(hint_for(&command));
            blocks.push(Block {
                kind: BlockKind::Prompt { command },
                span: lines[i].0,
            });
            i += 1;
            continue;
        }
        let kind = match hint.take() {
            Some(Hint::Other(command)) => Some(BlockKind::CommandOutput { command }),
            Some(Hint::Info) if !t.starts_with('(') => Some(BlockKind::Info),
            _ => detect(&lines, i),
        };
        let Some(kind) = kind else {
            // A comment outside any block: neither recognized nor a problem.
            i += 1;
            continue;
        };
        // Every block holds at least its first line (a raw CONFIG GET name whose value
        // line is a prompt consumes nothing by itself).
        let mut end = consume(&kind, &lines, i).max(i + 1);
        // A line too long to read ends a block; INFO, whose parser skips such
        // lines itself, goes on past it.
        if kind != BlockKind::Info
            && let Some(long) = (i + 1..end).find(|&j| lines[j].0.len() > MAX_LINE_BYTES)
        {
            end = long;
        }
        let span = if kind
            == (BlockKind::Config {
                form: ConfigForm::Raw,
            })
            && lines[end - 1].1.trim_ascii().is_empty()
        {
            // An empty last value: keep its line ending so the parser sees it.
            Span::new(lines[i].0.start, lines[end - 1].0.start)
        } else {
            // Trailing blank lines are not part of the block.
            let last = (i..end)
                .rev()
                .find(|&j| !lines[j].1.trim_ascii().is_empty())
                .unwrap_or(i);
            Span::new(lines[i].0.start, lines[last].0.end)
        };
        blocks.push(Block { kind, span });
        i = end;
    }
    blocks
}

fn next_nonblank<'a>(lines: &[(Span, &'a str)], from: usize) -> Option<&'a str> {
    lines[from..]
        .iter()
        .map(|(_, l)| l.trim_ascii())
        .find(|l| !l.is_empty())
}

/// The kind of block starting at line `i` (which is not blank), or `None` for
/// a comment.
fn detect(lines: &[(Span, &str)], i: usize) -> Option<BlockKind> {
    let t = lines[i].1.trim_ascii();
    let next = || next_nonblank(lines, i + 1);
    if is_info_header(t) && next().is_some_and(|n| is_info_field(n) || is_info_header(n)) {
        return Some(BlockKind::Info);
    }
    if let Some(kind) = other_output(t) {
        return Some(kind);
    }
    if is_terminal_item(t) {
        return Some(BlockKind::Config {
            form: ConfigForm::Terminal,
        });
    }
    if is_numbered(t, b'#') {
        return Some(BlockKind::Config {
            form: ConfigForm::Resp3,
        });
    }
    if looks_like_json(t) {
        return Some(BlockKind::Config {
            form: ConfigForm::Json,
        });
    }
    if is_param_name(t)
        && i + 1 < lines.len()
        && (is_known_param_token(t)
            || lines
                .get(i + 2)
                .is_some_and(|(_, l)| is_known_param_token(l.trim_ascii())))
    {
        return Some(BlockKind::Config {
            form: ConfigForm::Raw,
        });
    }
    if is_conf_directive(t) {
        return Some(BlockKind::Conf);
    }
    if t.starts_with('#') {
        // `# Can't save in background…`: a log message printed with its level mark.
        return crate::parse::log::has_message(t).then_some(BlockKind::Log);
    }
    if crate::parse::log::has_message(t) {
        return Some(BlockKind::Log);
    }
    // A row of a table copied with tabs (`key:name\tset\t…`) is no INFO field.
    if is_info_field(t) && memchr::memchr(b'\t', t.as_bytes()).is_none() {
        return Some(BlockKind::Info);
    }
    Some(BlockKind::Unrecognized)
}

/// A JSON value starts here: `{"`, `{}`, `["`, `[{`, `[]`, or a brace alone.
fn looks_like_json(t: &str) -> bool {
    let b = t.as_bytes();
    let after = b[1.min(b.len())..]
        .iter()
        .find(|c| !c.is_ascii_whitespace())
        .copied();
    match b.first() {
        Some(b'{') => matches!(after, None | Some(b'"' | b'}')),
        Some(b'[') => matches!(after, None | Some(b'"' | b'{' | b']')),
        _ => false,
    }
}

/// A row of `free`: `Mem:   64317   11024 …` (looks like an INFO field otherwise).
fn is_memory_row(t: &str) -> bool {
    matches!(t.as_bytes().first(), Some(b'M' | b'S' | b'-'))
        && ["Mem:", "Swap:", "-/+ buffers/cache:"].iter().any(|p| {
            t.strip_prefix(p).is_some_and(|r| {
                r.starts_with([' ', '\t'])
                    && r.trim_start().starts_with(|c: char| c.is_ascii_digit())
            })
        })
}

/// Output the advisor recognizes but does not read as INFO, CONFIG GET or
/// redis.conf: server logs, MEMORY STATS, `--bigkeys`, host commands.
fn other_output(t: &str) -> Option<BlockKind> {
    let b = t.as_bytes();
    match b.first()? {
        b'0'..=b'9' | b'[' if crate::parse::log::is_log_line(t) => Some(BlockKind::Log),
        b'#' if t.starts_with("# Scanning the entire keyspace") => Some(BlockKind::KeyScan),
        b'[' if b.get(1).is_some_and(u8::is_ascii_digit) && t.contains("%] ") => {
            Some(BlockKind::KeyScan)
        }
        b'-' if t.starts_with("-------- summary") => Some(BlockKind::KeyScan),
        b'S' if t.starts_with("Sampled ") && t.contains(" keys in the keyspace") => {
            Some(BlockKind::KeyScan)
        }
        b'p' | b'1' | b'{' | b'"' | b'\'' if t.contains("peak.allocated") => {
            Some(BlockKind::MemoryStats)
        }
        b'B' if t.starts_with("Biggest ") && t.contains(" found ") => Some(BlockKind::KeyScan),
        b'M' | b'S' | b'-' if is_memory_row(t) => Some(BlockKind::HostOutput),
        b't' if t.starts_with("total ") && t.contains("used") && t.contains("free") => {
            Some(BlockKind::HostOutput)
        }
        b't' if t.starts_with("top - ") => Some(BlockKind::HostOutput),
        _ if b.iter().filter(|&&c| c == b'\t').count() >= 3 => Some(BlockKind::Table),
        _ => None,
    }
}

/// The index of the first line after the block of `kind` starting at `i`.
fn consume(kind: &BlockKind, lines: &[(Span, &str)], i: usize) -> usize {
    let n = lines.len();
    let stops_at_prompt = |j: usize| is_prompt(lines[j].1.trim_ascii());
    match kind {
        BlockKind::Info => {
            let mut fields = 0;
            let mut j = i;
            while j < n {
                let t = lines[j].1.trim_ascii();
                if t.is_empty() {
                } else if is_info_header(t) {
                    // A second `# Server` starts the next node's INFO.
                    if fields > 0 && t == "# Server" {
                        break;
                    }
                } else if is_info_field(t) && !is_prompt(t) && !is_memory_row(t) {
                    fields += 1;
                } else {
                    break;
                }
                j += 1;
            }
            j
        }
        BlockKind::Config {
            form: ConfigForm::Raw,
        } => {
            let mut j = i;
            while j + 1 < n && is_param_name(lines[j].1.trim_ascii()) && !stops_at_prompt(j + 1) {
                j += 2;
            }
            // A name with no value line: keep it so the parser reports it.
            if j + 1 == n && is_param_name(lines[j].1.trim_ascii()) {
                j += 1;
            }
            j
        }
        BlockKind::Config {
            form: ConfigForm::Terminal,
        } => take_while(lines, i, |t| t.is_empty() || is_terminal_item(t)),
        BlockKind::Config {
            form: ConfigForm::Resp3,
        } => take_while(lines, i, |t| {
            t.is_empty() || is_numbered(t, b'#') || t.starts_with("(empty")
        }),
        BlockKind::Config {
            form: ConfigForm::Json,
        } => json_end(lines, i),
        BlockKind::Conf => {
            let mut j = i;
            while j < n {
                let t = lines[j].1.trim_ascii();
                let info_starts =
                    is_info_header(t) && next_nonblank(lines, j + 1).is_some_and(is_info_field);
                if info_starts || stops_at_prompt(j) {
                    break;
                }
                // A directive with its value missing (`hz` alone) stays in the conf, so
                // its parser reports it, unless a value line follows: then raw
                // CONFIG GET output starts here.
                let bare_directive = is_known_param_token(t)
                    && next_nonblank(lines, j + 1)
                        .is_none_or(|n| n.starts_with('#') || is_conf_directive(n));
                if !(t.is_empty() || t.starts_with('#') || is_conf_directive(t) || bare_directive) {
                    break;
                }
                j += 1;
            }
            j
        }
        BlockKind::CommandOutput { .. } => take_while(lines, i, |t| prompt_command(t).is_none()),
        BlockKind::LongLine => i + 1,
        BlockKind::Unrecognized => {
            let mut j = i + 1;
            while j < n {
                let t = lines[j].1.trim_ascii();
                if !t.is_empty()
                    && (prompt_command(t).is_some()
                        || detect(lines, j).is_none_or(|k| k != BlockKind::Unrecognized))
                {
                    break;
                }
                j += 1;
            }
            j
        }
        BlockKind::Prompt { .. } => i + 1,
        BlockKind::Log => take_while(lines, i, |t| {
            t.is_empty() || crate::parse::log::is_log_line(t) || crate::parse::log::has_message(t)
        }),
        BlockKind::KeyScan | BlockKind::MemoryStats => {
            // Up to a prompt or the start of INFO.
            let mut j = i + 1;
            while j < n {
                let t = lines[j].1.trim_ascii();
                if stops_at_prompt(j)
                    || (is_info_header(t) && next_nonblank(lines, j + 1).is_some_and(is_info_field))
                {
                    break;
                }
                j += 1;
            }
            j
        }
        BlockKind::HostOutput => take_while(lines, i, |t| !t.is_empty()),
        BlockKind::Table => take_while(lines, i, |t| memchr::memchr(b'\t', t.as_bytes()).is_some()),
    }
}

fn take_while(lines: &[(Span, &str)], i: usize, keep: impl Fn(&str) -> bool) -> usize {
    let mut j = i;
    while j < lines.len() && keep(lines[j].1.trim_ascii()) {
        j += 1;
    }
    j.max(i + 1)
}

/// The line after the one that closes the JSON value starting at line `i`.
fn json_end(lines: &[(Span, &str)], i: usize) -> usize {
    let (mut depth, mut in_str, mut escaped) = (0i64, false, false);
    for (j, (_, line)) in lines.iter().enumerate().skip(i) {
        for c in line.chars() {
            if in_str {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_str = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_str = true,
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            return j + 1;
        }
    }
    lines.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, &str)> {
        split(text)
            .into_iter()
            .map(|b| (b.kind, &text[b.span.start..b.span.end]))
            .collect()
    }

    #[test]
    fn every_kind_has_a_listed_name() {
        let kinds = [
            BlockKind::Info,
            BlockKind::Config {
                form: ConfigForm::Raw,
            },
            BlockKind::Conf,
            BlockKind::Prompt {
                command: String::new(),
            },
            BlockKind::CommandOutput {
                command: String::new(),
            },
            BlockKind::Unrecognized,
            BlockKind::LongLine,
            BlockKind::Log,
            BlockKind::MemoryStats,
            BlockKind::KeyScan,
            BlockKind::HostOutput,
            BlockKind::Table,
        ];
        let names: Vec<&str> = kinds.iter().map(BlockKind::name).collect();
        assert_eq!(names, BlockKind::NAMES);
    }

    #[test]
    fn prompts() {
        assert_eq!(
            prompt_command("127.0.0.1:6379> INFO everything"),
            Some("INFO everything".into())
        );
        assert_eq!(
            prompt_command("redis.example.com:6380[2]> config get *"),
            Some("config get *".into())
        );
        assert_eq!(
            prompt_command("$ redis-cli -h 10.0.0.1 -p 6379 --raw CONFIG GET '*'"),
            Some("CONFIG GET *".into())
        );
        assert_eq!(prompt_command("127.0.0.1:6379>"), Some(String::new()));
        assert_eq!(prompt_command("maxmemory 100mb"), None);
        assert_eq!(prompt_command("used_memory:100"), None);
    }

    #[test]
    fn a_session_transcript() {
        let text = "127.0.0.1:6379> PING\nPONG\n127.0.0.1:6379> INFO memory\n# Memory\r\nused_memory:1\r\n\r\n127.0.0.1:6379> CONFIG GET maxmemory\n1) \"maxmemory\"\n2) \"0\"\n";
        let k = kinds(text);
        assert_eq!(k.len(), 6, "{k:?}");
        assert_eq!(
            k[1],
            (
                BlockKind::CommandOutput {
                    command: "PING".into()
                },
                "PONG"
            )
        );
        assert_eq!(k[3], (BlockKind::Info, "# Memory\r\nused_memory:1"));
        assert_eq!(
            k[5].0,
            BlockKind::Config {
                form: ConfigForm::Terminal
            }
        );
    }

    #[test]
    fn a_parameter_name_followed_by_a_prompt() {
        // Found by fuzzing: this once indexed before the first line.
        let text = "bind\n1dis_git_sha1:000000> \0)\"6\n \"41";
        let blocks = split(text);
        assert!(!blocks.is_empty());
        let mut end = 0;
        for b in &blocks {
            assert!(b.span.start >= end && text.get(b.span.start..b.span.end).is_some());
            end = b.span.end;
        }
    }

    #[test]
    fn a_prompt_right_after_info_fields_ends_the_info() {
        // Prompts read as INFO fields (`host:port>` has a colon); no blank line before them.
        for prompt in [
            "127.0.0.1:6379> CONFIG GET *",
            "redis:6379[2]> DBSIZE",
            "redis-cli:x INFO",
        ] {
            let text = format!("# Memory\nused_memory:1\nrole:master\n{prompt}\n");
            let k = kinds(&text);
            assert_eq!(
                k[0],
                (BlockKind::Info, "# Memory\nused_memory:1\nrole:master"),
                "{prompt}: {k:?}"
            );
            assert!(
                matches!(k[1].0, BlockKind::Prompt { .. }),
                "{prompt}: {k:?}"
            );
        }
        // A value with digits after the colon and no `>` stays a field.
        let k = kinds("# Stats\nexpired_keys:12[3]\nevicted_keys:0\n");
        assert_eq!(k.len(), 1, "{k:?}");
    }

    #[test]
    fn info_then_raw_config_then_garbage_then_conf() {
        let text = "# Server\nredis_version:7.0.15\n# Keyspace\nmaxmemory\n0\nsave\n\nlorem ipsum\ndolor sit\n# Redis configuration\nmaxmemory 2gb\nsave 900 1\n";
        let k = kinds(text);
        let got: Vec<_> = k.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(
            got,
            [
                BlockKind::Info,
                BlockKind::Config {
                    form: ConfigForm::Raw
                },
                BlockKind::Unrecognized,
                BlockKind::Conf
            ]
        );
        assert_eq!(k[1].1, "maxmemory\n0\nsave\n");
        assert_eq!(k[2].1, "lorem ipsum\ndolor sit");
        assert_eq!(k[3].1, "maxmemory 2gb\nsave 900 1");
    }

    #[test]
    fn a_directive_without_its_value_stays_in_the_conf() {
        let k = kinds("maxmemory 1gb\nhz\ntimeout 0\n");
        assert_eq!(k, [(BlockKind::Conf, "maxmemory 1gb\nhz\ntimeout 0")]);
        let k = kinds("maxmemory 1gb\nmaxmemory\n0\n");
        assert_eq!(
            k[1],
            (
                BlockKind::Config {
                    form: ConfigForm::Raw
                },
                "maxmemory\n0"
            )
        );
    }

    #[test]
    fn several_nodes() {
        let text = "# Server\nredis_version:7.0.15\n# Memory\nused_memory:1\n# Server\nredis_version:7.2.4\n";
        let k = kinds(text);
        assert_eq!(k.len(), 2);
        assert!(k.iter().all(|(k, _)| *k == BlockKind::Info));
    }

    #[test]
    fn json_and_resp3() {
        let k = kinds("{\"maxmemory\":\n\"0\"}\n 1# \"save\" => \"\"\n");
        assert_eq!(
            k[0],
            (
                BlockKind::Config {
                    form: ConfigForm::Json
                },
                "{\"maxmemory\":\n\"0\"}"
            )
        );
        assert_eq!(
            k[1].0,
            BlockKind::Config {
                form: ConfigForm::Resp3
            }
        );
    }
}
