//! `CONFIG GET *` output in the four forms people paste:
//!
//! - `redis-cli --raw` (and any redis-cli whose output is not a terminal):
//!   name and value on alternating lines, empty values as empty lines;
//! - the terminal form: `1) "maxmemory"` / `2) "0"`, quoted as `sdscatrepr`
//!   quotes (`\"`, `\\`, `\n`, `\xHH`);
//! - RESP3 in a terminal (`redis-cli -3`): `1# "maxmemory" => "0"`;
//! - `redis-cli --json`: `{"maxmemory":"0",...}` (or a flat array).

use crate::diag::{DiagKind, Diagnostic, Parsed, Span, clip};
use serde::Serialize;
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfigForm {
    Raw,
    Terminal,
    Resp3,
    Json,
}

impl ConfigForm {
    pub fn describe(self) -> &'static str {
        match self {
            ConfigForm::Raw => "redis-cli --raw",
            ConfigForm::Terminal => "redis-cli terminal",
            ConfigForm::Resp3 => "redis-cli -3 (RESP3)",
            ConfigForm::Json => "redis-cli --json",
        }
    }
}

/// One parameter and its value. Spans are relative to the parsed text.
#[derive(Clone, Debug, Serialize)]
pub struct ConfigEntry<'a> {
    pub name: Cow<'a, str>,
    pub value: Cow<'a, str>,
    /// From the start of the name's line to the end of the value's line.
    pub lines: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct ConfigDump<'a> {
    pub form: ConfigForm,
    pub entries: Vec<ConfigEntry<'a>>,
}

use crate::diag::lines;

pub fn parse(text: &str, form: ConfigForm) -> Parsed<ConfigDump<'_>> {
    let (entries, diagnostics) = match form {
        ConfigForm::Raw => parse_raw(text),
        ConfigForm::Terminal | ConfigForm::Resp3 => parse_numbered(text, form),
        ConfigForm::Json => parse_json(text),
    };
    Parsed {
        value: ConfigDump { form, entries },
        diagnostics,
    }
}

/// Does this line look like a parameter name (`maxmemory`, `bgsave_cpulist`)?
pub(crate) fn is_param_name(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(u8::is_ascii_lowercase) && b.iter().all(|&c| PARAM_CHAR[usize::from(c)])
}

/// Bytes a parameter name may hold: a-z, 0-9, `-`, `_` (a table: this runs on every line).
static PARAM_CHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_';
        c += 1;
    }
    t
};

fn parse_raw(text: &str) -> (Vec<ConfigEntry<'_>>, Vec<Diagnostic>) {
    // A name and a value line average about 26 bytes.
    let mut entries = Vec::with_capacity(text.len() / 24 + 1);
    let mut diagnostics = Vec::new();
    let mut it = lines(text).peekable();
    while let Some((span, line)) = it.next() {
        let name = line.trim();
        if name.is_empty() {
            continue;
        }
        if !is_param_name(name) {
            diagnostics.push(Diagnostic::error(
                DiagKind::Malformed,
                span,
                format!(
                    "expected a parameter name in CONFIG GET output, found \"{}\"",
                    clip(name)
                ),
            ));
            continue;
        }
        match it.next() {
            Some((vspan, value)) => entries.push(ConfigEntry {
                name: Cow::Borrowed(name),
                value: Cow::Borrowed(value),
                lines: Span::new(span.start, vspan.end),
            }),
            // The last line of a paste ending in a newline: an empty value.
            None if text.ends_with('\n') => entries.push(ConfigEntry {
                name: Cow::Borrowed(name),
                value: Cow::Borrowed(""),
                lines: Span::new(span.start, text.len()),
            }),
            None => diagnostics.push(Diagnostic::error(
                DiagKind::Malformed,
                span,
                format!("`{name}` has no value line after it (the paste may be cut short)"),
            )),
        }
    }
    (entries, diagnostics)
}

/// `  1) "maxmemory"` → (1, rest after the marker); `1# "a" => "b"` likewise.
fn numbered_item(line: &str, marker: char) -> Option<&str> {
    let t = line.trim_start();
    let digits = t.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 {
        return None;
    }
    let rest = t[digits..].strip_prefix(marker)?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

fn parse_numbered(text: &str, form: ConfigForm) -> (Vec<ConfigEntry<'static>>, Vec<Diagnostic>) {
    let mut entries = Vec::new();
    let mut diagnostics = Vec::new();
    let mut pending: Option<(String, Span)> = None;
    for (span, line) in lines(text) {
        let t = line.trim();
        if t.is_empty() || t.starts_with("(empty") {
            continue;
        }
        let bad = |why: &str| {
            Diagnostic::error(DiagKind::Malformed, span, format!("{why}: \"{}\"", clip(t)))
        };
        match form {
            ConfigForm::Resp3 => {
                let Some(rest) = numbered_item(line, '#') else {
                    diagnostics.push(bad("expected `N# \"name\" => \"value\"`"));
                    continue;
                };
                let Some((name, after)) = unquote(rest) else {
                    diagnostics.push(bad("unbalanced quotes"));
                    continue;
                };
                let Some(after) = after.trim_start().strip_prefix("=>") else {
                    diagnostics.push(bad("expected `=>` after the name"));
                    continue;
                };
                match unquote(after.trim_start()) {
                    Some((value, _)) => entries.push(ConfigEntry {
                        name: name.into(),
                        value: value.into(),
                        lines: span,
                    }),
                    None => diagnostics.push(bad("unbalanced quotes")),
                }
            }
            _ => {
                let Some(rest) = numbered_item(line, ')') else {
                    diagnostics.push(bad("expected `N) \"text\"`"));
                    continue;
                };
                let Some((s, _)) = unquote(rest) else {
                    diagnostics.push(bad("unbalanced quotes"));
                    continue;
                };
                match pending.take() {
                    None => pending = Some((s, span)),
                    Some((name, nspan)) => entries.push(ConfigEntry {
                        name: name.into(),
                        value: s.into(),
                        lines: Span::new(nspan.start, span.end),
                    }),
                }
            }
        }
    }
    if let Some((name, span)) = pending {
        diagnostics.push(Diagnostic::error(
            DiagKind::Malformed,
            span,
            format!("`{name}` has no value after it (the paste may be cut short)"),
        ));
    }
    (entries, diagnostics)
}

/// Reads one `"quoted"` string as redis-cli prints it (`sdscatrepr`); returns
/// the text and what follows the closing quote. A bare word is taken as is.
fn unquote(s: &str) -> Option<(String, &str)> {
    let Some(body) = s.strip_prefix('"') else {
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        return Some((s[..end].to_string(), &s[end..]));
    };
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &body[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'a' => out.push('\u{7}'),
                'b' => out.push('\u{8}'),
                'x' => {
                    let h = chars.next()?.1.to_digit(16)?;
                    let l = chars.next()?.1.to_digit(16)?;
                    out.push(char::from_u32(h * 16 + l).unwrap_or('\u{fffd}'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// A JSON string token starting at `i` (which holds `"`): its text and the
/// index after the closing quote.
fn json_string(text: &str, i: usize) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = text[i + 1..].char_indices();
    while let Some((j, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1 + j + 1)),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    let code = u32::from_str_radix(&hex, 16).ok()?;
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// A tolerant scan of `{"k":"v",...}` or `["k","v",...]`: a paste cut short
/// keeps every complete pair.
fn parse_json(text: &str) -> (Vec<ConfigEntry<'static>>, Vec<Diagnostic>) {
    let mut entries = Vec::new();
    let mut diagnostics = Vec::new();
    let mut strings: Vec<(String, Span)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut closed = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => match json_string(text, i) {
                Some((s, end)) => {
                    strings.push((s, Span::new(i, end)));
                    i = end;
                }
                None => {
                    diagnostics.push(Diagnostic::error(
                        DiagKind::Malformed,
                        Span::new(i, text.len()),
                        "a JSON string is not closed (the paste may be cut short)",
                    ));
                    break;
                }
            },
            b'}' | b']' => {
                closed = true;
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let end = text[i..]
                    .find([',', '}', ']', ' ', '\n'])
                    .map_or(text.len(), |e| i + e);
                strings.push((text[i..end].to_string(), Span::new(i, end)));
                i = end;
            }
            _ => i += 1,
        }
    }
    if !closed && diagnostics.is_empty() {
        diagnostics.push(Diagnostic::warning(
            DiagKind::Malformed,
            Span::new(text.len(), text.len()),
            "the JSON is not closed (the paste may be cut short); every complete pair was read",
        ));
    }
    let mut it = strings.into_iter();
    while let Some((name, nspan)) = it.next() {
        match it.next() {
            Some((value, vspan)) => entries.push(ConfigEntry {
                name: name.into(),
                value: value.into(),
                lines: Span::new(nspan.start, vspan.end),
            }),
            None => diagnostics.push(Diagnostic::error(
                DiagKind::Malformed,
                nspan,
                format!("`{name}` has no value after it (the paste may be cut short)"),
            )),
        }
    }
    (entries, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs<'a>(p: &'a Parsed<ConfigDump<'_>>) -> Vec<(&'a str, &'a str)> {
        p.value
            .entries
            .iter()
            .map(|e| (&*e.name, &*e.value))
            .collect()
    }

    #[test]
    fn raw_form_keeps_empty_values() {
        let p = parse(
            "maxmemory\n0\nrequirepass\n\nsave\n3600 1 300 100\n",
            ConfigForm::Raw,
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(
            pairs(&p),
            [
                ("maxmemory", "0"),
                ("requirepass", ""),
                ("save", "3600 1 300 100")
            ]
        );
    }

    #[test]
    fn raw_form_reports_a_missing_value() {
        let p = parse("maxmemory\n0\nbind", ConfigForm::Raw);
        assert_eq!(pairs(&p), [("maxmemory", "0")]);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].span, Span::new(12, 16));
    }

    #[test]
    fn terminal_form_unquotes() {
        let text =
            "  1) \"tls-ciphers\"\n  2) \"A:B\\\"c\\\\x\"\n  3) \"requirepass\"\n  4) \"\"\n";
        let p = parse(text, ConfigForm::Terminal);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(
            pairs(&p),
            [("tls-ciphers", "A:B\"c\\x"), ("requirepass", "")]
        );
        assert_eq!(p.value.entries[0].lines, Span::new(0, 35));
    }

    #[test]
    fn resp3_form() {
        let p = parse(
            " 1# \"maxmemory\" => \"0\"\n 2# \"save\" => \"\"\n",
            ConfigForm::Resp3,
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(pairs(&p), [("maxmemory", "0"), ("save", "")]);
    }

    #[test]
    fn json_object_and_array() {
        let p = parse(
            r#"{"maxmemory":"0","tls-ciphers":"A:B\"c\\x","x":"\u0041"}"#,
            ConfigForm::Json,
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(
            pairs(&p),
            [("maxmemory", "0"), ("tls-ciphers", "A:B\"c\\x"), ("x", "A")]
        );
        let a = parse(r#"["maxmemory","0"]"#, ConfigForm::Json);
        assert_eq!(pairs(&a), [("maxmemory", "0")]);
    }

    #[test]
    fn json_cut_short_keeps_complete_pairs() {
        let p = parse(r#"{"maxmemory":"0","save":"36"#, ConfigForm::Json);
        assert_eq!(pairs(&p), [("maxmemory", "0")]);
        assert_eq!(p.diagnostics.len(), 2);
    }
}
