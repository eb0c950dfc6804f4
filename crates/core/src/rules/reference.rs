//! The rule reference pages under docs/rules/, generated from the registry
//! (a test keeps the committed pages equal to this output).

use super::registry::RULES;
use super::{REDIRECTS, Rule};
use crate::report::Category;

/// The Markdown page of one rule.
pub fn page(rule: &Rule) -> String {
    let mut doc = rule.doc_markdown();
    // Doc comments are written for rustdoc: `##` sections under the rule's title.
    doc = doc.replace("\n## ", "\n### ");
    format!(
        "# {id} ({code}) {{#{id}}}\n\n| category | default severity | applies from | guide |\n| --- | --- | --- | --- |\n| {cat} | {sev} | Redis {since} | [{guide}](../{guide}) |\n\n{doc}\n\nThis page is generated from the rule's source, `{file}`.\n",
        id = rule.id,
        code = rule.code,
        cat = rule.category.name(),
        sev = rule.severity.name(),
        since = rule.since,
        guide = rule.guide,
        file = rule.file.trim_start_matches("crates/core/"),
    )
}

/// The index of all rules.
pub fn index() -> String {
    let mut out = String::from(
        "# Rule reference {#rule-reference}\n\nEvery check Redis Advisor runs. `redis-advisor rule ID` prints the same text in a terminal. \"Applies from\" is the first Redis release that has what the rule reads (2.0.0 stands for 2.0 and older).\n\n| code | rule | category | default severity | applies from | what it finds |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for r in RULES {
        out.push_str(&format!(
            "| {} | [{}]({}.md) | {} | {} | {} | {} |\n",
            r.code,
            r.id,
            r.id,
            r.category.name(),
            r.severity.name(),
            r.since,
            r.summary().replace('|', "\\|")
        ));
    }
    out.push_str(
        "\n## Codes {#codes}\n\nA rule's code is its category's prefix and a number. Codes and ids are never reused.\n\n| prefix | category |\n| --- | --- |\n",
    );
    for c in Category::ALL {
        out.push_str(&format!("| {} | {} |\n", c.prefix(), c.name()));
    }
    out.push_str(
        "\n## Renamed rules {#renamed-rules}\n\nA report (JSON) that names a rule by an old id or code reads as the rule it is now, and `redis-advisor rule OLD` finds it.\n\n| old | now |\n| --- | --- |\n",
    );
    for (old, now) in REDIRECTS {
        out.push_str(&format!("| {old} | [{now}]({now}.md) ({}) |\n", now.code()));
    }
    out
}
