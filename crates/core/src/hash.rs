//! A fast hash for the short keys of INFO fields and parameter names
//! (FxHash's mixing, eight bytes at a time): SipHash and byte-wise FNV cost
//! more than the rest of a lookup.

const K: u64 = 0x517c_c1b7_2722_0a95;

#[inline]
fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(K)
}

/// Hashes `bytes`, continuing from `h` (start from 0).
#[inline]
pub fn hash_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        // The length keeps "ab" and "ab\\0" apart.
        h = mix(h, u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
    }
    h
}

/// A `Hasher` for `HashMap`s keyed by short strings.
#[derive(Default)]
pub struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(self.0, bytes);
    }
    // `str`'s `Hash` ends with a 0xff byte: mix it in directly.
    fn write_u8(&mut self, i: u8) {
        self.0 = mix(self.0, u64::from(i));
    }
}

#[cfg(test)]
mod tests {
    use super::hash_bytes;

    #[test]
    fn distinguishes_lengths_and_contents() {
        assert_ne!(hash_bytes(0, b"ab"), hash_bytes(0, b"ab\0"));
        assert_ne!(
            hash_bytes(0, b"used_memory"),
            hash_bytes(0, b"used_memory_rss")
        );
        assert_eq!(hash_bytes(0, b"maxmemory"), hash_bytes(0, b"maxmemory"));
    }
}
