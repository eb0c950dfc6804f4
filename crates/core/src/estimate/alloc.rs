//! How Redis 7.0 allocates memory for each kind of value, in bytes as
//! `used_memory` counts them (jemalloc's usable size of every allocation).
//!
//! Sources: Redis 7.0 `src/object.c` (robj, embedded strings up to 44 bytes,
//! shared integers 0–9999), `src/sds.h` (header sizes by length), `src/dict.c`
//! (24-byte entries, power-of-two tables), `src/listpack.c` (entry encodings),
//! `src/intset.c`, `src/t_zset.c` (skiplist levels, p = 1/4), `src/quicklist.c`;
//! jemalloc 5 size classes. Each formula was checked against a real 7.0.15 by
//! the calibration harness (docs/estimator-accuracy.md).

use super::layout::Layout;

/// jemalloc 5's size class for a request of `n` bytes with 16-byte spacing
/// (a system jemalloc, as Debian's Redis 7.0 links): multiples of 16 up to
/// 128, then four classes per power of two.
pub fn je(n: u64) -> u64 {
    je_spaced(n, 16)
}

/// jemalloc 5's size class with the smallest classes `spacing` bytes apart:
/// 16 for a default jemalloc, 8 for the one Redis and Valkey bundle (built
/// `--with-lg-quantum=3`, deps/Makefile at every tag from 5.0 to 8.0), whose
/// classes are multiples of 8 up to 64. From 64 on, both have four classes per
/// power of two.
pub fn je_spaced(n: u64, spacing: u64) -> u64 {
    if n <= 8 {
        return 8;
    }
    if n <= 64 {
        return n.div_ceil(spacing) * spacing;
    }
    if n <= 128 {
        return n.div_ceil(16) * 16;
    }
    let group = 1u64 << (63 - (n - 1).leading_zeros());
    let step = group / 4;
    n.div_ceil(step) * step
}

/// The same sizes for a server of this layout (its allocator's spacing).
impl Layout {
    pub fn je(&self, n: u64) -> u64 {
        je_spaced(n, self.spacing)
    }

    /// A `dictEntry`: key, value, next (24 bytes).
    pub fn dict_entry(&self) -> u64 {
        self.je(24)
    }

    pub fn sds(&self, len: u64) -> u64 {
        self.je(sds_header(len) + len + 1)
    }

    pub fn sds_value(&self, len: u64) -> u64 {
        self.je(sds_header(len).max(3) + len + 1)
    }

    pub fn string_value(&self, len: u64, integer: Option<i64>, shared_integers: bool) -> u64 {
        if let Some(v) = integer {
            if shared_integers && (0..10_000).contains(&v) {
                return 0;
            }
            return ROBJ;
        }
        if len <= 44 {
            self.je(ROBJ + 3 + len + 1)
        } else {
            ROBJ + self.sds_value(len)
        }
    }

    pub fn listpack(&self, entries_bytes: u64) -> u64 {
        self.je(6 + entries_bytes + 1)
    }

    /// A small collection in this version's compact encoding (see [`compact`]).
    pub fn compact(&self, pattern: &[(u64, Option<i64>)], times: u64) -> u64 {
        compact_spaced(self.ziplist, pattern, times, self.spacing)
    }

    pub fn skiplist_node_expected(&self) -> f64 {
        skiplist_node_expected_spaced(self.spacing)
    }
}

/// An SDS header's bytes for a string of `len` bytes (type 5 below 32 bytes).
fn sds_header(len: u64) -> u64 {
    match len {
        0..32 => 1,
        32..256 => 3,
        256..65536 => 5,
        _ => 9,
    }
}

/// Bytes an SDS string of `len` bytes allocates (header by length, + terminator).
pub fn sds(len: u64) -> u64 {
    let header = match len {
        0..32 => 1,
        32..256 => 3,
        256..65536 => 5,
        _ => 9,
    };
    je(header + len + 1)
}

/// The bytes an SDS of `len` bytes occupies when copied at its smallest
/// (header, string and terminator, not rounded): Valkey 8.0's embedded keys.
pub fn sds_min(len: u64) -> u64 {
    let header = match len {
        0..32 => 1,
        32..256 => 3,
        256..65536 => 5,
        _ => 9,
    };
    header + len + 1
}

/// A value's SDS when Redis creates it as type 8 or wider (values, not keys:
/// `sdsnewlen` avoids type 5 for strings that may grow).
pub fn sds_value(len: u64) -> u64 {
    let header = match len {
        0..256 => 3,
        256..65536 => 5,
        _ => 9,
    };
    je(header + len + 1)
}

/// The `redisObject` header.
pub const ROBJ: u64 = 16;
/// A `dictEntry` (key, value, next: 24 bytes → 32).
pub const DICT_ENTRY: u64 = 32;
/// `struct dict` (7.0: 56 bytes → 64).
pub const DICT: u64 = 64;

/// The bucket array of a dict holding `n` entries: 8 bytes per bucket, a power
/// of two at least `n` (and at least 4 once anything is in it).
pub fn dict_table(n: u64) -> u64 {
    if n == 0 {
        0
    } else {
        n.checked_next_power_of_two()
            .unwrap_or(1 << 63)
            .max(4)
            .saturating_mul(8)
    }
}

/// The bucket arrays of a dict grown one insert at a time from empty (a set of
/// strings, a hash converted because a value was long). Each insert moves one
/// bucket of an ongoing rehash, and nothing else rehashes a value's dict, so
/// the old table often survives the last growth.
pub fn dict_table_grown(n: u64) -> u64 {
    dict_table_grown_by(n, 1)
}

/// [`dict_table_grown`] where each insert moves `steps` buckets (a sorted
/// set's insert looks the member up first, and the lookup moves one too).
pub fn dict_table_grown_by(n: u64, steps: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    if n <= 4 {
        return 8 * 4;
    }
    // The last growth: inserting entry g + 1 into a full table of g buckets
    // (a power of two) doubles it; the old table goes once the inserts after it
    // have moved each of its non-empty buckets, one per insert. How many of the
    // g buckets hold the g entries depends on Redis's seeded hash, so the old
    // table is counted by the chance that more of them are occupied than
    // inserts followed (the occupancy of g balls in g bins, taken as normal).
    let g = 1u64 << (63 - (n - 1).leading_zeros());
    let after = ((n - g - 1) * steps) as f64;
    let gf = g as f64;
    let p_empty = (1.0 - 1.0 / gf).powf(gf);
    let mean = gf * (1.0 - p_empty);
    let variance =
        gf * (gf - 1.0) * (1.0 - 2.0 / gf).powf(gf) + gf * p_empty - gf * gf * p_empty * p_empty;
    let survives = 1.0 - normal_cdf((after + 0.5 - mean) / variance.max(1e-9).sqrt());
    8 * 2 * g + (8.0 * gf * survives).round() as u64
}

/// The standard normal distribution function (Abramowitz and Stegun 7.1.26,
/// error under 1.5e-7).
fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// A string value: shared integers cost nothing, other integers a bare robj,
/// up to 44 bytes an embedded string, longer a robj plus its SDS.
pub fn string_value(len: u64, integer: Option<i64>, shared_integers: bool) -> u64 {
    if let Some(v) = integer {
        if shared_integers && (0..10_000).contains(&v) {
            return 0;
        }
        return ROBJ;
    }
    if len <= 44 {
        je(ROBJ + 3 + len + 1)
    } else {
        ROBJ + sds_value(len)
    }
}

/// Bytes of one listpack entry holding a string of `len` bytes or an integer.
pub fn lp_entry(len: u64, integer: Option<i64>) -> u64 {
    let body = match integer {
        Some(v) if (0..=127).contains(&v) => 1,
        Some(v) if (-4096..=4095).contains(&v) => 2,
        Some(v) if i16::try_from(v).is_ok() => 3,
        Some(v) if (-(1 << 23)..(1 << 23)).contains(&v) => 4,
        Some(v) if i32::try_from(v).is_ok() => 5,
        Some(_) => 9,
        None if len < 64 => 1 + len,
        None if len < 4096 => 2 + len,
        None => 5 + len,
    };
    let backlen = match body {
        0..=127 => 1,
        128..=16_383 => 2,
        16_384..=2_097_151 => 3,
        2_097_152..=268_435_455 => 4,
        _ => 5,
    };
    body + backlen
}

/// A listpack holding entries of these sizes (6-byte header, 1-byte end).
pub fn listpack(entries_bytes: u64) -> u64 {
    je(6 + entries_bytes + 1)
}

/// The body of one ziplist entry (before 7.0, `src/ziplist.c`): a string of
/// up to 31 bytes that reads as an integer is stored as one (0–12 in the
/// encoding byte itself), other strings after a 1-, 2- or 5-byte length.
pub fn zl_body(len: u64, integer: Option<i64>) -> u64 {
    match integer.filter(|_| len <= 31) {
        Some(v) if (0..=12).contains(&v) => 1,
        Some(v) if i8::try_from(v).is_ok() => 2,
        Some(v) if i16::try_from(v).is_ok() => 3,
        Some(v) if (-(1 << 23)..(1 << 23)).contains(&v) => 4,
        Some(v) if i32::try_from(v).is_ok() => 5,
        Some(_) => 9,
        None if len <= 63 => 1 + len,
        None if len <= 16_383 => 2 + len,
        None => 5 + len,
    }
}

/// Bytes of a small collection in its compact encoding, `pattern` repeated
/// `times`: a listpack, or before 7.0 a ziplist (10-byte header, 1-byte end,
/// and before each entry the previous entry's length: 1 byte below 254, else 5).
pub fn compact(ziplist: bool, pattern: &[(u64, Option<i64>)], times: u64) -> u64 {
    compact_spaced(ziplist, pattern, times, 16)
}

fn compact_spaced(ziplist: bool, pattern: &[(u64, Option<i64>)], times: u64, spacing: u64) -> u64 {
    if !ziplist {
        let one: u64 = pattern.iter().map(|(l, i)| lp_entry(*l, *i)).sum();
        return je_spaced(6 + one.saturating_mul(times) + 1, spacing);
    }
    if times == 0 || pattern.is_empty() {
        return je_spaced(11, spacing);
    }
    // The first repetition follows nothing; every later one follows the
    // pattern's last entry, so they all cost the same.
    let pass = |mut prev: u64| {
        let mut total = 0u64;
        for (len, integer) in pattern {
            let entry = if prev < 254 { 1 } else { 5 } + zl_body(*len, *integer);
            total += entry;
            prev = entry;
        }
        (total, prev)
    };
    let (first, last) = pass(0);
    let (steady, _) = pass(last);
    je_spaced(
        (10 + first + 1).saturating_add(steady.saturating_mul(times - 1)),
        spacing,
    )
}

/// The integer value of a string, as Redis's `string2ll` would read it.
pub fn as_integer(s: &str) -> Option<i64> {
    if s.is_empty()
        || s.len() > 20
        || s.starts_with('+')
        || (s.len() > 1 && s.starts_with('0'))
        || s.starts_with("-0")
    {
        return None;
    }
    crate::units::int(s)
}

/// The expected skiplist node size for random levels (p = 1/4, at most 32):
/// 24 bytes plus 16 per level, each rounded to its size class.
pub fn skiplist_node_expected() -> f64 {
    skiplist_node_expected_spaced(16)
}

fn skiplist_node_expected_spaced(spacing: u64) -> f64 {
    let mut total = 0.0;
    let mut p_level = 0.75;
    let mut remaining = 1.0;
    for level in 1..=32u64 {
        let p = if level == 32 {
            remaining
        } else {
            remaining * p_level
        };
        total += p * je_spaced(24 + 16 * level, spacing) as f64;
        remaining -= p;
        p_level = 0.75;
        if remaining <= 0.0 {
            break;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grown_tables_count_the_old_table_by_its_chance_to_survive() {
        assert_eq!(dict_table_grown(0), 0);
        assert_eq!(dict_table_grown(4), 32);
        // Just grown from 32 to 64 buckets: the old table is certainly there.
        assert_eq!(dict_table_grown(33), 8 * (64 + 32));
        // 40 inserts: 7 buckets moved of about 20 occupied: still there.
        assert_eq!(dict_table_grown(40), 8 * (64 + 32));
        // 50: 17 moved of 20.4 ± 1.8 occupied: there in about 19 dicts of 20.
        let fifty = dict_table_grown(50);
        assert!(
            (8 * 64 + 8 * 32 * 9 / 10..8 * (64 + 32)).contains(&fifty),
            "{fifty}"
        );
        // 63: 30 moved: gone.
        assert_eq!(dict_table_grown(63), 8 * 64);
        // The old table's share only shrinks as inserts follow a growth.
        for n in 5..5_000u64 {
            let g = 1u64 << (63 - (n - 1).leading_zeros());
            if n > g + 1 {
                assert!(dict_table_grown(n) <= dict_table_grown(n - 1), "n = {n}");
            }
        }
        // 2^32 members cost no time; the old table has gone by then.
        assert_eq!(dict_table_grown(1 << 32), 8 << 32);
    }

    #[test]
    fn jemalloc_size_classes() {
        let cases = [
            (1, 8),
            (8, 8),
            (9, 16),
            (40, 48),
            (104, 112),
            (128, 128),
            (129, 160),
            (197, 224),
            (257, 320),
            (1004, 1024),
            (5006, 5120),
            (16385, 20480),
        ];
        for (n, want) in cases {
            assert_eq!(je(n), want, "je({n})");
        }
    }

    #[test]
    fn the_bundled_jemalloc_has_8_byte_classes_up_to_64() {
        // deps/Makefile builds it --with-lg-quantum=3: a dictEntry (24 bytes)
        // takes 24, not 32 (measured: 5.0.14 to 8.0-m01, Valkey 7.2.7 and 8.0.1).
        let cases = [(24, 24), (18, 24), (40, 40), (56, 56), (65, 80), (129, 160)];
        for (n, want) in cases {
            assert_eq!(je_spaced(n, 8), want, "je_spaced({n}, 8)");
        }
        assert_eq!(je_spaced(24, 16), 32);
    }

    #[test]
    fn strings_match_a_real_server() {
        // Measured on Redis 7.0.15: bytes per value (excluding key and dict entry).
        assert_eq!(string_value(4, Some(7777), true), 0);
        assert_eq!(string_value(6, Some(123_456), true), 16);
        assert_eq!(string_value(20, None, true), 48);
        assert_eq!(string_value(44, None, true), 64);
        assert_eq!(string_value(45, None, true), 80);
        assert_eq!(string_value(1000, None, true), 1040);
        assert_eq!(string_value(5000, None, true), 5136);
    }

    #[test]
    fn ziplist_entries() {
        // 10 fields of 8 bytes with 20-byte values: 20 entries of 10 and 22 bytes.
        let zl = compact(true, &[(8, None), (20, None)], 10);
        assert_eq!(zl, je(10 + 10 * (10 + 22) + 1));
        // An entry after one of 254 bytes or more spends 5 bytes on its length.
        assert_eq!(
            compact(true, &[(300, None), (1, None)], 1),
            je(10 + (1 + 2 + 300) + (5 + 2) + 1)
        );
        assert_eq!(
            compact(true, &[(300, None), (1, None)], 2),
            je(10 + (1 + 2 + 300) + (5 + 2) + (1 + 2 + 300) + (5 + 2) + 1)
        );
        assert_eq!(
            compact(false, &[(8, None), (20, None)], 10),
            listpack(10 * (10 + 22))
        );
        assert_eq!(zl_body(2, Some(12)), 1);
        assert_eq!(zl_body(13, Some(1_700_000_000_000)), 9);
    }

    #[test]
    fn listpack_entries() {
        assert_eq!(lp_entry(5, None), 7);
        assert_eq!(lp_entry(10, None), 12);
        assert_eq!(lp_entry(2, Some(12)), 2);
        assert_eq!(lp_entry(100, None), 103);
        assert_eq!(as_integer("0012"), None);
        assert_eq!(as_integer("-5"), Some(-5));
    }
}
