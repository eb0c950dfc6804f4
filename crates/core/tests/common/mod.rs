//! Shared helpers for the integration tests: where the fixtures are.
// Test helpers on the host, never in the web build: the standard sort is fine here.
#![allow(clippy::disallowed_methods)]
#![allow(dead_code)]

pub mod servers;

use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// The configurations captured from every server (scripts/capture-fixtures.sh):
/// `acl` only from 6.0, the eight `policy-*` only for Debian's 7.0.15.
pub const CONFIGURATIONS: &[&str] = &[
    "defaults", "rdb", "aof", "secured", "acl", "primary", "replica", "bullmq", "sidekiq",
    "cluster", "sentinel",
];

/// How many folders [`captured_dirs`] finds: 10 for 5.0.14 (no ACL), 11 for
/// each of the seven other builds, 19 for 7.0.15 (11 and eight eviction policies).
pub const CAPTURED_FOLDERS: usize = 10 + 11 * 7 + 19;

/// Every captured server's fixture folders: `tests/fixtures/redis-7.0.15/defaults`,
/// `tests/fixtures/valkey-8.0.1/sentinel`, ... (all but `documented/`).
pub fn captured_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for version in read_dir(&fixtures()) {
        let n = name(&version);
        if (n.starts_with("redis-") || n.starts_with("valkey-")) && version.is_dir() {
            dirs.extend(read_dir(&version).into_iter().filter(|d| d.is_dir()));
        }
    }
    dirs.sort();
    assert_eq!(
        dirs.len(),
        CAPTURED_FOLDERS,
        "captured fixture folders under tests/fixtures (scripts/capture-fixtures.sh)"
    );
    dirs
}

/// A sentinel's folder: only its INFO (a sentinel has no `CONFIG GET *`).
pub fn is_sentinel(dir: &Path) -> bool {
    name(dir) == "sentinel"
}

/// The hand-written INFO outputs of servers that cannot run here (managed
/// services, Redis 2.8):
/// `tests/fixtures/documented/*.txt`.
pub fn documented_infos() -> Vec<PathBuf> {
    let files: Vec<PathBuf> = read_dir(&fixtures().join("documented"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    assert_eq!(files.len(), 3, "tests/fixtures/documented/*.txt: {files:?}");
    files
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
