//! Values exactly as Redis reads them.
//!
//! Memory sizes follow `memtoull()` in Redis's `src/util.c`: digits, then an
//! optional unit, case-insensitive: `b` = 1, `k` = 1000, `kb` = 1024,
//! `m` = 1000², `mb` = 1024², `g` = 1000³, `gb` = 1024³. No sign, no decimal
//! point, no space between the number and its unit.

/// Why a memory size did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SizeError {
    Empty,
    Negative,
    Decimal,
    BadUnit,
    Overflow,
}

pub const MEMORY_EXAMPLES: &str = "e.g. 4gb, 512mb, 100000000";

/// Parses a memory size as Redis does.
pub fn parse_memory(s: &str) -> Result<u64, SizeError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(SizeError::Empty);
    }
    if s.starts_with('-') {
        return Err(SizeError::Negative);
    }
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(digits_end);
    if digits.is_empty() {
        return Err(SizeError::BadUnit);
    }
    if unit.starts_with('.') || unit.starts_with(',') {
        return Err(SizeError::Decimal);
    }
    let mul: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" => 1000,
        "kb" => 1024,
        "m" => 1000 * 1000,
        "mb" => 1024 * 1024,
        "g" => 1000 * 1000 * 1000,
        "gb" => 1024 * 1024 * 1024,
        _ => return Err(SizeError::BadUnit),
    };
    let n: u64 = int(digits).ok_or(SizeError::Overflow)?;
    n.checked_mul(mul).ok_or(SizeError::Overflow)
}

/// A message for a value that is not a memory size.
pub fn memory_error_message(raw: &str, err: &SizeError) -> String {
    let why = match err {
        SizeError::Empty => "is empty".to_string(),
        SizeError::Negative => "is negative".to_string(),
        SizeError::Decimal => "has a decimal point, which Redis does not accept".to_string(),
        SizeError::BadUnit => "has a unit Redis does not know (b, k, kb, m, mb, g, gb)".to_string(),
        SizeError::Overflow => "is larger than Redis can store (2^64-1 bytes)".to_string(),
    };
    format!("\"{raw}\" is not a memory size: it {why} ({MEMORY_EXAMPLES})")
}

/// Parses `yes`/`no` as Redis's `yesnotoi()` does (case-insensitive).
pub fn parse_bool(s: &str) -> Option<bool> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("yes") {
        Some(true)
    } else if s.eq_ignore_ascii_case("no") {
        Some(false)
    } else {
        None
    }
}

/// Parses a signed integer (Redis's `string2ll`: no spaces, no `+`).
pub fn parse_int(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.starts_with('+') {
        return None;
    }
    int(s)
}

/// Bytes for people: `1.50 GiB`, `512.00 MiB`, `900 B`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.2} {}", UNITS[unit])
}

/// Bytes in the shortest form redis.conf accepts exactly: `4gb`, `512mb`,
/// `64kb`, or a plain number.
pub fn conf_bytes(n: u64) -> String {
    const GB: u64 = 1024 * 1024 * 1024;
    const MB: u64 = 1024 * 1024;
    if n == 0 {
        "0".to_string()
    } else if n.is_multiple_of(GB) {
        format!("{}gb", n / GB)
    } else if n.is_multiple_of(MB) {
        format!("{}mb", n / MB)
    } else if n.is_multiple_of(1024) {
        format!("{}kb", n / 1024)
    } else {
        n.to_string()
    }
}

/// `1 directive`, `2 directives`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Seconds for people: `3 d 4 h`, `12 min`, `40 s`.
pub fn human_duration(secs: u64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min")
    } else {
        format!("{secs} s")
    }
}

/// The text with its first letter upper-cased (ASCII: the advisor's own
/// English sentences and names).
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |first| {
        let mut out = String::with_capacity(s.len());
        out.push(first.to_ascii_uppercase());
        out.push_str(c.as_str());
        out
    })
}

/// The integer types [`int`] reads (and only those: decimals are read by
/// [`parse_float`]).
pub trait Int: std::str::FromStr {}
impl Int for u8 {}
impl Int for u16 {}
impl Int for u32 {}
impl Int for u64 {}
impl Int for usize {}
impl Int for i32 {}
impl Int for i64 {}

/// An integer exactly as `str::parse` reads it (digits with an optional
/// sign, no spaces). The one place the core calls `str::parse`, which
/// clippy.toml forbids elsewhere: `str::parse::<f64>` would bring the standard
/// float parser's tables into the web app.
#[allow(clippy::disallowed_methods)]
pub fn int<T: Int>(s: &str) -> Option<T> {
    s.parse().ok()
}

/// Reads a decimal number, accepting exactly what Rust's `f64::from_str`
/// accepts (`1`, `-0.5`, `.5`, `1.`, `2e-3`, `inf`, `infinity`, `nan`, any case,
/// with a sign) and no more.
///
/// INFO prints ratios and percentages with two decimals, so the value is
/// exact whenever the number has at most 15 significant digits and a decimal
/// exponent within ±22 (one exact multiplication or division); beyond that it
/// is within a few units in the last place. The standard parser's tables are
/// larger than this whole module, which matters in the browser.
pub fn parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, rest) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let value = if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        decimal(rest)?
    };
    Some(if negative { -value } else { value })
}

/// `digits [. digits] [e [sign] digits]`, at least one mantissa digit.
fn decimal(b: &[u8]) -> Option<f64> {
    let mut mantissa: u64 = 0;
    let mut exp10: i64 = 0;
    let mut digits = 0usize;
    let mut i = 0;
    let mut seen_point = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    if seen_point {
                        exp10 -= 1;
                    }
                } else if !seen_point {
                    // Digits past 19 significant ones only scale the value.
                    exp10 += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(&(b'e' | b'E')) = b.get(i) {
        i += 1;
        let negative = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut e: i64 = 0;
        while let Some(&c @ b'0'..=b'9') = b.get(i) {
            e = (e * 10 + i64::from(c - b'0')).min(1_000_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp10 += if negative { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    Some(scale(mantissa, exp10))
}

/// `mantissa × 10^exp10`, exact when both factors are exact in an `f64`.
fn scale(mantissa: u64, exp10: i64) -> f64 {
    let mut value = mantissa as f64;
    if mantissa == 0 {
        return 0.0;
    }
    let mut e = exp10;
    while e > 0 && value.is_finite() {
        let step = e.min(22);
        value *= pow10(step);
        e -= step;
    }
    while e < 0 && value != 0.0 {
        let step = (-e).min(22);
        value /= pow10(step);
        e += step;
    }
    value
}

/// 10^n for n ≤ 22: every product on the way is exact in an `f64`.
fn pow10(n: i64) -> f64 {
    let mut p = 1.0;
    for _ in 0..n {
        p *= 10.0;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_float_edges() {
        for (text, value) in [
            ("1.23", 1.23),
            ("0.00", 0.0),
            ("-0.5", -0.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("+2e3", 2000.0),
            ("1E-2", 0.01),
            ("12345678901234567890123", 1.2345678901234568e22),
            ("1e400", f64::INFINITY),
            ("1e-400", 0.0),
        ] {
            assert_eq!(parse_float(text), Some(value), "{text}");
        }
        assert!(parse_float("-nan").is_some_and(f64::is_nan));
        assert_eq!(parse_float("-Infinity"), Some(f64::NEG_INFINITY));
        for bad in [
            "", ".", "-", "e5", "1e", "1e+", "1.2.3", "1 ", " 1", "1_0", "0x10", "infx", "1%",
        ] {
            assert_eq!(parse_float(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn memory_units_match_redis() {
        assert_eq!(parse_memory("1k"), Ok(1000));
        assert_eq!(parse_memory("1kb"), Ok(1024));
        assert_eq!(parse_memory("1KB"), Ok(1024));
        assert_eq!(parse_memory("4Gb"), Ok(4 * 1024 * 1024 * 1024));
        assert_eq!(parse_memory("2g"), Ok(2_000_000_000));
        assert_eq!(parse_memory("100"), Ok(100));
        assert_eq!(parse_memory("100b"), Ok(100));
        assert_eq!(parse_memory("0"), Ok(0));
        assert_eq!(parse_memory("4gbb"), Err(SizeError::BadUnit));
        assert_eq!(parse_memory("1.5gb"), Err(SizeError::Decimal));
        assert_eq!(parse_memory("-1"), Err(SizeError::Negative));
        assert_eq!(parse_memory("gb"), Err(SizeError::BadUnit));
        assert_eq!(parse_memory(""), Err(SizeError::Empty));
        assert_eq!(
            parse_memory("18446744073709551616"),
            Err(SizeError::Overflow)
        );
        assert_eq!(parse_memory("17179869184gb"), Err(SizeError::Overflow));
        assert_eq!(parse_memory("18446744073709551615"), Ok(u64::MAX));
    }

    #[test]
    fn error_message_names_the_value_and_examples() {
        let msg = memory_error_message("4gbb", &SizeError::BadUnit);
        assert!(msg.starts_with("\"4gbb\" is not a memory size"), "{msg}");
        assert!(msg.contains("4gb"), "{msg}");
    }

    #[test]
    fn booleans_and_ints() {
        assert_eq!(parse_bool("YES"), Some(true));
        assert_eq!(parse_bool("no"), Some(false));
        assert_eq!(parse_bool("1"), None);
        assert_eq!(parse_int("-2"), Some(-2));
        assert_eq!(parse_int("+2"), None);
        assert_eq!(parse_int("99999999999999999999"), None);
    }

    #[test]
    fn formatting() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.50 KiB");
        assert_eq!(conf_bytes(3 * 1024 * 1024 * 1024), "3gb");
        assert_eq!(conf_bytes(768 * 1024 * 1024), "768mb");
        assert_eq!(conf_bytes(1000), "1000");
        assert_eq!(human_duration(90_000), "1 d 1 h");
        assert_eq!(human_duration(59), "59 s");
    }
}
