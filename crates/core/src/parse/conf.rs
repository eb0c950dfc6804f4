//! redis.conf, read as Redis reads it (`loadServerConfigFromString` in
//! `src/config.c`): one directive a line, `#` comments, arguments split by
//! `sdssplitargs` (double quotes with `\n \r \t \b \a \\ \" \xHH` escapes,
//! single quotes with `\'`), the directive name case-insensitive. Also reads a
//! `redis-server --name value ...` command line, as Docker and Compose files
//! write it.

use crate::diag::{DiagKind, Diagnostic, Parsed, Span, clip, lines};
use crate::params;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Directive {
    /// Lowercased, as Redis compares it.
    pub name: String,
    pub args: Vec<String>,
    /// The whole line, without its line ending.
    pub line: Span,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ConfFile {
    pub directives: Vec<Directive>,
    /// A `redis-server --name value` command line without a configuration file:
    /// everything it does not set is at its default, so it is a whole configuration.
    pub whole_command_line: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    Unbalanced,
    JunkAfterQuote,
}

/// Splits a line into arguments exactly as `sdssplitargs()` in `src/sds.c`.
pub fn split_args(line: &str) -> Result<Vec<String>, SplitError> {
    let b = line.as_bytes();
    let mut args = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        // Redis reads the line as a C string: a NUL byte ends it.
        if i >= b.len() || b[i] == 0 {
            return Ok(args);
        }
        let mut cur: Vec<u8> = Vec::new();
        let (mut inq, mut insq) = (false, false);
        loop {
            let c = b.get(i).copied();
            if inq {
                match c {
                    None => return Err(SplitError::Unbalanced),
                    Some(b'\\')
                        if b.get(i + 1) == Some(&b'x')
                            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                            && b.get(i + 3).is_some_and(u8::is_ascii_hexdigit) =>
                    {
                        let hex = std::str::from_utf8(&b[i + 2..i + 4]).unwrap_or("00");
                        cur.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                        i += 3;
                    }
                    Some(b'\\') if i + 1 < b.len() => {
                        i += 1;
                        cur.push(match b[i] {
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            b'b' => 8,
                            b'a' => 7,
                            other => other,
                        });
                    }
                    Some(b'"') => {
                        if b.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace()) {
                            return Err(SplitError::JunkAfterQuote);
                        }
                        i += 1;
                        break;
                    }
                    Some(other) => cur.push(other),
                }
            } else if insq {
                match c {
                    None => return Err(SplitError::Unbalanced),
                    Some(b'\\') if b.get(i + 1) == Some(&b'\'') => {
                        i += 1;
                        cur.push(b'\'');
                    }
                    Some(b'\'') => {
                        if b.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace()) {
                            return Err(SplitError::JunkAfterQuote);
                        }
                        i += 1;
                        break;
                    }
                    Some(other) => cur.push(other),
                }
            } else {
                match c {
                    None | Some(b' ' | b'\n' | b'\r' | b'\t' | 0) => break,
                    Some(b'"') => inq = true,
                    Some(b'\'') => insq = true,
                    Some(other) => cur.push(other),
                }
            }
            i += 1;
        }
        args.push(String::from_utf8_lossy(&cur).into_owned());
    }
}

/// Is `name` something a redis.conf may hold?
pub fn known_directive(name: &str) -> bool {
    params::lookup(name).is_some()
        || params::conf_only(name).is_some()
        || crate::config::FOREIGN_DIRECTIVES
            .iter()
            .any(|d| d.eq_ignore_ascii_case(name))
}

pub fn parse(text: &str) -> Parsed<ConfFile> {
    let mut file = ConfFile::default();
    let mut diagnostics = Vec::new();
    for (span, line) in lines(text) {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        // A redis-server command line inside a conf paste.
        if t.starts_with("redis-server ") || t == "redis-server" {
            let cl = parse_command_line(line);
            // `redis-server /etc/redis.conf --port 1` reads a file the paste does not hold.
            file.whole_command_line |= t
                .split_whitespace()
                .nth(1)
                .is_none_or(|first| first.starts_with("--"));
            diagnostics.extend(cl.diagnostics.into_iter().map(|d| d.offset(span.start)));
            file.directives
                .extend(cl.value.directives.into_iter().map(|mut d| {
                    d.line = span;
                    d
                }));
            continue;
        }
        match split_args(t) {
            Ok(args) => push_directive(&mut file, &mut diagnostics, args, span),
            Err(e) => diagnostics.push(Diagnostic::error(
                DiagKind::Quoting,
                span,
                match e {
                    SplitError::Unbalanced => "unbalanced quotes: Redis refuses to start on this line",
                    SplitError::JunkAfterQuote => {
                        "a closing quote must be followed by a space: Redis refuses to start on this line"
                    }
                },
            )),
        }
    }
    Parsed {
        value: file,
        diagnostics,
    }
}

fn push_directive(
    file: &mut ConfFile,
    diagnostics: &mut Vec<Diagnostic>,
    mut args: Vec<String>,
    span: Span,
) {
    if args.is_empty() {
        return;
    }
    let name = args.remove(0).to_ascii_lowercase();
    if !known_directive(&name) {
        diagnostics.push(Diagnostic::warning(
            DiagKind::UnknownParameter,
            span,
            format!(
                "`{}` is not a Redis parameter this advisor knows; Redis refuses to start on a directive it does not know, so check the spelling",
                clip(&name)
            ),
        ));
    }
    if name == "include" {
        diagnostics.push(Diagnostic::note(
            DiagKind::IncludeNotFollowed,
            span,
            format!(
                "`include {}` was not followed: paste that file too if its settings matter",
                args.first().map_or("", String::as_str)
            ),
        ));
    }
    file.directives.push(Directive {
        name,
        args,
        line: span,
    });
}

/// `redis-server [/path/redis.conf] --maxmemory 256mb --save "" ...`: each
/// `--name` starts a directive, the words up to the next `--name` are its
/// arguments (as Redis's `main()` builds its config string).
pub fn parse_command_line(line: &str) -> Parsed<ConfFile> {
    let mut file = ConfFile::default();
    let mut diagnostics = Vec::new();
    let span = Span::new(0, line.len());
    let words = match split_args(line.trim()) {
        Ok(w) => w,
        Err(_) => {
            diagnostics.push(Diagnostic::error(
                DiagKind::Quoting,
                span,
                "unbalanced quotes in the command line",
            ));
            return Parsed {
                value: file,
                diagnostics,
            };
        }
    };
    let mut current: Option<Vec<String>> = None;
    for w in words.into_iter().skip(1) {
        if let Some(name) = w.strip_prefix("--")
            && !name.is_empty()
        {
            if let Some(args) = current.take() {
                push_directive(&mut file, &mut diagnostics, args, span);
            }
            current = Some(vec![name.to_string()]);
        } else if let Some(args) = current.as_mut() {
            args.push(w);
        }
        // Words before the first --option are the config file path: not read.
    }
    if let Some(mut args) = current.take() {
        // `--save ""` and `--appendonly` alone: Redis gives an empty argument.
        if args.len() == 1 {
            args.push(String::new());
        }
        push_directive(&mut file, &mut diagnostics, args, span);
    }
    for d in &mut file.directives {
        if d.args.is_empty() {
            d.args.push(String::new());
        }
    }
    Parsed {
        value: file,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_byte_ends_the_line() {
        // Found by fuzzing: a NUL after a word once made this loop forever.
        assert_eq!(
            split_args("maxmemory 1gb\0junk"),
            Ok(vec!["maxmemory".to_string(), "1gb".to_string()])
        );
        assert_eq!(split_args("a\0\0b"), Ok(vec!["a".to_string()]));
        assert_eq!(split_args("\0"), Ok(vec![]));
    }

    fn args(s: &str) -> Vec<String> {
        split_args(s).unwrap_or_default()
    }

    #[test]
    fn splits_like_sdssplitargs() {
        assert_eq!(args("save 900 1"), ["save", "900", "1"]);
        assert_eq!(
            args(r#"requirepass "a b\"c\x41""#),
            ["requirepass", "a b\"cA"]
        );
        assert_eq!(args(r"masterauth 'it\'s'"), ["masterauth", "it's"]);
        assert_eq!(args(r#"save """#), ["save", ""]);
        assert_eq!(
            args("  bind   127.0.0.1 -::1  "),
            ["bind", "127.0.0.1", "-::1"]
        );
        assert_eq!(
            split_args(r#"dir "/tmp"x"#),
            Err(SplitError::JunkAfterQuote)
        );
        assert_eq!(split_args(r#"dir "/tmp"#), Err(SplitError::Unbalanced));
        assert_eq!(split_args("dir '/tmp"), Err(SplitError::Unbalanced));
    }

    #[test]
    fn parses_directives_and_reports_bad_lines() {
        let text = "# comment\nMaxMemory 2gb\n\nsave 900 1\nsave 300 10\ndir \"/var/lib\nfrobnicate yes\ninclude /etc/redis/extra.conf\n";
        let p = parse(text);
        let names: Vec<_> = p.value.directives.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            ["maxmemory", "save", "save", "frobnicate", "include"]
        );
        let kinds: Vec<_> = p.diagnostics.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                DiagKind::Quoting,
                DiagKind::UnknownParameter,
                DiagKind::IncludeNotFollowed
            ]
        );
        // Line 6 holds the quoting error.
        assert_eq!(
            &text[p.diagnostics[0].span.start..p.diagnostics[0].span.end],
            "dir \"/var/lib"
        );
    }

    #[test]
    fn reads_a_command_line() {
        let p = parse_command_line(
            r#"redis-server --maxmemory 256mb --save "" --appendonly yes --bind 0.0.0.0 ::"#,
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let d: Vec<_> = p
            .value
            .directives
            .iter()
            .map(|d| (d.name.as_str(), d.args.join(" ")))
            .collect();
        assert_eq!(
            d,
            [
                ("maxmemory", "256mb".to_string()),
                ("save", "".to_string()),
                ("appendonly", "yes".to_string()),
                ("bind", "0.0.0.0 ::".to_string())
            ]
        );
    }
}
