//! Share links: the page's state in the URL fragment (never sent to a server),
//! deflated and base64url-encoded, with every secret redacted first. The
//! browser deflates (`compress.js`: CompressionStream, raw deflate), so the
//! app carries no compressor; links are read back the same way, at most
//! [`UNPACKED_MAX`] bytes of them.

use redis_advisor_core::accept::Acceptance;
use redis_advisor_core::redact::redact_text;
use redis_advisor_core::workload::Workload;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/compress.js")]
extern "C" {
    fn deflate(bytes: &[u8]) -> js_sys::Promise;
    fn inflate(bytes: &[u8], limit: f64) -> js_sys::Promise;
    /// Copies what `text` (a promise of a string) gives, keeping the user
    /// activation of the click that calls it.
    #[wasm_bindgen(js_name = copyLater)]
    pub fn copy_later(text: &js_sys::Promise);
}

/// A link unpacks to at most this many bytes (64 MiB); a longer one is refused.
pub const UNPACKED_MAX: usize = 64 << 20;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    pub paste: String,
    #[serde(default)]
    pub files: Vec<(String, String)>,
    #[serde(default)]
    pub workload: Option<Workload>,
    /// Findings accepted with a reason (the reasons redacted like the rest).
    #[serde(default)]
    pub accepted: Vec<Acceptance>,
}

/// What a share link will carry (redacted, as JSON), and what was redacted.
pub struct Prepared {
    pub json: Vec<u8>,
    pub removed: Vec<String>,
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn unb64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let digits: Vec<u32> = s
        .bytes()
        .map(|c| ALPHABET.iter().position(|&a| a == c).map(|p| p as u32))
        .collect::<Option<_>>()?;
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | (d << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// Redacts and serializes the state; [`fragment`] then packs it into a link.
pub fn prepare(state: &Shared) -> Prepared {
    let mut removed = Vec::new();
    let paste = redact_text(&state.paste);
    removed.extend(paste.removed.into_iter().map(|w| format!("paste {w}")));
    let files = state
        .files
        .iter()
        .map(|(name, text)| {
            let r = redact_text(text);
            removed.extend(r.removed.into_iter().map(|w| format!("{name} {w}")));
            (name.clone(), r.text)
        })
        .collect();
    let accepted = state
        .accepted
        .iter()
        .map(|a| {
            let r = redact_text(&a.reason);
            removed.extend(r.removed.into_iter().map(|w| format!("reason {w}")));
            Acceptance {
                reason: r.text,
                ..a.clone()
            }
        })
        .collect();
    let clean = Shared {
        paste: paste.text,
        files,
        workload: state.workload.clone(),
        accepted,
    };
    Prepared {
        json: serde_json::to_vec(&clean).unwrap_or_default(),
        removed,
    }
}

/// The `#/share/...` fragment carrying `json`, deflated by the browser; an
/// error when the browser cannot deflate.
pub async fn fragment(json: &[u8]) -> Result<String, String> {
    let packed = JsFuture::from(deflate(json))
        .await
        .map_err(|e| format!("This browser could not compress the link ({e:?})."))?;
    Ok(format!(
        "#/share/{}",
        b64(&js_sys::Uint8Array::new(&packed).to_vec())
    ))
}

/// The state a share link's data (after `#/share/`) carries; `None` for
/// anything that is not such a link.
pub async fn open(data: &str) -> Option<Shared> {
    let packed = unb64(data)?;
    let json = JsFuture::from(inflate(&packed, UNPACKED_MAX as f64))
        .await
        .ok()?;
    if json.is_undefined() {
        return None;
    }
    read(&js_sys::Uint8Array::new(&json).to_vec())
}

/// The state in a link's (unpacked) JSON.
fn read(json: &[u8]) -> Option<Shared> {
    serde_json::from_slice(json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_shared_reads_back_without_secrets() {
        let state = Shared {
            paste: "requirepass hunter2-secret\nmaxmemory 1gb\n".to_string(),
            files: vec![(
                "c.conf".to_string(),
                "masterauth other-secret\n".to_string(),
            )],
            workload: None,
            accepted: vec![Acceptance {
                rule: "weak-password".to_string(),
                reason: "lab only, reached as redis://app:hunter2-secret@lab:6379".to_string(),
                ..Acceptance::default()
            }],
        };
        let prepared = prepare(&state);
        let json = String::from_utf8_lossy(&prepared.json);
        assert!(
            !json.contains("hunter2") && !json.contains("other-secret"),
            "{json}"
        );
        let back = read(&prepared.json).unwrap_or_default();
        assert_eq!(back.paste, "requirepass <redacted>\nmaxmemory 1gb\n");
        assert_eq!(back.files[0].1, "masterauth <redacted>\n");
        assert!(
            back.accepted[0]
                .reason
                .starts_with("lab only, reached as redis://app:")
        );
        assert_eq!(prepared.removed.len(), 3);
        assert!(read(b"not json").is_none());
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..20u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(unb64(&b64(&bytes)), Some(bytes));
        }
        assert!(unb64("not base64!").is_none());
    }
}
