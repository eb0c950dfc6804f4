//! Stage 4, configuration: the effective configuration from every block —
//! `CONFIG GET` over INFO over redis.conf, defaults only for a whole
//! configuration ([`crate::config`]).

use super::Options;
use super::blocks::Blocks;
use super::nodes::Node;
use super::sources::Diagnostics;
use crate::config::{Builder, EffectiveConfig};
use crate::version::Version;
use crate::workload;

/// The configuration and the version the first INFO names.
pub(super) fn configure(
    blocks: &Blocks<'_>,
    options: &Options,
    diagnostics: &mut Diagnostics,
) -> (EffectiveConfig, Option<Version>) {
    let mut builder = files(blocks);
    for b in &blocks.infos {
        builder.info(b.input, b.base, &b.info);
    }
    let version = blocks.infos.iter().find_map(|b| b.info.version());
    let (mut config, config_diags) = builder.finish(version);
    for_deployment(&mut config, options);
    diagnostics.view.extend(config_diags);
    (config, version)
}

/// With several nodes, each one's own configuration: the redis.conf and
/// `CONFIG GET` given, then that node's INFO only, so each node is judged by
/// its own `maxmemory`, policy and persistence rather than the first node's.
/// Empty for one node or none (the configuration of [`configure`] is theirs).
/// Its diagnostics were reported by [`configure`].
pub(super) fn per_node(
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
            let mut builder = files(blocks);
            builder.info_located(&node.info, &|span| Node::locate(&node.parts, span));
            let (mut config, _) = builder.finish(node.info.version().or(version));
            for_deployment(&mut config, options);
            config
        })
        .collect()
}

/// A builder holding every redis.conf (in the order given, the last setting
/// winning as in Redis) and then every `CONFIG GET` (which wins over a file),
/// whatever order the inputs came in.
fn files(blocks: &Blocks<'_>) -> Builder {
    let mut builder = Builder::new();
    for (i, base, file) in &blocks.confs {
        builder.conf(*i, *base, file);
    }
    for (i, base, dump) in &blocks.dumps {
        builder.config_get(*i, *base, dump);
    }
    builder
}

fn for_deployment(config: &mut EffectiveConfig, options: &Options) {
    if options.workload.as_ref().and_then(|w| w.deployment) == Some(workload::Deployment::Docker) {
        // The official image patches the default so the port works from other containers.
        config.override_default("protected-mode", "no");
    }
}
