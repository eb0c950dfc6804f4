//! Share links: the page's state in the URL fragment (never sent to a server),
//! deflated and base64url-encoded, with every secret redacted first.

use redis_advisor_core::redact::redact_text;
use redis_advisor_core::workload::Workload;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    pub paste: String,
    #[serde(default)]
    pub files: Vec<(String, String)>,
    #[serde(default)]
    pub workload: Option<Workload>,
}

/// What a share link carries, and what was redacted on the way.
pub struct Link {
    pub fragment: String,
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

/// Redacts, serializes and compresses the state into a `#/share/...` fragment.
pub fn encode(state: &Shared) -> Link {
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
    let clean = Shared {
        paste: paste.text,
        files,
        workload: state.workload.clone(),
    };
    let json = serde_json::to_vec(&clean).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    Link {
        fragment: format!("#/share/{}", b64(&packed)),
        removed,
    }
}

pub fn decode(data: &str) -> Option<Shared> {
    let packed = unb64(data)?;
    // Bounded: a link cannot unpack to more than 64 MiB.
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, 64 << 20).ok()?;
    serde_json::from_slice(&json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_without_secrets() {
        let state = Shared {
            paste: "requirepass hunter2-secret\nmaxmemory 1gb\n".to_string(),
            files: vec![(
                "c.conf".to_string(),
                "masterauth other-secret\n".to_string(),
            )],
            workload: None,
        };
        let link = encode(&state);
        assert!(!link.fragment.contains("hunter2"));
        let back = decode(link.fragment.trim_start_matches("#/share/")).unwrap_or_default();
        assert_eq!(back.paste, "requirepass <redacted>\nmaxmemory 1gb\n");
        assert_eq!(back.files[0].1, "masterauth <redacted>\n");
        assert_eq!(link.removed.len(), 2);
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..20u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(unb64(&b64(&bytes)), Some(bytes));
        }
        assert!(decode("not base64!").is_none());
    }
}
