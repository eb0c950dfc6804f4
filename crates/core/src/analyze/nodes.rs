//! Stage 3, group into nodes: which INFO blocks are one server. A paste may hold
//! one server's INFO in slices (`INFO memory`, then `INFO server`, sections out
//! of order, some twice) or the INFO of several servers. A block joins the
//! server it names (`run_id`), or the one before it when nothing it says
//! contradicts that (`run_id`, `tcp_port`, `process_id`) and it does not open a
//! second `# Server` section of its own; otherwise it is a new node.

use super::blocks::InfoBlock;
use crate::diag::Span;
use crate::parse::info::{self, Info};

/// Where a stretch of a node's INFO text came from: bytes from `at` on (up to
/// the next part) are the block at `base` in input `input`'s unwrapped text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InfoPart {
    pub at: usize,
    pub input: usize,
    pub base: usize,
}

/// One server: its INFO (the slices joined) and where each slice came from.
pub struct Node {
    pub info: Info,
    pub parts: Vec<InfoPart>,
}

impl Node {
    /// A span of the node's INFO text as (input, span of its unwrapped text).
    pub fn locate(parts: &[InfoPart], span: Span) -> (usize, Span) {
        let i = parts.partition_point(|p| p.at <= span.start);
        match i.checked_sub(1).and_then(|i| parts.get(i)) {
            Some(p) => (
                p.input,
                Span::new(
                    span.start - p.at + p.base,
                    span.end.saturating_sub(p.at) + p.base,
                ),
            ),
            None => (0, span),
        }
    }
}

/// What identifies a server in its INFO.
struct Identity<'a> {
    run_id: Option<&'a str>,
    port: Option<&'a str>,
    pid: Option<&'a str>,
    server_section: bool,
}

fn identity(info: &Info) -> Identity<'_> {
    Identity {
        run_id: info.get("run_id").filter(|v| !v.is_empty()),
        port: info.get("tcp_port").filter(|v| !v.is_empty()),
        pid: info.get("process_id").filter(|v| !v.is_empty()),
        server_section: info.has_section("Server"),
    }
}

/// Nothing the two say about themselves differs.
fn compatible(a: &Identity<'_>, b: &Identity<'_>) -> bool {
    let same = |x: Option<&str>, y: Option<&str>| x.zip(y).is_none_or(|(x, y)| x == y);
    same(a.run_id, b.run_id) && same(a.port, b.port) && same(a.pid, b.pid)
}

pub(super) fn group(blocks: Vec<InfoBlock>) -> Vec<Node> {
    // Group indices first (identities borrow the blocks), then build the nodes.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    {
        let ids: Vec<Identity<'_>> = blocks.iter().map(|b| identity(&b.info)).collect();
        // Each group's identity so far: the first block that said each thing.
        let mut known: Vec<Identity<'_>> = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let by_run_id = id
                .run_id
                .and_then(|r| known.iter().position(|k| k.run_id == Some(r)));
            let target = by_run_id.or_else(|| {
                let last = known.len().checked_sub(1)?;
                let k = &known[last];
                let second_server = id.server_section && k.server_section && id.run_id.is_none();
                (compatible(k, id) && !second_server).then_some(last)
            });
            match target {
                Some(g) => {
                    groups[g].push(i);
                    let k = &mut known[g];
                    k.run_id = k.run_id.or(id.run_id);
                    k.port = k.port.or(id.port);
                    k.pid = k.pid.or(id.pid);
                    k.server_section |= id.server_section;
                }
                None => {
                    groups.push(vec![i]);
                    known.push(Identity {
                        run_id: id.run_id,
                        port: id.port,
                        pid: id.pid,
                        server_section: id.server_section,
                    });
                }
            }
        }
    }
    let mut slots: Vec<Option<InfoBlock>> = blocks.into_iter().map(Some).collect();
    groups
        .into_iter()
        .map(|members| {
            if let [only] = members[..]
                && let Some(b) = slots.get_mut(only).and_then(Option::take)
            {
                return Node {
                    parts: vec![InfoPart {
                        at: 0,
                        input: b.input,
                        base: b.base,
                    }],
                    info: b.info,
                };
            }
            // Slices: one text, parsed again (their diagnostics were reported
            // when each slice was parsed).
            let mut text = String::new();
            let mut parts = Vec::with_capacity(members.len());
            for m in members {
                let Some(b) = slots.get_mut(m).and_then(Option::take) else {
                    continue;
                };
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                parts.push(InfoPart {
                    at: text.len(),
                    input: b.input,
                    base: b.base,
                });
                text.push_str(b.info.text());
            }
            Node {
                info: info::parse(&text).value,
                parts,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::analyze::{Input, analyze};
    use crate::rules::RuleId;

    #[test]
    fn slices_of_one_server_are_one_node() {
        let text = "127.0.0.1:6379> info memory\n# Memory\nused_memory:100\nmaxmemory:0\n127.0.0.1:6379> info server\n# Server\nredis_version:7.0.15\nrun_id:abc\ntcp_port:6379\n127.0.0.1:6379> info memory\n# Memory\nused_memory:100\n";
        let r = analyze(&[Input::new("paste", text)]);
        assert_eq!(r.server.nodes, 1, "{:?}", r.inputs);
        assert_eq!(r.server.used_memory, Some(100));
    }

    #[test]
    fn two_servers_are_two_nodes() {
        let text = "# Server\nredis_version:7.0.15\nrun_id:abc\ntcp_port:6379\n# Memory\nused_memory:1\n\n# Server\nredis_version:7.0.15\nrun_id:def\ntcp_port:6380\n# Memory\nused_memory:2\n";
        let r = analyze(&[Input::new("paste", text)]);
        assert_eq!(r.server.nodes, 2);
    }

    #[test]
    fn evidence_of_a_later_slice_points_at_its_line() {
        let text = "# Server\nredis_version:7.0.15\nrun_id:abc\n\nsomething else entirely here\n\n# Memory\nused_memory:100\nmaxmemory:0\nmaxmemory_policy:noeviction\n";
        let r = analyze(&[Input::new("paste", text)]);
        assert_eq!(r.server.nodes, 1);
        let unset = r.findings.iter().find(|f| f.id == RuleId::MaxmemoryUnset);
        if let Some(f) = unset {
            assert!(
                f.evidence
                    .iter()
                    .any(|e| e.line == Some(9) && e.text == "maxmemory:0"),
                "{:?}",
                f.evidence
            );
        }
    }
}
