//! Stage 2, split and parse: each input's unwrapped text split into blocks, each
//! block read by its parser. Spans stay offsets into the unwrapped text.

use super::sources::Diagnostics;
use crate::diag::{DiagKind, Diagnostic};
use crate::parse::conf::ConfFile;
use crate::parse::config_get::ConfigDump;
use crate::parse::info::Info;
use crate::parse::log::{self, LogEvent};
use crate::parse::split::{Block, BlockKind, split_indexed};
use crate::parse::{conf, config_get, info};
use crate::rules::Source;
use crate::units::count;

/// One INFO block: its input, its offset in that input's unwrapped text, its fields.
pub struct InfoBlock {
    pub input: usize,
    pub base: usize,
    pub info: Info,
}

/// Every parsed block of every input.
pub(super) struct Blocks<'a> {
    pub infos: Vec<InfoBlock>,
    /// `CONFIG GET` output: input, offset, entries.
    pub dumps: Vec<(usize, usize, ConfigDump<'a>)>,
    /// redis.conf text and command lines: input, offset, directives.
    pub confs: Vec<(usize, usize, ConfFile)>,
    /// Per input, each block with what the report says it is.
    pub described: Vec<Vec<(Block, String)>>,
    /// Messages of the server's log found in log lines and unread output:
    /// input, event (its line an offset into the input's unwrapped text).
    pub log: Vec<(usize, LogEvent)>,
}

pub(super) fn read<'a>(sources: &'a [Source<'a>], diagnostics: &mut Diagnostics) -> Blocks<'a> {
    let mut blocks = Blocks {
        infos: Vec::new(),
        dumps: Vec::new(),
        confs: Vec::new(),
        described: Vec::with_capacity(sources.len()),
        log: Vec::new(),
    };
    let diags = &mut diagnostics.view;
    for (i, src) in sources.iter().enumerate() {
        let text = src.view.text();
        let index = src.view.line_index(&src.index);
        let mut described = Vec::new();
        for mut block in split_indexed(text, index) {
            let base = block.span.start;
            let slice = &text[block.span.start..block.span.end];
            // Log messages in whatever the advisor does not otherwise read.
            let events = match block.kind {
                BlockKind::Log
                | BlockKind::Unrecognized
                | BlockKind::CommandOutput { .. }
                | BlockKind::HostOutput
                | BlockKind::KeyScan => log::scan(slice),
                _ => Vec::new(),
            };
            if block.kind == BlockKind::Unrecognized && !events.is_empty() {
                block.kind = BlockKind::Log;
            }
            let known = events.len();
            blocks.log.extend(events.into_iter().map(|mut e| {
                e.line = e.line.offset(base);
                (i, e)
            }));
            let description = match &block.kind {
                BlockKind::Info => {
                    let parsed = info::parse(slice);
                    diags.extend(parsed.diagnostics.into_iter().map(|d| (i, d.offset(base))));
                    let lines = index.line_of(block.span.end) - index.line_of(block.span.start) + 1;
                    let desc = describe_info(&parsed.value, lines);
                    blocks.infos.push(InfoBlock {
                        input: i,
                        base,
                        info: parsed.value,
                    });
                    desc
                }
                BlockKind::Config { form } => {
                    let parsed = config_get::parse(slice, *form);
                    diags.extend(parsed.diagnostics.into_iter().map(|d| (i, d.offset(base))));
                    let desc = format!(
                        "CONFIG GET ({}), {} parameters",
                        form.describe(),
                        parsed.value.entries.len()
                    );
                    blocks.dumps.push((i, base, parsed.value));
                    desc
                }
                BlockKind::Conf => {
                    let parsed = conf::parse(slice);
                    diags.extend(parsed.diagnostics.into_iter().map(|d| (i, d.offset(base))));
                    let desc = format!(
                        "redis.conf, {}",
                        count(parsed.value.directives.len(), "directive")
                    );
                    blocks.confs.push((i, base, parsed.value));
                    desc
                }
                BlockKind::Log => format!("log lines, {}", count(known, "known message")),
                BlockKind::MemoryStats => "MEMORY STATS output (not used)".to_string(),
                BlockKind::KeyScan => "redis-cli --bigkeys/--memkeys output (not used)".to_string(),
                BlockKind::HostOutput => {
                    "output of a host command (free, top, ulimit; not used)".to_string()
                }
                BlockKind::Table => "a table copied with tabs (not used)".to_string(),
                BlockKind::Prompt { command } => format!("redis-cli prompt: {command}"),
                BlockKind::CommandOutput { command } => format!("output of `{command}` (not used)"),
                BlockKind::LongLine => {
                    diags.push((i, crate::diag::long_line(block.span)));
                    "a line too long to read".to_string()
                }
                BlockKind::Unrecognized => {
                    // Line numbers of the original text: the user's lines.
                    let at = src.original(block.span);
                    let first = src.index.line_of(at.start) + 1;
                    let last = src.index.line_of(at.end.saturating_sub(1).max(at.start)) + 1;
                    let lines = if first == last {
                        format!("line {first}")
                    } else {
                        format!("lines {first}–{last}")
                    };
                    diags.push((
                        i,
                        Diagnostic::error(
                            DiagKind::Unrecognized,
                            block.span,
                            format!("{lines}: not recognized as INFO, CONFIG GET output or redis.conf; skipped"),
                        ),
                    ));
                    "not recognized".to_string()
                }
            };
            described.push((block, description));
        }
        blocks.described.push(described);
    }
    blocks
}

fn describe_info(info: &Info, lines: usize) -> String {
    let server = match (info.flavor(), info.version()) {
        (Some(crate::version::Flavor::Valkey), Some(v)) => format!("Valkey {v}"),
        (_, Some(v)) => format!("Redis {v}"),
        _ => "a server of unknown version".to_string(),
    };
    let role = info
        .get("role")
        .map(|r| format!(", {r}"))
        .unwrap_or_default();
    format!(
        "INFO from {server}{role}, {lines} lines, {} sections",
        info.sections.len()
    )
}
