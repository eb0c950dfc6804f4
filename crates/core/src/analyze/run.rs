//! Stage 5, rules: what each node is for (stated, or inferred from its INFO),
//! then every rule of the registry once per node. A finding resting only on
//! configuration is the same on every node and is kept once.

use super::nodes::Node;
use crate::config::EffectiveConfig;
use crate::parse::log::{LogEvent, LogKind};
use crate::report::Finding;
use crate::rules::{Context, Source, registry::RULES};
use crate::version::Version;
use crate::workload::{self, Belief, Confidence, Use, Workload, WorkloadView};

/// The workload of each node (one view when there is no INFO).
pub(super) fn workloads(
    nodes: &[Node],
    stated: Option<&Workload>,
    log: &[(usize, LogEvent)],
) -> Vec<WorkloadView> {
    let mut views: Vec<WorkloadView> = if nodes.is_empty() {
        vec![workload::view(stated, None)]
    } else {
        nodes
            .iter()
            .map(|n| workload::view(stated, Some(&n.info)))
            .collect()
    };
    // A queue library's own output names the library.
    for view in views.iter_mut().filter(|v| !v.stated) {
        for (input, e) in log {
            let LogKind::Library(library) = e.kind else {
                continue;
            };
            let use_ = Use::Queue { library };
            match view.beliefs.iter_mut().find(|b| b.use_ == use_) {
                Some(b) => b.elsewhere.push((*input, e.line)),
                None => view.beliefs.push(Belief {
                    use_,
                    confidence: Confidence::High,
                    reason: format!("the paste shows {}'s own output", library.name()),
                    lines: Vec::new(),
                    elsewhere: vec![(*input, e.line)],
                }),
            }
        }
    }
    views
}

/// Every rule once per node (or once, without INFO). `node_configs`, when
/// not empty, is each node's own configuration; otherwise `config` is.
pub(super) fn rules(
    (sources, log): (&[Source], &[(usize, LogEvent)]),
    nodes: &[Node],
    views: &[WorkloadView],
    config: &EffectiveConfig,
    node_configs: &[EffectiveConfig],
    version: Option<Version>,
    estimate: Option<&crate::estimate::Estimate>,
) -> Vec<Finding> {
    let mut all: Vec<Finding> = Vec::new();
    let contexts: Vec<(Option<&Node>, Option<String>)> = if nodes.is_empty() {
        vec![(None, None)]
    } else {
        let many = nodes.len() > 1;
        nodes
            .iter()
            .enumerate()
            .map(|(n, node)| (Some(node), many.then(|| node_label(n, node))))
            .collect()
    };
    for (i, (node, label)) in contexts.into_iter().enumerate() {
        let Some(workload) = views.get(i) else {
            continue;
        };
        let cx = Context {
            workload,
            info: node.map(|n| &n.info),
            info_parts: node.map_or(&[], |n| &n.parts[..]),
            config: node_configs.get(i).unwrap_or(config),
            // The version the advice is for: the reported one, or the nearest known.
            version: node
                .and_then(|n| super::configure::known_version(&n.info))
                .or(version),
            sources,
            estimate,
            log,
        };
        for rule in RULES {
            let mut found = Vec::new();
            (rule.check)(&cx, &mut found);
            for mut f in found {
                // A finding resting only on configuration is the same on every node.
                if all.iter().any(|g| g.id == f.id && g.evidence == f.evidence) {
                    continue;
                }
                f.node.clone_from(&label);
                all.push(f);
            }
        }
    }
    crate::sort::sort_by(&mut all, |a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.category.cmp(&b.category))
            .then(a.id.cmp(&b.id))
    });
    all
}

fn node_label(n: usize, node: &Node) -> String {
    let port = node.info.get("tcp_port").map(|p| format!("port {p}"));
    let role = node.info.get("role").map(str::to_string);
    let what: Vec<String> = [port, role].into_iter().flatten().collect();
    if what.is_empty() {
        format!("node {}", n + 1)
    } else {
        format!("node {} ({})", n + 1, what.join(", "))
    }
}
