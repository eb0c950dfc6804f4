//! How Redis 7.0 allocates memory for each kind of value, in bytes as
//! `used_memory` counts them (jemalloc's usable size of every allocation).
//!
//! Sources: Redis 7.0 `src/object.c` (robj, embedded strings up to 44 bytes,
//! shared integers 0–9999), `src/sds.h` (header sizes by length), `src/dict.c`
//! (24-byte entries, power-of-two tables), `src/listpack.c` (entry encodings),
//! `src/intset.c`, `src/t_zset.c` (skiplist levels, p = 1/4), `src/quicklist.c`;
//! jemalloc 5 size classes. Each formula was checked against a real 7.0.15 by
//! the calibration harness (docs/estimator-accuracy.md).

/// jemalloc 5's size class for a request of `n` bytes: multiples of 16 up to
/// 128, then four classes per power of two.
pub fn je(n: u64) -> u64 {
    if n <= 8 {
        return 8;
    }
    if n <= 128 {
        return n.div_ceil(16) * 16;
    }
    let group = 1u64 << (63 - (n - 1).leading_zeros());
    let step = group / 4;
    n.div_ceil(step) * step
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
    if n == 0 {
        return 0;
    }
    if n <= 4 {
        return 8 * 4;
    }
    // The last growth: inserting entry g + 1 into a full table of g buckets
    // (a power of two) doubles it; the old table goes once the next inserts
    // have moved each of its non-empty buckets, one per insert.
    let g = 1u64 << (63 - (n - 1).leading_zeros());
    let occupied = 1.0 - (1.0 - 1.0 / g as f64).powf(g as f64);
    let to_move = (occupied * g as f64).round() as u64;
    let old = if n - g > to_move { 0 } else { g };
    8 * (2 * g + old)
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
    s.parse().ok()
}

/// The expected skiplist node size for random levels (p = 1/4, at most 32):
/// 24 bytes plus 16 per level, each rounded to its size class.
pub fn skiplist_node_expected() -> f64 {
    let mut total = 0.0;
    let mut p_level = 0.75;
    let mut remaining = 1.0;
    for level in 1..=32u64 {
        let p = if level == 32 {
            remaining
        } else {
            remaining * p_level
        };
        total += p * je(24 + 16 * level) as f64;
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

    /// `dict_table_grown` insert by insert, as `dict.c` grows a table.
    fn grown_step_by_step(n: u64) -> u64 {
        let (mut size, mut old, mut to_move, mut used) = (0u64, 0u64, 0u64, 0u64);
        for _ in 0..n {
            if to_move > 0 {
                to_move -= 1;
                if to_move == 0 {
                    old = 0;
                }
            }
            if size == 0 {
                size = 4;
            } else if used >= size {
                old = size;
                size = (used + 1).next_power_of_two();
                let empty = (1.0 - 1.0 / old as f64).powf(used as f64);
                to_move = ((1.0 - empty) * old as f64).round() as u64;
            }
            used += 1;
        }
        8 * (size + old)
    }

    #[test]
    fn grown_tables_in_closed_form_match_the_step_by_step_growth() {
        for n in 0..5_000 {
            assert_eq!(dict_table_grown(n), grown_step_by_step(n), "n = {n}");
        }
        // Closed form: 2^32 members cost no time; the old table has gone by then.
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
    fn listpack_entries() {
        assert_eq!(lp_entry(5, None), 7);
        assert_eq!(lp_entry(10, None), 12);
        assert_eq!(lp_entry(2, Some(12)), 2);
        assert_eq!(lp_entry(100, None), 103);
        assert_eq!(as_integer("0012"), None);
        assert_eq!(as_integer("-5"), Some(-5));
    }
}
