//! Stage 4, configuration: the effective configuration from every block —
//! `CONFIG GET` over INFO over redis.conf, defaults only for a whole
//! configuration ([`crate::config`]).

use super::Options;
use super::blocks::Blocks;
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
    let mut builder = Builder::new();
    for (i, base, file) in &blocks.confs {
        builder.conf(*i, *base, file);
    }
    for (i, base, dump) in &blocks.dumps {
        builder.config_get(*i, *base, dump);
    }
    for b in &blocks.infos {
        builder.info(b.input, b.base, &b.info);
    }
    let version = blocks.infos.iter().find_map(|b| b.info.version());
    let (mut config, config_diags) = builder.finish(version);
    if options.workload.as_ref().and_then(|w| w.deployment) == Some(workload::Deployment::Docker) {
        // The official image patches the default so the port works from other containers.
        config.override_default("protected-mode", "no");
    }
    diagnostics.view.extend(config_diags);
    (config, version)
}
