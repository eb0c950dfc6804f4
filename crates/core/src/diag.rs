//! Spans and diagnostics. Parsers report byte spans; [`LineIndex`] turns them
//! into 1-based line and column numbers when a report is assembled.

use serde::{Deserialize, Serialize};

/// A half-open byte range into one input text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Shifts a span found in a slice back into the coordinates of the whole text.
    pub const fn offset(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }

    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// How bad a diagnostic is. Diagnostics are about the *input*, not about the
/// Redis server: a server problem is a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The line could not be used; the rest of the input was.
    Error,
    /// The line was used, with an assumption the user should know about.
    Warning,
    /// Something worth knowing about how the input was read.
    Note,
}

impl Level {
    /// The name the JSON report uses (`error`, `warning`, `note`).
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// What a diagnostic is about. Stable names: they appear in the JSON report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagKind {
    /// Lines that no parser recognized.
    Unrecognized,
    /// A line of a recognized block that does not have the block's shape.
    Malformed,
    /// A value that is not of the parameter's type (e.g. a memory size).
    BadValue,
    /// A directive or parameter this version of the advisor does not know.
    UnknownParameter,
    /// A parameter that was given more than once; the last one wins.
    Repeated,
    /// An `include` directive: the included file was not read.
    IncludeNotFollowed,
    /// An input larger than the advisor reads (the rest was skipped), or a
    /// line longer than it reads (the line was skipped).
    TooLarge,
    /// Bytes that are not UTF-8 were replaced.
    InvalidUtf8,
    /// A quoting error in a redis.conf line.
    Quoting,
    /// Two inputs disagree about a value.
    Conflict,
    /// Lines read inside a wrapper (timestamps, log headers, quotes, a printout).
    Unwrapped,
    /// A server version the advisor does not know: it is advised as the
    /// nearest known one.
    UnknownVersion,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub level: Level,
    pub kind: DiagKind,
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    pub fn new(level: Level, kind: DiagKind, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level,
            kind,
            span,
            message: message.into(),
        }
    }

    pub fn error(kind: DiagKind, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Level::Error, kind, span, message)
    }

    pub fn warning(kind: DiagKind, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Level::Warning, kind, span, message)
    }

    pub fn note(kind: DiagKind, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Level::Note, kind, span, message)
    }

    pub fn offset(mut self, by: usize) -> Diagnostic {
        self.span = self.span.offset(by);
        self
    }
}

/// A value with the diagnostics found while producing it. Parsers return this
/// and never fail.
#[derive(Clone, Debug)]
pub struct Parsed<T> {
    pub value: T,
    pub diagnostics: Vec<Diagnostic>,
}

/// The lines of a text with their spans, line endings (`\n`, `\r\n`, stray
/// `\r`s before the `\n`) removed. Byte-level: this runs on every line of a
/// paste.
pub fn lines(text: &str) -> Lines<'_> {
    Lines { text, pos: 0 }
}

pub struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (Span, &'a str);

    fn next(&mut self) -> Option<(Span, &'a str)> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if start >= bytes.len() {
            return None;
        }
        let (mut end, next) = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        while end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        self.pos = next;
        // Both ends sit next to ASCII bytes (or the text's ends): char boundaries.
        Some((
            Span::new(start, end),
            self.text.get(start..end).unwrap_or(""),
        ))
    }
}

/// The lines of a text read off its [`LineIndex`]: no second search for line ends.
pub struct IndexedLines<'s, 't> {
    text: &'t str,
    starts: &'s [usize],
    i: usize,
}

impl<'t> Iterator for IndexedLines<'_, 't> {
    type Item = (Span, &'t str);

    #[inline]
    fn next(&mut self) -> Option<(Span, &'t str)> {
        let bytes = self.text.as_bytes();
        let start = *self.starts.get(self.i)?;
        // A text ending in a newline has no line after it (the empty text has one).
        if start >= bytes.len() && self.i > 0 {
            return None;
        }
        self.i += 1;
        let mut end = match self.starts.get(self.i) {
            // The next line starts after this one's `\n`.
            Some(&next) => next - 1,
            None => bytes.len(),
        };
        while end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Some((
            Span::new(start, end),
            self.text.get(start..end).unwrap_or(""),
        ))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.starts.len() - self.i.min(self.starts.len());
        (left.saturating_sub(1), Some(left))
    }
}

/// 1-based line and column (column counted in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Maps byte offsets of one text to lines.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // Lines of INFO and CONFIG GET output average 12 to 30 bytes.
        let mut starts = Vec::with_capacity(text.len() / 12 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let end = offset.min(text.len());
        let column = text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count())
            + 1;
        Position {
            line: to_u32(line + 1),
            column: to_u32(column),
        }
    }

    /// The text of the line holding `offset`, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, offset: usize) -> &'t str {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The byte offset where a 0-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line)
            .or(self.starts.last())
            .copied()
            .unwrap_or(0)
    }

    /// The lines of `text` (the text this index was built from), as [`lines`] gives them.
    pub fn lines<'s, 't>(&'s self, text: &'t str) -> IndexedLines<'s, 't> {
        IndexedLines {
            text,
            starts: &self.starts,
            i: 0,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Lines longer than this are not read (each becomes a
/// [`BlockKind::LongLine`](crate::parse::split::BlockKind::LongLine) block). No INFO field, `CONFIG GET` value or redis.conf directive that the
/// advisor reads comes near it; a line this long is a paste gone wrong, and
/// quoting it as evidence would put all of it into the report.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// The diagnostic for a line longer than [`MAX_LINE_BYTES`].
pub fn long_line(span: Span) -> Diagnostic {
    Diagnostic::error(
        DiagKind::TooLarge,
        Span::new(span.start, span.start),
        format!(
            "this line is {} bytes long: lines over {MAX_LINE_BYTES} bytes are not read",
            span.len()
        ),
    )
}

/// Shortens a user's value for a message.
pub fn clip(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_names_are_the_json_names() {
        for level in [Level::Error, Level::Warning, Level::Note] {
            assert_eq!(
                serde_json::to_string(&level).ok(),
                Some(format!("\"{}\"", level.name()))
            );
        }
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\r\nçd\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        let d = text.find('d').unwrap_or(0);
        assert_eq!(idx.position(text, d), Position { line: 2, column: 2 });
        assert_eq!(idx.line_text(text, 1), "ab");
        assert_eq!(idx.line_text(text, text.len()), "last");
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn indexed_lines_match_a_fresh_scan() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\n",
            "a\r\r\nb",
            "\r\n\r\n",
            "x\n\ny\r",
            "çd\nlast\n\n",
        ] {
            let idx = LineIndex::new(text);
            let indexed: Vec<_> = idx.lines(text).collect();
            let scanned: Vec<_> = lines(text).collect();
            if text.is_empty() {
                // The index has one (empty) line; a scan yields none.
                assert_eq!(indexed, vec![(Span::new(0, 0), "")]);
            } else {
                assert_eq!(indexed, scanned, "{text:?}");
            }
        }
    }
}
