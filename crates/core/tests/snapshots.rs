//! Snapshots of the whole report for every fixture: the JSON (everything the
//! report holds, the effective configuration with each value's origin
//! included) and the Markdown, for each server captured by
//! `scripts/capture-fixtures.sh`, each documented INFO and a paste holding two
//! servers. A change in any finding, evidence line, fix, diagnostic or value
//! shows up as a diff to review (`cargo insta review`, or INSTA_UPDATE=always
//! to accept after reading it).

mod common;

use redis_advisor_core::{Input, Report, analyze, render};
use std::collections::BTreeSet;
use std::path::Path;

fn inputs(files: &[std::path::PathBuf]) -> Vec<Input> {
    files
        .iter()
        .map(|f| Input::new(common::name(f), common::read(f)))
        .collect()
}

/// Snapshots `report` as `NAME` (Markdown) and `NAME__json`; returns both names.
fn snapshot(name: &str, report: &Report) -> [String; 2] {
    let json = format!("{name}__json");
    insta::assert_snapshot!(name.to_string(), render::markdown(report));
    insta::assert_snapshot!(json.clone(), report.to_json());
    [name.to_string(), json]
}

#[test]
fn report_of_every_fixture() {
    let mut taken = BTreeSet::new();
    let dirs = common::captured_dirs();
    assert_eq!(dirs.len(), common::CAPTURED_FOLDERS);
    for dir in &dirs {
        let files = common::read_dir(dir);
        assert!(!files.is_empty(), "{}: no files", dir.display());
        let version = dir.parent().map(common::name).unwrap_or_default();
        let name = format!("{version}__{}", common::name(dir));
        taken.extend(snapshot(&name, &analyze(&inputs(&files))));
    }
    let documented = common::documented_infos();
    assert_eq!(documented.len(), 3, "hand-written INFOs: {documented:?}");
    for file in &documented {
        let name = format!(
            "documented__{}",
            common::name(file).trim_end_matches(".txt")
        );
        taken.extend(snapshot(
            &name,
            &analyze(&inputs(std::slice::from_ref(file))),
        ));
    }

    // Two real servers in one paste, each judged by its own INFO.
    let base = common::fixtures().join("redis-7.0.15");
    let paste = format!(
        "{}\n{}",
        common::read(&base.join("defaults/info.txt")),
        common::read(&base.join("policy-noeviction/info.txt"))
    );
    let report = analyze(&[Input::new("paste", paste)]);
    assert_eq!(report.server.nodes, 2);
    taken.extend(snapshot(
        "two-nodes__defaults-then-policy-noeviction",
        &report,
    ));

    // Every snapshot on disk belongs to a fixture that still exists.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let on_disk: BTreeSet<String> = common::read_dir(&dir)
        .iter()
        .filter_map(|p| {
            let n = common::name(p);
            Some(
                n.strip_prefix("snapshots__")?
                    .strip_suffix(".snap")?
                    .to_string(),
            )
        })
        .collect();
    let orphans: Vec<_> = on_disk.difference(&taken).collect();
    assert!(orphans.is_empty(), "snapshots of no fixture: {orphans:?}");
    assert_eq!(taken.len(), 2 * (dirs.len() + documented.len() + 1));
}
