//! Shared helpers for the integration tests: where the fixtures are.
// Test helpers on the host, never in the web build: the standard sort is fine here.
#![allow(clippy::disallowed_methods)]
#![allow(dead_code)]

pub mod servers;

use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Every captured server's fixture folders: `tests/fixtures/redis-7.0.15/defaults`, ...
pub fn captured_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for version in read_dir(&fixtures()) {
        if name(&version).starts_with("redis-") && version.is_dir() {
            dirs.extend(read_dir(&version).into_iter().filter(|d| d.is_dir()));
        }
    }
    dirs.sort();
    dirs
}

/// The documented INFO outputs (managed services, old versions, Valkey):
/// `tests/fixtures/documented/*.txt`.
pub fn documented_infos() -> Vec<PathBuf> {
    read_dir(&fixtures().join("documented"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect()
}

/// A path's last component, for names in messages and inputs.
pub fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub fn read_dir(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    v
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
