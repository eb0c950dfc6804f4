//! Stage 1, read: each input as the analysis reads it. An input over
//! [`MAX_INPUT_BYTES`] is cut (and the cut reported); replaced invalid UTF-8 is
//! reported; then the text is unwrapped ([`crate::parse::unwrap`]) and what was
//! unwrapped is noted with its lines.

use super::{Input, MAX_INPUT_BYTES};
use crate::diag::{DiagKind, Diagnostic, LineIndex, Span};
use crate::parse::unwrap;
use crate::rules::Source;

/// Diagnostics gathered by the stages, per input.
#[derive(Default)]
pub(super) struct Diagnostics {
    /// Spans are offsets into the input's unwrapped text (most of them).
    pub view: Vec<(usize, Diagnostic)>,
    /// Spans are offsets into the input's original text.
    pub original: Vec<(usize, Diagnostic)>,
}

pub(super) fn read<'a>(inputs: &'a [Input], diagnostics: &mut Diagnostics) -> Vec<Source<'a>> {
    let mut sources = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let mut text = input.text.as_str();
        if text.len() > MAX_INPUT_BYTES {
            let mut cut = MAX_INPUT_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text = &text[..cut];
            diagnostics.original.push((
                i,
                Diagnostic::error(
                    DiagKind::TooLarge,
                    Span::new(cut, cut),
                    format!(
                        "input is larger than {} MiB: only the first {} MiB were read",
                        MAX_INPUT_BYTES >> 20,
                        MAX_INPUT_BYTES >> 20
                    ),
                ),
            ));
        }
        if input.replaced_invalid_utf8 {
            diagnostics.original.push((
                i,
                Diagnostic::warning(
                    DiagKind::InvalidUtf8,
                    Span::new(0, 0),
                    "the input is not valid UTF-8: invalid bytes were replaced by U+FFFD (is this a binary file?)",
                ),
            ));
        }
        let index = LineIndex::new(text);
        let view = unwrap::unwrap(text, &index);
        for &(wrapper, first, last) in &view.found {
            let lines = if first == last {
                format!("line {}", first + 1)
            } else {
                format!("lines {}–{}", first + 1, last + 1)
            };
            diagnostics.original.push((
                i,
                Diagnostic::note(
                    DiagKind::Unwrapped,
                    Span::new(index.line_start(first), index.line_start(first)),
                    format!("{lines}: read inside {}", wrapper.describe()),
                ),
            ));
        }
        sources.push(Source {
            name: &input.name,
            text,
            index,
            view,
        });
    }
    sources
}
