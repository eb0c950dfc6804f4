//! Stage 4, configuration: the effective configuration from every block —
//! `CONFIG GET` over INFO over redis.conf, defaults only for a whole
//! configuration ([`crate::config`]).

use super::Options;
use super::blocks::Blocks;
use super::nodes::Node;
use super::sources::Diagnostics;
use crate::config::{Builder, EffectiveConfig};
use crate::diag::{DiagKind, Diagnostic};
use crate::parse::log::LogKind;
use crate::rules::Source;
use crate::version::{Flavor, Version, nearest_known};
use crate::workload;

/// The configuration and the version the first INFO names.
pub(super) fn configure(
    sources: &[Source<'_>],
    blocks: &Blocks<'_>,
    options: &Options,
    diagnostics: &mut Diagnostics,
) -> (EffectiveConfig, Option<Version>, Option<Version>) {
    let mut builder = files(sources, blocks);
    for b in &blocks.infos {
        builder.info(b.input, b.base, &b.info);
    }
    unknown_versions(blocks, diagnostics);
    let reported = blocks
        .infos
        .iter()
        .find_map(|b| b.info.version())
        .or_else(|| blocks.log.iter().find_map(|(_, e)| e.version));
    // The version INFO names, else the one a start banner in a log names.
    let version = blocks
        .infos
        .iter()
        .find_map(|b| known_version(&b.info))
        .or_else(|| blocks.log.iter().find_map(|(_, e)| e.version));
    let flavor = blocks.infos.iter().find_map(|b| b.info.flavor());
    let (mut config, config_diags) = builder.finish_for(version, flavor);
    for_deployment(&mut config, options);
    diagnostics.view.extend(config_diags);
    (config, version, reported)
}

/// The version the advice is for: the reported one, or the nearest known.
pub(super) fn known_version(info: &crate::parse::info::Info) -> Option<Version> {
    Some(nearest_known(info.flavor(), info.version()?).version)
}

/// A version the advisor does not know is advised as the nearest known one,
/// and the report says so.
fn unknown_versions(blocks: &Blocks<'_>, diagnostics: &mut Diagnostics) {
    for b in &blocks.infos {
        let (Some(v), Some(field)) = (
            b.info.version(),
            b.info
                .field("valkey_version")
                .or_else(|| b.info.field("redis_version")),
        ) else {
            continue;
        };
        let known = nearest_known(b.info.flavor(), v);
        if known.exact {
            continue;
        }
        let name = match b.info.flavor() {
            Some(Flavor::Valkey) => "Valkey",
            _ => "Redis",
        };
        let line = format!("{}.{}", known.version.major, known.version.minor);
        diagnostics.view.push((
            b.input,
            Diagnostic::note(
                DiagKind::UnknownVersion,
                field.line.offset(b.base),
                format!("{name} {v} is not a version this advisor knows: its defaults, INFO fields and fixes are those of {name} {line}, the nearest it knows; check the advice against that version's release notes"),
            ),
        ));
    }
}

/// With several nodes, each one's own configuration: the redis.conf and
/// `CONFIG GET` given, then that node's INFO only, so each node is judged by
/// its own `maxmemory`, policy and persistence rather than the first node's.
/// Empty for one node or none (the configuration of [`configure`] is theirs).
/// Its diagnostics were reported by [`configure`].
pub(super) fn per_node(
    sources: &[Source<'_>],
    blocks: &Blocks<'_>,
    nodes: &[Node],
    version: Option<Version>,
    options: &Options,
) -> Vec<EffectiveConfig> {
    if nodes.len() < 2 {
        return Vec::new();
    }
    nodes
        .iter()
        .map(|node| {
            let mut builder = files(sources, blocks);
            builder.info_located(&node.info, &|span| Node::locate(&node.parts, span));
            let flavor = node.info.flavor();
            let (mut config, _) = builder.finish_for(known_version(&node.info).or(version), flavor);
            for_deployment(&mut config, options);
            config
        })
        .collect()
}

/// A builder holding every redis.conf (in the order given, the last setting
/// winning as in Redis) and then every `CONFIG GET` (which wins over a file),
/// whatever order the inputs came in.
fn files(sources: &[Source<'_>], blocks: &Blocks<'_>) -> Builder {
    let mut builder = Builder::new();
    for (i, base, file) in &blocks.confs {
        builder.conf(*i, *base, file);
    }
    for (i, base, dump) in &blocks.dumps {
        builder.config_get(*i, *base, dump);
    }
    // A policy quoted by a queue library's warning (Sidekiq's, BullMQ's): what the
    // server reported to it, read like an INFO field.
    for (i, e) in &blocks.log {
        if let (LogKind::Policy, Some(v)) = (e.kind, e.value)
            && let Some(text) = sources
                .get(*i)
                .and_then(|s| s.view.text().get(v.start..v.end))
            && crate::config::Policy::parse(text).is_some()
        {
            builder.reported(*i, e.line, "maxmemory-policy", text);
        }
    }
    builder
}

fn for_deployment(config: &mut EffectiveConfig, options: &Options) {
    if options.workload.as_ref().and_then(|w| w.deployment) == Some(workload::Deployment::Docker) {
        // The official image patches the default so the port works from other containers.
        config.override_default("protected-mode", "no");
    }
}
