//! Redis versions, as INFO reports them (`redis_version:7.0.15`).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Version {
    pub major: u16,
    pub minor: u16,
    pub patch: u16,
}

impl Version {
    pub const fn new(major: u16, minor: u16, patch: u16) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// Reads `7.0.15`, `6.2`, `8.0.0-rc1`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Version> {
        let core = s.trim().split(['-', ' ', '+']).next()?;
        let mut parts = core.split('.');
        let major = crate::units::int(parts.next()?)?;
        let minor = parts.next().map_or(Some(0), crate::units::int)?;
        let patch = parts.next().map_or(Some(0), crate::units::int)?;
        Some(Version {
            major,
            minor,
            patch,
        })
    }

    pub fn at_least(self, major: u16, minor: u16, patch: u16) -> bool {
        self >= Version::new(major, minor, patch)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Which server answered: Redis or a fork that speaks its INFO.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    Redis,
    Valkey,
}

/// The release lines of Redis the advisor's knowledge covers: their sources
/// (5.0 to 8.0, at the tags named in docs/versions.md) or, for 2.8 to 4.0,
/// their documented INFO and configuration.
pub const KNOWN_REDIS: &[(u16, u16)] = &[
    (2, 8),
    (3, 0),
    (3, 2),
    (4, 0),
    (5, 0),
    (6, 0),
    (6, 2),
    (7, 0),
    (7, 2),
    (7, 4),
    (8, 0),
];

/// The release lines of Valkey the advisor knows (sources of 7.2.7 and 8.0.1).
pub const KNOWN_VALKEY: &[(u16, u16)] = &[(7, 2), (8, 0)];

/// How a reported version maps onto what the advisor knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Known {
    /// The version the advice is for: the reported one when its release line
    /// is known, else the first version of the nearest known line.
    pub version: Version,
    /// The reported version's release line is one the advisor knows.
    pub exact: bool,
}

/// The nearest release line the advisor knows for a reported version.
///
/// Redis's pre-releases count towards the release they lead to: `7.9.x` is an
/// 8.0 milestone (8.0-m01 reports 7.9.224), `6.9.x` a 7.0 release candidate.
/// Otherwise the newest known line not above the version is taken (a 9.0 is
/// treated as 8.0, a 7.1 as 7.0), or the oldest known for anything older.
pub fn nearest_known(flavor: Option<Flavor>, v: Version) -> Known {
    let lines = match flavor {
        Some(Flavor::Valkey) => KNOWN_VALKEY,
        _ => KNOWN_REDIS,
    };
    let line = if v.minor == 9 && flavor != Some(Flavor::Valkey) {
        (v.major.saturating_add(1), 0)
    } else {
        (v.major, v.minor)
    };
    if lines.contains(&line) {
        let version = if line == (v.major, v.minor) {
            v
        } else {
            Version::new(line.0, line.1, 0)
        };
        return Known {
            version,
            exact: line == (v.major, v.minor),
        };
    }
    let nearest = lines
        .iter()
        .rev()
        .find(|&&l| l <= line)
        .or(lines.first())
        .copied()
        .unwrap_or((7, 0));
    Known {
        version: Version::new(nearest.0, nearest.1, 0),
        exact: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        assert_eq!(Version::parse("7.0.15"), Some(Version::new(7, 0, 15)));
        assert_eq!(Version::parse("6.2"), Some(Version::new(6, 2, 0)));
        assert_eq!(Version::parse("8.0.0-rc1"), Some(Version::new(8, 0, 0)));
        assert_eq!(Version::parse("seven"), None);
        assert_eq!(Version::parse("99999.0.0"), None);
        assert!(Version::new(7, 0, 15) < Version::new(7, 2, 0));
        assert!(Version::new(6, 2, 14).at_least(6, 2, 0));
        assert_eq!(Version::new(7, 4, 1).to_string(), "7.4.1");
    }

    #[test]
    fn unknown_versions_map_to_the_nearest_known() {
        let redis = Some(Flavor::Redis);
        let k = nearest_known(redis, Version::new(7, 0, 15));
        assert_eq!((k.version, k.exact), (Version::new(7, 0, 15), true));
        let k = nearest_known(redis, Version::new(9, 0, 1));
        assert_eq!((k.version, k.exact), (Version::new(8, 0, 0), false));
        // 8.0-m01 reports 7.9.224: an 8.0 pre-release.
        let k = nearest_known(redis, Version::new(7, 9, 224));
        assert_eq!((k.version, k.exact), (Version::new(8, 0, 0), false));
        let k = nearest_known(redis, Version::new(7, 1, 0));
        assert_eq!((k.version, k.exact), (Version::new(7, 0, 0), false));
        let k = nearest_known(redis, Version::new(2, 6, 17));
        assert_eq!((k.version, k.exact), (Version::new(2, 8, 0), false));
        // An unknown fork reporting 6.3 (as KeyDB does) is treated as 6.2.
        let k = nearest_known(None, Version::new(6, 3, 2));
        assert_eq!((k.version, k.exact), (Version::new(6, 2, 0), false));
        let valkey = Some(Flavor::Valkey);
        let k = nearest_known(valkey, Version::new(8, 1, 0));
        assert_eq!((k.version, k.exact), (Version::new(8, 0, 0), false));
        assert!(nearest_known(valkey, Version::new(7, 2, 7)).exact);
    }
}
