//! Snapshots of the full report (as Markdown) for every fixture captured from
//! a real server. A change in any finding, evidence line or fix shows up as a
//! diff to review (`cargo insta review`, or INSTA_UPDATE=always to accept).

mod common;

use redis_advisor_core::{Input, analyze, render};

#[test]
fn report_of_every_real_fixture() {
    for dir in common::captured_dirs() {
        let inputs: Vec<Input> = common::read_dir(&dir)
            .iter()
            .map(|f| {
                Input::new(
                    f.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    common::read(f),
                )
            })
            .collect();
        let report = analyze(&inputs);
        let name = format!(
            "{}__{}",
            dir.parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        insta::assert_snapshot!(name, render::markdown(&report));
    }
}
