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
    let n: u64 = digits.parse().map_err(|_| SizeError::Overflow)?;
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
    s.parse().ok()
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

#[cfg(test)]
mod tests {
    use super::*;

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
