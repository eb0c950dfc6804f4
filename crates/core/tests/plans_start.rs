//! Every recommended configuration `plan` produces — for each file in
//! examples/ and each preset of the web app's Plan page, both instances of a
//! split plan — starts a real server of each version on this machine, and
//! `CONFIG GET` then shows the recommended values.
//!
//! Each plan is recommended twice per server: for that server's version
//! (`recommend_for`) and for no version at all (`recommend`, what the Plan page
//! and `redis-advisor plan` show), which must start on every version.
//! A setting offered to try (`activedefrag`) is a comment in redis.conf; the
//! test tries its `CONFIG SET` and checks it is accepted exactly where the
//! build has Redis's bundled jemalloc.
//!
//! Run with `--nocapture` to see the counts per version (docs/versions.md).
// A test on the host, never in the web build: the standard sort and parser are fine here.
#![allow(clippy::disallowed_methods)]

mod common;
mod real_servers;

use real_servers::{Build, builds};
use redis_advisor_core::plan::Plan;
use redis_advisor_core::recommend::{InstanceConfig, Setting, recommend, recommend_for};
use redis_advisor_core::units::parse_memory;
use std::collections::BTreeMap;

fn examples() -> Vec<(String, Plan)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for path in files {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = if path.extension().is_some_and(|e| e == "toml") {
            let value: toml::Value =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            serde_json::to_string(&value).unwrap_or_default()
        } else {
            text
        };
        let plan = Plan::from_json(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push((
            format!(
                "examples/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            ),
            plan,
        ));
    }
    out
}

fn plans() -> Vec<(String, Plan)> {
    let mut all = examples();
    all.extend(
        redis_advisor_core::presets::presets()
            .into_iter()
            .map(|(name, p)| (format!("preset {name}"), p)),
    );
    all
}

/// Does the value the server reports match the recommended one?
fn matches(s: &Setting, got: &str) -> bool {
    let want = s.value.trim();
    let norm = |v: &str| v.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.name {
        "maxmemory" => parse_memory(want).ok() == got.parse::<u64>().ok(),
        "client-output-buffer-limit" => {
            // The server prints every class in bytes; the recommendation sets one.
            let parts: Vec<&str> = want.split_whitespace().collect();
            let bytes = |v: &str| parse_memory(v).map_or(v.to_string(), |b| b.to_string());
            let want = match parts.as_slice() {
                [class, hard, soft, secs] => {
                    format!("{class} {} {} {secs}", bytes(hard), bytes(soft))
                }
                _ => want.to_string(),
            };
            norm(got).contains(&want)
        }
        _ => norm(got).eq_ignore_ascii_case(&norm(want)),
    }
}

#[derive(Default)]
struct Tally {
    configurations: usize,
    values_checked: usize,
    defrag_accepted: usize,
    defrag_refused: usize,
}

fn check(build: &Build, label: &str, i: &InstanceConfig, tally: &mut Tally) -> Vec<String> {
    let mut problems = Vec::new();
    match build.start(&i.redis_conf()) {
        Ok(server) => problems.extend(holds(
            build,
            &server,
            &format!("{label}, redis.conf"),
            i,
            tally,
        )),
        Err(e) => problems.push(format!(
            "{label}, {}: its redis.conf does not start {}: {e}",
            i.role, build.name
        )),
    }
    match build.start_with_args("", &i.command_line()) {
        Ok(server) => problems.extend(holds(
            build,
            &server,
            &format!("{label}, command line"),
            i,
            tally,
        )),
        Err(e) => problems.push(format!(
            "{label}, {}: its command line does not start {}: {e}\n{}",
            i.role,
            build.name,
            i.command_line()
        )),
    }
    problems
}

/// CONFIG GET shows every recommended value on a started server.
fn holds(
    build: &Build,
    server: &real_servers::Server,
    label: &str,
    i: &InstanceConfig,
    tally: &mut Tally,
) -> Vec<String> {
    let mut c = match server.connect() {
        Ok(c) => c,
        Err(e) => return vec![format!("{label}: {}: cannot connect: {e}", build.name)],
    };
    let mut problems = Vec::new();
    for s in &i.settings {
        if s.try_first {
            // Offered to try: a comment in redis.conf; its CONFIG SET works only with Redis's jemalloc.
            let set = server.run(&mut c, &format!("CONFIG SET {} {}", s.name, s.value));
            match (set.is_ok(), build.bundled_jemalloc) {
                (true, true) => tally.defrag_accepted += 1,
                (false, false) => tally.defrag_refused += 1,
                (ok, bundled) => problems.push(format!(
                    "{label}, {}: CONFIG SET {} {} on {} (bundled jemalloc: {bundled}) accepted: {ok} ({set:?})",
                    i.role, s.name, s.value, build.name
                )),
            }
            continue;
        }
        // bind is confined to loopback by the test when the recommendation is not.
        if s.name == "bind"
            && !s.value.split_whitespace().all(|a| {
                a.trim_start_matches('-').starts_with("127.") || a.trim_start_matches('-') == "::1"
            })
        {
            continue;
        }
        match server.config_get(&mut c, s.name) {
            Some(got) if matches(s, &got) => tally.values_checked += 1,
            got => problems.push(format!(
                "{label}, {}: on {} CONFIG GET {} is {got:?}, recommended {:?}",
                i.role, build.name, s.name, s.value
            )),
        }
    }
    tally.configurations += 1;
    problems
}

#[test]
fn every_recommended_configuration_starts_and_holds() {
    let builds = builds();
    let plans = plans();
    assert!(plans.len() >= 8, "examples and presets: {}", plans.len());
    let mut problems = Vec::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for build in &builds {
        let tally = tallies.entry(build.name.clone()).or_default();
        for (label, plan) in &plans {
            for (target, instances) in [
                ("any version", recommend(plan)),
                ("this version", recommend_for(plan, Some(build.version))),
            ] {
                for i in &instances {
                    problems.extend(check(build, &format!("{label} ({target})"), i, tally));
                }
            }
        }
    }
    eprintln!(
        "\nrecommended configurations started (build: configurations, values confirmed by CONFIG GET, activedefrag accepted, refused)"
    );
    for (name, t) in &tallies {
        eprintln!(
            "| {name} | {} | {} | {} | {} |",
            t.configurations, t.values_checked, t.defrag_accepted, t.defrag_refused
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The redis.conf that `plan` shows never holds a line that can stop a server:
/// `activedefrag` only as a comment, with the reason.
#[test]
fn activedefrag_is_offered_never_set() {
    for (label, plan) in plans() {
        for i in recommend(&plan) {
            let conf = i.redis_conf();
            assert!(
                !conf
                    .lines()
                    .any(|l| l.trim_start().starts_with("activedefrag")),
                "{label}: {conf}"
            );
            assert!(!i.command_line().contains("activedefrag"), "{label}");
            if conf.contains("# activedefrag yes") {
                assert!(
                    conf.contains("Debian"),
                    "{label}: the reason is missing: {conf}"
                );
            }
        }
    }
}

/// The forms the recommendations and fixes avoid, measured: before 6.2 a `bind`
/// with an optional (`-`) address stops the server at start and `CONFIG SET
/// bind` does not exist; before 7.0 a `save` line with several pairs is ignored
/// (and 6.2 clears the schedule on it), so the snapshots it asks for never happen.
#[test]
fn forms_older_versions_refuse_or_ignore() {
    for build in builds() {
        let optional_bind = build.start("bind 127.0.0.1 -::1\n");
        assert_eq!(
            optional_bind.is_ok(),
            build.version.at_least(6, 2, 0),
            "{}: bind 127.0.0.1 -::1 {:?}",
            build.name,
            optional_bind.err()
        );
        let server = build
            .start("save 3600 1 300 100 60 10000\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let mut c = server.connect().unwrap_or_else(|e| panic!("{e}"));
        let save = server.config_get(&mut c, "save").unwrap_or_default();
        assert_eq!(
            save == "3600 1 300 100 60 10000",
            build.version.at_least(7, 0, 0),
            "{}: save read back as {save:?}",
            build.name
        );
        let set_bind = server.run(&mut c, "CONFIG SET bind 127.0.0.1");
        assert_eq!(
            set_bind.is_ok(),
            build.version.at_least(6, 2, 0),
            "{}: CONFIG SET bind {set_bind:?}",
            build.name
        );
        eprintln!(
            "{}: one-line save reads back as {save:?}; CONFIG SET bind {}",
            build.name,
            if set_bind.is_ok() {
                "accepted"
            } else {
                "refused"
            }
        );
    }
}

/// The `CONFIG SET` commands of every recommendation, run in order on a
/// running server of each version (started from a plain redis.conf, as
/// `CONFIG REWRITE` needs one): every line is accepted, except the setting
/// offered to try where the build lacks it (`activedefrag` on Debian's).
#[test]
fn every_recommended_config_set_is_accepted() {
    let plans = plans();
    let builds = builds();
    // One thread per server build.
    let results: Vec<(String, usize, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = builds
            .iter()
            .map(|build| scope.spawn(|| config_sets_on(build, &plans)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| panic!("a build's run panicked"))
            })
            .collect()
    });
    let mut problems = Vec::new();
    for (name, accepted, p) in results {
        eprintln!("{name}: {accepted} recommended CONFIG SET lines accepted");
        problems.extend(p);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Runs every recommendation's CONFIG SET lines on fresh servers of one build.
fn config_sets_on(build: &Build, plans: &[(String, Plan)]) -> (String, usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut accepted = 0;
    for (label, plan) in plans {
        for i in recommend(plan) {
            let server = match build.start("") {
                Ok(s) => s,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            let Ok(mut c) = server.connect() else {
                problems.push(format!("{}: cannot connect", build.name));
                continue;
            };
            for line in i.config_set().lines() {
                let tried = i
                    .settings
                    .iter()
                    .any(|s| s.try_first && line.starts_with(&format!("CONFIG SET {} ", s.name)));
                match server.run(&mut c, line) {
                    Ok(()) => accepted += 1,
                    Err(_) if tried && !build.bundled_jemalloc => {}
                    Err(e) => problems.push(format!(
                        "{label}, {}: `{line}` refused by {}: {e}",
                        i.role, build.name
                    )),
                }
            }
        }
    }
    (build.name.clone(), accepted, problems)
}
