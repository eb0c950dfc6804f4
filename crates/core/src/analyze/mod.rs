//! The one entry point: inputs in, a report out. [`analyze_with`] runs the
//! stages in order, each a module of its own:
//!
//! 1. [`sources`] — read: each input cut at [`MAX_INPUT_BYTES`], then unwrapped
//!    ([`crate::parse::unwrap`]): the text inside timestamps, log headers, quotes
//!    and printouts, with a map back to the original.
//! 2. [`blocks`] — split each unwrapped text into blocks and parse each block.
//! 3. [`nodes`] — group INFO blocks into servers: slices of one server's INFO
//!    become one node, by what identifies a server (`run_id`, `tcp_port`, `# Server`).
//! 4. [`configure`] — the effective configuration from every block.
//! 5. [`run`] — the workload per node, then every rule once per node.
//! 6. [`assemble`] — the report: spans mapped back to the original text, then to
//!    lines and columns; secrets scrubbed.
//!
//! Spans inside the stages are offsets into an input's unwrapped text; they are
//! mapped to the original text only where they leave (evidence, diagnostics,
//! configuration origins, block summaries).

mod assemble;
mod blocks;
mod configure;
pub mod nodes;
mod run;
mod sources;

use crate::config::EffectiveConfig;
use crate::report::Report;
use crate::workload::Workload;

/// Inputs larger than this are read up to it; the rest is reported, not read.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// One text to analyze: a file, or what was pasted.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub text: String,
    /// Bytes that were not UTF-8 were replaced by U+FFFD.
    pub replaced_invalid_utf8: bool,
}

impl Input {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Input {
        Input {
            name: name.into(),
            text: text.into(),
            replaced_invalid_utf8: false,
        }
    }

    /// From raw bytes: invalid UTF-8 is replaced and reported, never fatal.
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Input {
        match std::str::from_utf8(bytes) {
            Ok(s) => Input::new(name, s),
            Err(_) => Input {
                name: name.into(),
                text: String::from_utf8_lossy(bytes).into_owned(),
                replaced_invalid_utf8: true,
            },
        }
    }
}

/// What the user tells the analysis besides the inputs.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// What the instance is for; when absent it is inferred from INFO.
    pub workload: Option<Workload>,
    /// A workload file: its uses stand for the workload (unless one is given), and
    /// its estimate is checked against the configured memory.
    pub plan: Option<crate::plan::Plan>,
}

/// Only the effective configuration of some inputs (for comparing with a plan):
/// the same reading, splitting, parsing and configuration stages as [`analyze`].
pub fn effective_config(inputs: &[Input]) -> EffectiveConfig {
    let mut diagnostics = sources::Diagnostics::default();
    let sources = sources::read(inputs, &mut diagnostics);
    let blocks = blocks::read(&sources, &mut diagnostics);
    configure::configure(&sources, &blocks, &Options::default(), &mut diagnostics).0
}

/// Analyzes any mix of INFO, CONFIG GET output and redis.conf text.
pub fn analyze(inputs: &[Input]) -> Report {
    analyze_with(inputs, &Options::default())
}

/// [`analyze`] with a stated workload.
pub fn analyze_with(inputs: &[Input], options: &Options) -> Report {
    let mut diagnostics = sources::Diagnostics::default();
    let sources = sources::read(inputs, &mut diagnostics);
    let mut blocks = blocks::read(&sources, &mut diagnostics);
    let (config, version, reported) =
        configure::configure(&sources, &blocks, options, &mut diagnostics);
    let nodes = nodes::group(std::mem::take(&mut blocks.infos));
    let node_configs = configure::per_node(&sources, &blocks, &nodes, version, options);

    let from_plan = options.plan.as_ref().map(|p| Workload {
        uses: p.uses(),
        managed: p.managed,
        deployment: p.deployment,
        ..Workload::default()
    });
    let stated = options.workload.as_ref().or(from_plan.as_ref());
    let views = run::workloads(&nodes, stated, &blocks.log);
    // The estimate is for the version INFO reports (the plan's own `version` wins).
    let detected = nodes
        .iter()
        .find_map(|n| Some((n.info.flavor()?, n.info.version()?)));
    let limits = match detected {
        Some((flavor, v)) => crate::estimate::Limits::for_server(flavor, v),
        None => crate::estimate::Limits::default(),
    }
    .with_config(&config);
    let estimate = options
        .plan
        .as_ref()
        .map(|p| crate::estimate::estimate(p, &limits));
    let findings = run::rules(
        (&sources, &blocks.log),
        &nodes,
        &views,
        &config,
        &node_configs,
        version,
        estimate.as_ref(),
    );
    assemble::report(assemble::Parts {
        sources: &sources,
        blocks: blocks.described,
        nodes: &nodes,
        views: &views,
        config,
        version: reported,
        findings,
        diagnostics,
    })
}

#[cfg(test)]
mod tests;
