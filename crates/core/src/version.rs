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
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().map_or(Some(0), |p| p.parse().ok())?;
        let patch = parts.next().map_or(Some(0), |p| p.parse().ok())?;
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
}
