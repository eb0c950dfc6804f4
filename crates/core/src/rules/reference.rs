//! The rule reference pages under docs/rules/, generated from the registry
//! (a test keeps the committed pages equal to this output).

use super::Rule;
use super::registry::RULES;

/// The Markdown page of one rule.
pub fn page(rule: &Rule) -> String {
    let mut doc = rule.doc_markdown();
    // Doc comments are written for rustdoc: `##` sections under the rule's title.
    doc = doc.replace("\n## ", "\n### ");
    format!(
        "# {id} ({code}) {{#{id}}}\n\n| category | default severity | guide |\n| --- | --- | --- |\n| {cat} | {sev} | [{guide}](../{guide}) |\n\n{doc}\n\nThis page is generated from the rule's source, `{file}`.\n",
        id = rule.id,
        code = rule.code,
        cat = rule.category.name(),
        sev = rule.severity.name(),
        guide = rule.guide,
        file = rule.file.trim_start_matches("crates/core/"),
    )
}

/// The index of all rules.
pub fn index() -> String {
    let mut out = String::from(
        "# Rule reference {#rule-reference}\n\nEvery check Redis Advisor runs. `redis-advisor rule ID` prints the same text in a terminal.\n\n| code | rule | category | default severity | what it finds |\n| --- | --- | --- | --- | --- |\n",
    );
    for r in RULES {
        out.push_str(&format!(
            "| {} | [{}]({}.md) | {} | {} | {} |\n",
            r.code,
            r.id,
            r.id,
            r.category.name(),
            r.severity.name(),
            r.summary().replace('|', "\\|")
        ));
    }
    out
}
