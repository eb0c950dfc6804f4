//! The first stage: reads the lines inside whatever wrapped a paste. People paste
//! INFO out of log files and chat threads, so each line may carry a timestamp, a
//! log header, a `service  | ` prefix, a markdown quote, escapes; a client
//! library may have printed INFO as a Ruby Hash, a Python dict, a JSON or node
//! object; raw RESP from `nc` puts `$4257` before the payload.
//!
//! [`unwrap`] returns a [`View`]: the text the splitter and parsers read, and a
//! map from every byte of it back to the user's original text. The original is
//! never altered: every span found in the view is mapped back before it reaches a
//! report (line numbers, evidence, diagnostics). When nothing is wrapped — the
//! common case — the view *is* the text and the map is the identity; finding
//! that out costs one look at the first bytes of each line.
//!
//! A line wrapper is recognized by its repetition: a line's prefix counts only
//! when a neighbouring non-blank line carries the same kind of prefix. Prefixes
//! that can never begin Redis output (`\#`, a RESP length line, a literal `^M`
//! or `#015` at the end) are taken on any line. Each step looks at a bounded
//! number of bytes and each round removes at least one byte from a line, so the
//! stage is linear in the input.

use crate::diag::{LineIndex, Span};
use std::borrow::Cow;

/// What wrapped some lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Wrapper {
    /// `2024-05-01T10:00:00.123Z `, `[2024-05-01 10:00:00] `, `2024/05/01 10:00:00 `.
    IsoTimestamp,
    /// `1714557600123 ` (epoch seconds or milliseconds).
    EpochTimestamp,
    /// `@4000000066321f1a0b1c2d3e ` (daemontools / s6 logs).
    Tai64n,
    /// `May  1 10:00:00 host redis[42]: ` (BSD syslog), with `#015` for CR.
    Syslog,
    /// `I0501 10:00:00.123456   12345 main.go:42] ` (Kubernetes klog).
    Klog,
    /// `time="…" level=info msg="…"` (logrus).
    Logrus,
    /// `redis_1  | ` (Docker Compose).
    Compose,
    /// `stdout F ` (container runtime log lines).
    CriStream,
    /// `> ` (a markdown or e-mail quote).
    Quote,
    /// Leading spaces or tabs on consecutive lines.
    Indent,
    /// `\#`, `\_`, `**` (markdown escapes and emphasis).
    Markdown,
    /// A literal `^M` or `#015` at the end of the line.
    CarriageReturn,
    /// `$4257` / `*6` lines of raw RESP.
    Resp,
    /// INFO printed by a client library as a Ruby Hash, Python dict, JSON or node object.
    Dump,
}

impl Wrapper {
    /// How the report names it.
    pub fn describe(self) -> &'static str {
        match self {
            Wrapper::IsoTimestamp => "timestamps",
            Wrapper::EpochTimestamp => "epoch timestamps",
            Wrapper::Tai64n => "TAI64N timestamps",
            Wrapper::Syslog => "syslog headers",
            Wrapper::Klog => "Kubernetes log headers",
            Wrapper::Logrus => "logrus fields (`msg=`)",
            Wrapper::Compose => "Docker Compose prefixes (`service | `)",
            Wrapper::CriStream => "container log stream tags",
            Wrapper::Quote => "quote marks (`> `)",
            Wrapper::Indent => "indentation",
            Wrapper::Markdown => "markdown escapes",
            Wrapper::CarriageReturn => "literal carriage returns (`^M`, `#015`)",
            Wrapper::Resp => "RESP length lines (`$1234`)",
            Wrapper::Dump => "a client library's printout (hash, dict or object)",
        }
    }
}

/// One stretch of the view copied from the original: `len` bytes at `view` in the
/// view are the `len` bytes at `orig` in the original.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    view: usize,
    orig: usize,
    len: usize,
}

/// The text the analysis reads, with the way back to the original.
#[derive(Debug)]
pub struct View<'a> {
    text: Cow<'a, str>,
    /// Empty when the view is the original text.
    pieces: Vec<Piece>,
    /// The view's own line index when it differs from the original.
    index: Option<LineIndex>,
    /// What was removed, with the original lines it was removed from (0-based, inclusive).
    pub found: Vec<(Wrapper, usize, usize)>,
}

impl<'a> View<'a> {
    /// The view of a text nothing wrapped.
    pub fn identity(text: &'a str) -> View<'a> {
        View {
            text: Cow::Borrowed(text),
            pieces: Vec::new(),
            index: None,
            found: Vec::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_identity(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_)) && self.pieces.is_empty()
    }

    /// The view's line index (`original` when the view is the original).
    pub fn line_index<'s>(&'s self, original: &'s LineIndex) -> &'s LineIndex {
        self.index.as_ref().unwrap_or(original)
    }

    /// The piece holding view offset `v`, or the last one before it.
    fn piece_at(&self, v: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.view <= v);
        self.pieces.get(i.checked_sub(1)?)
    }

    /// The original offset of the byte at view offset `v` (a position between
    /// two copied stretches maps to the end of the first).
    pub fn start(&self, v: usize) -> usize {
        if self.is_identity() {
            return v;
        }
        match self.piece_at(v) {
            Some(p) if v < p.view + p.len => p.orig + (v - p.view),
            Some(p) => p.orig + p.len,
            None => self.pieces.first().map_or(0, |p| p.orig),
        }
    }

    /// The original offset just after the byte before view offset `v`.
    pub fn end(&self, v: usize) -> usize {
        if self.is_identity() || v == 0 {
            return self.start(v);
        }
        match self.piece_at(v - 1) {
            Some(p) if v - 1 < p.view + p.len => p.orig + (v - p.view),
            Some(p) => p.orig + p.len,
            None => self.start(v),
        }
    }

    /// A span of the view as a span of the original text.
    pub fn span(&self, s: Span) -> Span {
        if self.is_identity() {
            return s;
        }
        let start = self.start(s.start);
        Span::new(start, self.end(s.end).max(start))
    }
}

/// Builds a view: text copied from a source (with its map) or written anew.
struct Out {
    text: String,
    pieces: Vec<Piece>,
}

impl Out {
    fn new(capacity: usize) -> Out {
        Out {
            text: String::with_capacity(capacity),
            pieces: Vec::new(),
        }
    }

    /// Copies `src[range]`, whose original offset is `orig`.
    fn copy(&mut self, src: &str, start: usize, end: usize, orig: usize) {
        let Some(s) = src.get(start..end) else {
            return;
        };
        if s.is_empty() {
            return;
        }
        let view = self.text.len();
        self.text.push_str(s);
        if let Some(last) = self.pieces.last_mut()
            && last.view + last.len == view
            && last.orig + last.len == orig
        {
            last.len += s.len();
            return;
        }
        self.pieces.push(Piece {
            view,
            orig,
            len: s.len(),
        });
    }

    /// Writes text that is not in the original (a line break, a `:`).
    fn write(&mut self, s: &str) {
        self.text.push_str(s);
    }
}

/// How many rounds of prefixes one line may lose (a quote in a log in a log…).
const MAX_ROUNDS: usize = 6;

/// A line as it is being unwrapped: the stretch of the original still inside.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
    /// Dropped whole (a RESP length line).
    drop: bool,
    /// Holds `\_`-style escapes or `**` to remove.
    markdown: bool,
}

/// Reads a text's lines inside their wrappers. `index` is the text's line index.
pub fn unwrap<'a>(text: &'a str, index: &LineIndex) -> View<'a> {
    let mut lines: Vec<Line> = Vec::new();
    let mut found: Vec<(Wrapper, usize, usize)> = Vec::new();
    let mut changed = false;
    // A quick first look: does any line start or end like a wrapper?
    for (span, line) in index.lines(text) {
        if !changed && may_be_wrapped(line) {
            changed = true;
            lines.reserve(index.line_count());
            // Fill in the lines before this one.
            for (s, _) in index.lines(text).take_while(|(s, _)| s.start < span.start) {
                lines.push(Line::new(s));
            }
        }
        if changed {
            lines.push(Line::new(span));
        }
    }
    if !changed {
        return match dumps(index, &View::identity(text)) {
            Some(view) => view,
            None => View::identity(text),
        };
    }

    for _ in 0..MAX_ROUNDS {
        let kinds: Vec<Option<(Wrapper, usize, usize)>> = lines
            .iter()
            .map(|l| {
                if l.drop {
                    return None;
                }
                let s = text.get(l.start..l.end).unwrap_or("");
                outer(s).map(|(w, a, b)| (w, l.start + a, l.start + b))
            })
            .collect();
        let mut any = false;
        for i in 0..lines.len() {
            let Some((w, a, b)) = kinds[i] else {
                continue;
            };
            let repeated = needs_no_repetition(w) || {
                let same = |j: usize| kinds[j].is_some_and(|(v, _, _)| v == w);
                let prev = (0..i).rev().find(|&j| !blank(text, lines[j]));
                let next = (i + 1..lines.len()).find(|&j| !blank(text, lines[j]));
                prev.is_some_and(same) || next.is_some_and(same)
            };
            if !repeated || (a, b) == (lines[i].start, lines[i].end) && lines[i].markdown {
                continue;
            }
            any = true;
            match w {
                Wrapper::Resp => lines[i].drop = true,
                Wrapper::Markdown => {
                    lines[i].markdown = true;
                    lines[i].start = a;
                    lines[i].end = b;
                }
                _ => {
                    lines[i].start = a;
                    lines[i].end = b;
                }
            }
            match found.last_mut() {
                Some((v, _, last)) if *v == w && *last + 1 >= i => *last = i,
                _ => found.push((w, i, i)),
            }
        }
        if !any {
            break;
        }
    }
    if found.is_empty() {
        return match dumps(index, &View::identity(text)) {
            Some(view) => view,
            None => View::identity(text),
        };
    }
    // Runs of one wrapper over consecutive lines, by line (for the report).
    crate::sort::sort_by_key(&mut found, |&(_, first, _)| first);

    let mut out = Out::new(text.len());
    for l in &lines {
        if l.drop {
            continue;
        }
        if l.markdown {
            copy_unescaped(&mut out, text, l.start, l.end);
        } else {
            out.copy(text, l.start, l.end, l.start);
        }
        out.write("\n");
    }
    let mut view = View {
        index: Some(LineIndex::new(&out.text)),
        text: Cow::Owned(out.text),
        pieces: out.pieces,
        found,
    };
    if let Some(mut dumped) = dumps(index, &view) {
        dumped.found.splice(0..0, std::mem::take(&mut view.found));
        return dumped;
    }
    view
}

impl Line {
    fn new(s: Span) -> Line {
        Line {
            start: s.start,
            end: s.end,
            drop: false,
            markdown: false,
        }
    }
}

fn blank(text: &str, l: Line) -> bool {
    l.drop
        || text
            .get(l.start..l.end)
            .is_none_or(|s| s.trim_ascii().is_empty())
}

/// Wrappers that no Redis output line can begin or end with, taken on one line.
fn needs_no_repetition(w: Wrapper) -> bool {
    matches!(
        w,
        Wrapper::Markdown | Wrapper::CarriageReturn | Wrapper::Resp
    )
}

/// The cheap test: could this line carry a wrapper?
fn may_be_wrapped(line: &str) -> bool {
    let b = line.as_bytes();
    if b.ends_with(b"^M") || b.ends_with(b"#015") {
        return true;
    }
    match b.first() {
        None => false,
        // `# Server`, `key:value` and redis.conf lines start with these; a Compose
        // prefix is a name, spaces and a bar.
        Some(c) if c.is_ascii_lowercase() => {
            b.starts_with(b"time=")
                || b.starts_with(b"level=")
                || (memchr::memchr(b'|', b).is_some() && compose(line).is_some())
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            (digits == 4 && matches!(b.get(4), Some(b'-' | b'/'))) || digits >= 10
        }
        Some(b'@' | b'>' | b'\\' | b'*' | b'$' | b'[' | b' ' | b'\t') => true,
        Some(c) if c.is_ascii_uppercase() => true,
        Some(_) => false,
    }
}

/// The outermost wrapper of a line: its kind and the stretch it leaves inside
/// (offsets into `s`).
fn outer(s: &str) -> Option<(Wrapper, usize, usize)> {
    let b = s.as_bytes();
    let lead = b
        .iter()
        .take(64)
        .take_while(|c| matches!(c, b' ' | b'\t'))
        .count();
    let t = &s[lead..];
    let end = s.len();
    if let Some(n) = suffix_cr(t) {
        return Some((Wrapper::CarriageReturn, 0, end - n));
    }
    let tb = t.as_bytes();
    let prefix = match tb.first()? {
        b'@' => tai64n(t).map(|n| (Wrapper::Tai64n, n)),
        b'>' => {
            // `> text`, `>` alone; not `>>` nor a redis-cli `> ` prompt echo.
            match tb.get(1) {
                None => Some((Wrapper::Quote, 1)),
                Some(b' ') => Some((Wrapper::Quote, 2)),
                Some(b'>') => Some((Wrapper::Quote, 1)),
                _ => None,
            }
        }
        b'\\' => matches!(tb.get(1), Some(b'#' | b'*' | b'_' | b'>' | b'-' | b'['))
            .then_some((Wrapper::Markdown, 1)),
        b'*' => {
            if tb.starts_with(b"**") {
                Some((Wrapper::Markdown, 0))
            } else if resp_length(t) {
                Some((Wrapper::Resp, 0))
            } else {
                None
            }
        }
        b'$' => resp_length(t).then_some((Wrapper::Resp, 0)),
        b'[' => bracketed_timestamp(t).map(|n| (Wrapper::IsoTimestamp, n)),
        b'0'..=b'9' => iso(t)
            .map(|n| (Wrapper::IsoTimestamp, n))
            .or_else(|| epoch(t).map(|n| (Wrapper::EpochTimestamp, n))),
        b't' | b'l' if t.starts_with("time=") || t.starts_with("level=") => {
            return logrus(t).map(|(a, z)| (Wrapper::Logrus, lead + a, lead + z));
        }
        b'A'..=b'Z' => syslog(t)
            .map(|n| (Wrapper::Syslog, n))
            .or_else(|| klog(t).map(|n| (Wrapper::Klog, n))),
        b's' if t.starts_with("stdout ") || t.starts_with("stderr ") => {
            cri_stream(t).map(|n| (Wrapper::CriStream, n))
        }
        _ => None,
    }
    .or_else(|| compose(t).map(|n| (Wrapper::Compose, n)))
    .or_else(|| inline_markdown(t).then_some((Wrapper::Markdown, 0)));
    // Indentation alone, repeated on the next lines, is a wrapper too: what is
    // read is the line without it.
    let (w, n) = match prefix {
        Some(p) => p,
        // Not before numbered items: redis-cli aligns those (`  1) "save"`, ` 1# …`).
        None if lead > 0
            && t.as_bytes()
                .first()
                .is_some_and(|c| !c.is_ascii_digit() && !matches!(c, b'(' | b'"')) =>
        {
            return Some((Wrapper::Indent, lead, end));
        }
        None => return None,
    };
    if w == Wrapper::Markdown && n == 0 && !inline_markdown(t) {
        return None;
    }
    Some((w, lead + n, end))
}

/// `\_` or `**` inside a line (markdown that escaped or emphasized INFO).
fn inline_markdown(t: &str) -> bool {
    let b = t.as_bytes();
    let scan = &b[..b.len().min(256)];
    memchr::memmem::find(scan, b"\\_").is_some() || memchr::memmem::find(scan, b"**").is_some()
}

/// Copies `text[start..end]` without markdown escapes' backslashes and `**`.
fn copy_unescaped(out: &mut Out, text: &str, start: usize, end: usize) {
    let b = text.as_bytes();
    let mut from = start;
    let mut i = start;
    while i < end {
        let skip = if b[i] == b'\\' && i + 1 < end && b[i + 1].is_ascii_punctuation() {
            1
        } else if b[i] == b'*' && i + 1 < end && b[i + 1] == b'*' {
            2
        } else {
            0
        };
        if skip > 0 {
            out.copy(text, from, i, from);
            i += skip;
            // The escaped character itself is kept.
            from = i;
            if skip == 1 {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out.copy(text, from, end, from);
}

/// `^M` or `#015` at the end (after trailing spaces): its length with them.
fn suffix_cr(t: &str) -> Option<usize> {
    let trimmed = t.trim_ascii_end();
    let spaces = t.len() - trimmed.len();
    for tail in ["^M", "#015"] {
        if trimmed.len() > tail.len() && trimmed.ends_with(tail) {
            return Some(tail.len() + spaces);
        }
    }
    None
}

fn digits(b: &[u8], from: usize, n: usize) -> bool {
    b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit)
}

/// Spaces after a prefix: how many (at least one, or the line ends).
fn gap(b: &[u8], at: usize) -> Option<usize> {
    let n = b[at.min(b.len())..]
        .iter()
        .take(64)
        .take_while(|c| matches!(c, b' ' | b'\t'))
        .count();
    (n > 0 || at == b.len()).then_some(at + n)
}

/// `2024-05-01T10:00:00.123456Z`, `2024-05-01 10:00:00,123 +0000`, `2024/05/01 10:00:00`.
fn iso_stamp(b: &[u8]) -> Option<usize> {
    let date = digits(b, 0, 4)
        && matches!(b.get(4), Some(b'-' | b'/'))
        && digits(b, 5, 2)
        && b.get(7) == b.get(4)
        && digits(b, 8, 2);
    if !date {
        return None;
    }
    let mut i = 10;
    if matches!(b.get(i), Some(b'T' | b' ')) && digits(b, i + 1, 2) {
        i += 1;
        if !(digits(b, i, 2) && b.get(i + 2) == Some(&b':') && digits(b, i + 3, 2)) {
            return None;
        }
        i += 5;
        if b.get(i) == Some(&b':') && digits(b, i + 1, 2) {
            i += 3;
        }
        if matches!(b.get(i), Some(b'.' | b',')) {
            let n = b[i + 1..]
                .iter()
                .take(12)
                .take_while(|c| c.is_ascii_digit())
                .count();
            i += 1 + n;
        }
        if b.get(i) == Some(&b' ') && matches!(b.get(i + 1), Some(b'+' | b'-')) {
            i += 1;
        }
        match b.get(i) {
            Some(b'Z') => i += 1,
            Some(b'+' | b'-') if digits(b, i + 1, 2) => {
                i += 3;
                if b.get(i) == Some(&b':') {
                    i += 1;
                }
                if digits(b, i, 2) {
                    i += 2;
                }
            }
            _ => {}
        }
        if b.get(i..i + 4) == Some(b" UTC") {
            i += 4;
        }
    }
    Some(i)
}

fn iso(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let i = iso_stamp(b)?;
    // A date alone is not a log prefix.
    if i <= 10 {
        return None;
    }
    gap(b, i)
}

/// `[2024-05-01 10:00:00]` or `[1714557600.123]`.
fn bracketed_timestamp(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let inner = &b[1..];
    let n = iso_stamp(inner).or_else(|| {
        let d = inner
            .iter()
            .take(20)
            .take_while(|c| c.is_ascii_digit())
            .count();
        (d >= 10).then(|| {
            d + if inner.get(d) == Some(&b'.') {
                1 + inner[d + 1..]
                    .iter()
                    .take(12)
                    .take_while(|c| c.is_ascii_digit())
                    .count()
            } else {
                0
            }
        })
    })?;
    (inner.get(n) == Some(&b']')).then_some(())?;
    gap(b, n + 2)
}

/// `1714557600123 ` or `1714557600.123 `: 10 to 13 digits.
fn epoch(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let d = b.iter().take(14).take_while(|c| c.is_ascii_digit()).count();
    if !(10..=13).contains(&d) {
        return None;
    }
    let mut i = d;
    if b.get(i) == Some(&b'.') {
        i += 1 + b[i + 1..]
            .iter()
            .take(9)
            .take_while(|c| c.is_ascii_digit())
            .count();
    }
    if !matches!(b.get(i), Some(b' ' | b'\t')) {
        return None;
    }
    gap(b, i)
}

/// `@` and 24 hex digits.
fn tai64n(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    (b.len() >= 25 && b[1..25].iter().all(u8::is_ascii_hexdigit)).then_some(())?;
    gap(b, 25)
}

/// `$4257` or `*6` alone on a line.
fn resp_length(t: &str) -> bool {
    let t = t.trim_ascii_end();
    t.len() >= 2
        && t.len() <= 12
        && t[1..].bytes().all(|c| c.is_ascii_digit() || c == b'-')
        && t[1..].bytes().any(|c| c.is_ascii_digit())
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `May  1 10:00:00 host tag[pid]: ` (the tag optional).
fn syslog(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    if !(MONTHS.iter().any(|m| t.starts_with(m)) && b.get(3) == Some(&b' ')) {
        return None;
    }
    let mut i = 4;
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    let d = b[i.min(b.len())..]
        .iter()
        .take(2)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if d == 0 || b.get(i + d) != Some(&b' ') {
        return None;
    }
    i += d + 1;
    if !(digits(b, i, 2)
        && b.get(i + 2) == Some(&b':')
        && digits(b, i + 3, 2)
        && b.get(i + 5) == Some(&b':')
        && digits(b, i + 6, 2)
        && b.get(i + 8) == Some(&b' '))
    {
        return None;
    }
    i += 9;
    // The host, then the tag ending in `:`.
    let host = b[i..].iter().take(128).take_while(|c| **c != b' ').count();
    if host == 0 {
        return None;
    }
    i += host + 1;
    let tag = b[i.min(b.len())..]
        .iter()
        .take(128)
        .take_while(|c| **c != b' ')
        .count();
    if tag > 0 && b.get(i + tag - 1) == Some(&b':') {
        return gap(b, i + tag);
    }
    None
}

/// `I0501 10:00:00.123456   12345 file.go:42] `.
fn klog(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    if !(matches!(b.first(), Some(b'I' | b'W' | b'E' | b'F'))
        && digits(b, 1, 4)
        && b.get(5) == Some(&b' ')
        && digits(b, 6, 2)
        && b.get(8) == Some(&b':'))
    {
        return None;
    }
    let close = memchr::memchr(b']', &b[..b.len().min(160)])?;
    gap(b, close + 1)
}

/// `stdout F ` / `stderr P `.
fn cri_stream(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    (matches!(b.get(7), Some(b'F' | b'P')) && b.get(8) == Some(&b' ')).then_some(9)
}

/// `redis_1  | `, `redis-1  |` (Docker Compose): a name, spaces, a bar.
fn compose(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let name = b
        .iter()
        .take(64)
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
        .count();
    if name == 0 {
        return None;
    }
    let spaces = b[name..]
        .iter()
        .take(64)
        .take_while(|c| **c == b' ')
        .count();
    if spaces == 0 || b.get(name + spaces) != Some(&b'|') {
        return None;
    }
    let i = name + spaces + 1;
    Some(if b.get(i) == Some(&b' ') { i + 1 } else { i })
}

/// logrus: the `msg=` field's value (quotes removed), as offsets into `t`.
fn logrus(t: &str) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let at = memchr::memmem::find(&b[..b.len().min(512)], b"msg=")?;
    if at > 0 && b[at - 1] != b' ' {
        return None;
    }
    let v = at + 4;
    if b.get(v) == Some(&b'"') {
        let mut i = v + 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'"' => return Some((v + 1, i)),
                _ => i += 1,
            }
        }
        Some((v + 1, b.len()))
    } else {
        let n = b[v..].iter().take_while(|c| **c != b' ').count();
        Some((v, v + n))
    }
}

// ---------------------------------------------------------------------------
// Client-library printouts of INFO.

/// INFO fields one of which a printout must hold to be taken for INFO (and not
/// for `CONFIG GET` as JSON).
const INFO_KEYS: &[&str] = &[
    "redis_version",
    "used_memory",
    "connected_clients",
    "uptime_in_seconds",
    "used_memory_human",
    "keyspace_hits",
    "role",
];

/// Finds client-library printouts of INFO (`{"redis_version"=>"6.2.6", …}`,
/// `{'redis_version': '6.2.6', …}`, `{ redis_version: '6.2.6', … }`, JSON) in a
/// view and rewrites them as `key:value` lines; `None` when there is none.
fn dumps<'a>(index: &LineIndex, view: &View<'_>) -> Option<View<'a>> {
    let text = view.text();
    let b = text.as_bytes();
    // Cheap test: an opening brace somewhere and an INFO key in quotes or before `:`.
    memchr::memchr(b'{', b)?;
    let mut out: Option<Out> = None;
    let mut copied = 0;
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(rel) = memchr::memchr(b'{', &b[pos..]) {
        let open = pos + rel;
        match read_object(b, open, 0) {
            Ok((pairs, close))
                if pairs
                    .iter()
                    .any(|p| INFO_KEYS.contains(&text.get(p.key.0..p.key.1).unwrap_or(""))) =>
            {
                let o = out.get_or_insert_with(|| Out::new(text.len()));
                copy_view(o, text, view, copied, open);
                o.write("\n");
                for p in &pairs {
                    copy_view(o, text, view, p.key.0, p.key.1);
                    o.write(":");
                    match &p.value {
                        Value::Scalar(a, z) => copy_view(o, text, view, *a, *z),
                        Value::Object(inner) => {
                            for (n, q) in inner.iter().enumerate() {
                                if n > 0 {
                                    o.write(",");
                                }
                                copy_view(o, text, view, q.0, q.1);
                                o.write("=");
                                copy_view(o, text, view, q.2, q.3);
                            }
                        }
                    }
                    o.write("\n");
                }
                let first = index.line_of(view.start(open));
                let last = index.line_of(view.start(close.saturating_sub(1)));
                found.push((Wrapper::Dump, first, last));
                copied = close;
                pos = close;
            }
            Ok((_, close)) => pos = close,
            Err(at) => pos = at.max(open + 1),
        }
    }
    let mut o = out?;
    copy_view(&mut o, text, view, copied, text.len());
    Some(View {
        index: Some(LineIndex::new(&o.text)),
        text: Cow::Owned(o.text),
        pieces: o.pieces,
        found,
    })
}

/// Copies view text `[start, end)` into `out`, mapped to the original through `view`.
fn copy_view(out: &mut Out, text: &str, view: &View<'_>, start: usize, end: usize) {
    if start >= end {
        return;
    }
    if view.is_identity() {
        out.copy(text, start, end, start);
        return;
    }
    let mut v = start;
    let first = view.pieces.partition_point(|p| p.view + p.len <= v);
    for p in &view.pieces[first..] {
        if v >= end {
            break;
        }
        if p.view > v {
            // Written text between pieces (line breaks): write it anew.
            let upto = p.view.min(end);
            out.write(text.get(v..upto).unwrap_or(""));
            v = upto;
            if v >= end {
                break;
            }
        }
        let upto = (p.view + p.len).min(end);
        out.copy(text, v, upto, p.orig + (v - p.view));
        v = upto;
    }
    if v < end {
        out.write(text.get(v..end).unwrap_or(""));
    }
}

enum Value {
    /// The value's text (quotes removed).
    Scalar(usize, usize),
    /// A nested object (`db0: {keys: 1, …}`): (key, value) pairs.
    Object(Vec<(usize, usize, usize, usize)>),
}

struct Pair {
    key: (usize, usize),
    value: Value,
}

/// Reads `{ key <sep> value, … }` with `=>`, `:` or `=` as separator and quoted
/// or bare keys and values (one level of nesting). Returns the pairs and the
/// offset after the closing brace, or the offset where it stopped being such an
/// object (the search goes on from there, so no byte is read twice).
fn read_object(b: &[u8], open: usize, depth: u8) -> Result<(Vec<Pair>, usize), usize> {
    let mut i = open + 1;
    let mut pairs = Vec::new();
    loop {
        i = skip_ws(b, i);
        match b.get(i) {
            None => return Err(i),
            Some(b'}') => return Ok((pairs, i + 1)),
            Some(b',') => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let (ka, kz, next) = token(b, i).ok_or(i)?;
        i = skip_ws(b, next);
        if b.get(i..i + 2) == Some(b"=>") {
            i += 2;
        } else if matches!(b.get(i), Some(b':' | b'=')) {
            i += 1;
        } else {
            return Err(i);
        }
        i = skip_ws(b, i);
        let value = if b.get(i) == Some(&b'{') && depth == 0 {
            let (inner, close) = read_object(b, i, depth + 1)?;
            i = close;
            Value::Object(
                inner
                    .into_iter()
                    .filter_map(|p| match p.value {
                        Value::Scalar(a, z) => Some((p.key.0, p.key.1, a, z)),
                        Value::Object(_) => None,
                    })
                    .collect(),
            )
        } else {
            let (va, vz, next) = token(b, i).ok_or(i)?;
            i = next;
            Value::Scalar(va, vz)
        };
        pairs.push(Pair {
            key: (ka, kz),
            value,
        });
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// A quoted string (`"…"`, `'…'`, `:symbol`) or a bare word: its inside and the
/// offset after it.
fn token(b: &[u8], i: usize) -> Option<(usize, usize, usize)> {
    match *b.get(i)? {
        q @ (b'"' | b'\'') => {
            let mut j = i + 1;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 2,
                    c if c == q => return Some((i + 1, j, j + 1)),
                    b'\n' => return None,
                    _ => j += 1,
                }
            }
            None
        }
        _ => {
            let start = if b[i] == b':' { i + 1 } else { i };
            let n = b[start..]
                .iter()
                .take_while(|c| {
                    !(c.is_ascii_whitespace()
                        || matches!(c, b',' | b'}' | b'{' | b'=' | b':' | b'"'))
                })
                .count();
            (n > 0).then_some((start, start + n, start + n))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str) -> (String, View<'_>) {
        let index = LineIndex::new(text);
        let v = unwrap(text, &index);
        (v.text().to_string(), v)
    }

    /// Every byte of the view that was copied maps to the same byte of the original.
    fn check_map(text: &str, v: &View<'_>) {
        for p in &v.pieces {
            assert_eq!(
                &v.text()[p.view..p.view + p.len],
                &text[p.orig..p.orig + p.len]
            );
        }
    }

    #[test]
    fn clean_text_is_its_own_view() {
        let text = "# Server\nredis_version:7.0.15\n\nmaxmemory 1gb\n1) \"maxmemory\"\n";
        let (_, v) = view(text);
        assert!(v.is_identity());
        assert_eq!(v.span(Span::new(3, 9)), Span::new(3, 9));
    }

    #[test]
    fn timestamps_are_removed_and_spans_map_back() {
        let text =
            "2024-05-01T10:00:00.123Z # Server\n2024-05-01T10:00:00.123Z redis_version:7.0.15\n";
        let (t, v) = view(text);
        assert_eq!(t, "# Server\nredis_version:7.0.15\n");
        check_map(text, &v);
        let at = t.find("7.0.15").unwrap_or(0);
        let s = v.span(Span::new(at, at + 6));
        assert_eq!(&text[s.start..s.end], "7.0.15");
    }

    #[test]
    fn one_timestamped_line_is_not_a_wrapper() {
        let (_, v) = view("2024-05-01T10:00:00Z something happened\nused_memory:1\n");
        assert!(v.found.is_empty());
    }

    #[test]
    fn nested_wrappers() {
        let text = "> redis_1  | used_memory:1\n> redis_1  | used_memory_rss:2\n";
        let (t, v) = view(text);
        assert_eq!(t, "used_memory:1\nused_memory_rss:2\n");
        check_map(text, &v);
    }

    #[test]
    fn each_wrapper() {
        let cases = [
            "1714557600123 used_memory:1\n1714557600124 used_memory_rss:2\n",
            "@4000000066321f1a0b1c2d3e used_memory:1\n@4000000066321f1a0b1c2d3f used_memory_rss:2\n",
            "May  1 10:00:00 host redis[42]: used_memory:1#015\nMay  1 10:00:00 host redis[42]: used_memory_rss:2#015\n",
            "I0501 10:00:00.123456   12345 main.go:42] used_memory:1\nI0501 10:00:00.123456   12345 main.go:42] used_memory_rss:2\n",
            "time=\"2024-05-01T10:00:00Z\" level=info msg=\"used_memory:1\"\ntime=\"2024-05-01T10:00:00Z\" level=info msg=\"used_memory_rss:2\"\n",
            "used_memory:1^M\nused_memory_rss:2^M\n",
            "2024-05-01T10:00:00.1Z stdout F used_memory:1\n2024-05-01T10:00:00.1Z stdout F used_memory_rss:2\n",
            "[2024-05-01 10:00:00] used_memory:1\n[2024-05-01 10:00:00] used_memory_rss:2\n",
        ];
        for text in cases {
            let (t, v) = view(text);
            assert_eq!(t.trim(), "used_memory:1\nused_memory_rss:2", "{text}");
            check_map(text, &v);
        }
    }

    #[test]
    fn markdown_escapes() {
        let text = "\\# Memory\nused\\_memory:1\n**used_memory_rss**:2\n";
        let (t, v) = view(text);
        assert_eq!(t, "# Memory\nused_memory:1\nused_memory_rss:2\n");
        check_map(text, &v);
    }

    #[test]
    fn resp_lengths_are_dropped() {
        let text = "$3021\r\n# Server\r\nredis_version:7.0.15\r\n";
        let (t, _) = view(text);
        assert_eq!(t, "# Server\nredis_version:7.0.15\n");
    }

    #[test]
    fn printouts() {
        for text in [
            "{\"redis_version\"=>\"6.2.6\", \"used_memory\"=>\"100\", \"db0\"=>\"keys=1,expires=0\"}\n",
            "{'redis_version': '6.2.6', 'used_memory': 100, 'db0': {'keys': 1, 'expires': 0}}\n",
            "{\n  redis_version: '6.2.6',\n  used_memory: '100',\n  db0: 'keys=1,expires=0'\n}\n",
            "{\"redis_version\": \"6.2.6\", \"used_memory\": \"100\", \"db0\": {\"keys\": 1, \"expires\": 0}}",
        ] {
            let (t, v) = view(text);
            assert!(
                t.contains("\nredis_version:6.2.6\nused_memory:100\ndb0:keys=1,expires=0\n"),
                "{text}\n{t}"
            );
            check_map(text, &v);
        }
    }

    #[test]
    fn a_config_json_object_is_not_a_printout() {
        let (_, v) = view("{\"maxmemory\": \"0\", \"save\": \"\"}\n");
        assert!(v.is_identity());
    }
}
