//! The review page: paste or drop INFO / CONFIG GET / redis.conf, see what
//! was recognized, the diagnostics, and the findings with their evidence,
//! fixes and guide links. Analysis runs as you type, debounced.

use crate::browser;
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use redis_advisor_core::report::{Finding, Report, Severity};
use redis_advisor_core::units::human_bytes;
use redis_advisor_core::{Input, analyze, render};
use std::rc::Rc;
use web_sys::{DragEvent, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

const DRAFT_KEY: &str = "redis-advisor.draft";
const DEBOUNCE_MS: u32 = 200;

/// What is analyzed: the paste and any files dropped or picked.
#[derive(Clone, Debug, Default, PartialEq)]
struct Sources {
    paste: Rc<str>,
    files: Rc<Vec<(String, String)>>,
}

impl Sources {
    fn inputs(&self) -> Vec<Input> {
        let mut inputs = Vec::with_capacity(self.files.len() + 1);
        if !self.paste.trim().is_empty() || self.files.is_empty() {
            inputs.push(Input::new("paste", &*self.paste));
        }
        inputs.extend(
            self.files
                .iter()
                .map(|(name, text)| Input::new(name.clone(), text.clone())),
        );
        inputs
    }
}

#[function_component(ReviewPage)]
pub fn review_page() -> Html {
    let paste = use_state(|| Rc::<str>::from(browser::load(DRAFT_KEY).unwrap_or_default()));
    let files = use_state(|| Rc::new(Vec::<(String, String)>::new()));
    let committed = use_state(|| Sources {
        paste: (*paste).clone(),
        files: (*files).clone(),
    });
    let timer = use_mut_ref(|| None::<Timeout>);
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let dragging = use_state(|| false);

    // Debounce: analyze once typing pauses.
    {
        let committed = committed.clone();
        let timer = timer.clone();
        use_effect_with(
            ((*paste).clone(), (*files).clone()),
            move |(paste, files)| {
                browser::save(DRAFT_KEY, paste);
                let next = Sources {
                    paste: paste.clone(),
                    files: files.clone(),
                };
                *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || committed.set(next)));
            },
        );
    }
    let report: Rc<Report> = {
        let sources = (*committed).clone();
        (*use_memo(sources, |s| Rc::new(analyze(&s.inputs())))).clone()
    };

    let on_input = {
        let paste = paste.clone();
        Callback::from(move |e: InputEvent| {
            paste.set(Rc::from(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ));
        })
    };
    let add_files = {
        let files = files.clone();
        let readers = readers.clone();
        Rc::new(move |list: web_sys::FileList| {
            for i in 0..list.length() {
                let Some(file) = list.get(i) else { continue };
                let file = gloo::file::File::from(file);
                let name = file.name();
                let files = files.clone();
                let reader = gloo::file::callbacks::read_as_bytes(&file, move |result| {
                    let text = match result {
                        Ok(bytes) => Input::from_bytes(name.clone(), &bytes).text,
                        Err(e) => format!("(could not read {name}: {e})"),
                    };
                    let mut next: Vec<(String, String)> = (**files).clone();
                    next.retain(|(n, _)| *n != name);
                    next.push((name, text));
                    files.set(Rc::new(next));
                });
                readers.borrow_mut().push(reader);
            }
        })
    };
    let on_pick = {
        let add_files = add_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                add_files(list);
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let add_files = add_files.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(list) = e.data_transfer().and_then(|d| d.files()) {
                add_files(list);
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let remove_file = {
        let files = files.clone();
        Callback::from(move |name: String| {
            let next: Vec<(String, String)> =
                files.iter().filter(|(n, _)| *n != name).cloned().collect();
            files.set(Rc::new(next));
        })
    };
    let clear = {
        let paste = paste.clone();
        let files = files.clone();
        Callback::from(move |_: MouseEvent| {
            paste.set(Rc::from(""));
            files.set(Rc::new(Vec::new()));
        })
    };
    let export_md = {
        let report = report.clone();
        Callback::from(move |_: MouseEvent| {
            browser::download(
                "redis-advisor-report.md",
                "text/markdown",
                &render::markdown(&report),
            )
        })
    };
    let export_json = {
        let report = report.clone();
        Callback::from(move |_: MouseEvent| {
            browser::download(
                "redis-advisor-report.json",
                "application/json",
                &report.to_json(),
            )
        })
    };
    let has_input = !paste.trim().is_empty() || !files.is_empty();

    html! {
        <div class="review">
            <section class="input" aria-labelledby="paste-label">
                <div
                    class={classes!("dropzone", dragging.then_some("dragging"))}
                    ondrop={on_drop}
                    ondragover={on_drag_over}
                    ondragleave={on_drag_leave}
                >
                    <label id="paste-label" for="paste">
                        { "Paste INFO, CONFIG GET * output or a redis.conf — in any mix — or drop files here" }
                    </label>
                    <textarea
                        id="paste"
                        spellcheck="false"
                        autocomplete="off"
                        placeholder={"127.0.0.1:6379> INFO everything\n# Server\nredis_version:7.0.15\n..."}
                        value={(*paste).to_string()}
                        oninput={on_input}
                    />
                    <div class="input-actions">
                        <label class="button" for="file-picker">{ "Open files…" }</label>
                        <input id="file-picker" class="visually-hidden" type="file" multiple=true onchange={on_pick} />
                        <button type="button" onclick={clear} disabled={!has_input}>{ "Clear" }</button>
                        <span class="hint">{ "Capture with: redis-cli INFO everything; redis-cli CONFIG GET '*'" }</span>
                    </div>
                    if !files.is_empty() {
                        <ul class="files" aria-label="Files">
                            { for files.iter().map(|(name, text)| {
                                let remove = remove_file.clone();
                                let n = name.clone();
                                html! {
                                    <li key={name.clone()}>
                                        <span>{ format!("{name} ({})", human_bytes(text.len() as u64)) }</span>
                                        <button type="button" aria-label={format!("Remove {name}")} onclick={Callback::from(move |_| remove.emit(n.clone()))}>{ "×" }</button>
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                </div>
            </section>
            if has_input {
                <Results report={report.clone()} />
                <div class="export">
                    <button type="button" onclick={export_md}>{ "Export Markdown" }</button>
                    <button type="button" onclick={export_json}>{ "Export JSON" }</button>
                </div>
            } else {
                <section class="empty">
                    <h2>{ "What it checks" }</h2>
                    <p>{ "Memory limits and eviction, persistence, security and more: each finding quotes the lines it rests on, gives the redis.conf line and CONFIG SET to fix it, and links to the guide that explains why." }</p>
                    <p><a href="#/guide/rules/index.md">{ "See every rule" }</a></p>
                </section>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    report: Rc<Report>,
}

#[function_component(Results)]
fn results(props: &ResultsProps) -> Html {
    let r = &props.report;
    html! {
        <section class="results" aria-label="Review">
            <Summary report={r.clone()} />
            <details class="recognized" open={!r.diagnostics.is_empty()}>
                <summary>{ format!("Read: {}", recognized_line(r)) }</summary>
                <ul>
                    { for r.inputs.iter().flat_map(|i| i.blocks.iter().filter(|b| b.kind != "prompt").map(move |b| html! {
                        <li class={classes!("block", (b.kind == "unrecognized").then_some("bad"))}>
                            { format!("{} lines {}–{}: {}", i.source, b.first_line, b.last_line, b.description) }
                        </li>
                    })) }
                </ul>
                if !r.diagnostics.is_empty() {
                    <h3>{ "Input problems" }</h3>
                    <ul class="diagnostics">
                        { for r.diagnostics.iter().map(|d| html! {
                            <li class={format!("diag {}", serde_json::to_value(d.level).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())}>
                                <code>{ format!("{} line {}:{}", d.source, d.start.line, d.start.column) }</code>{ " " }{ &d.message }
                            </li>
                        }) }
                    </ul>
                }
            </details>
            { for [Severity::Critical, Severity::Warning, Severity::Info].into_iter().map(|s| {
                let group: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == s).collect();
                if group.is_empty() {
                    return html! {};
                }
                html! {
                    <section class={classes!("group", s.name())} aria-label={group_title(s)}>
                        <h2>{ format!("{} ({})", group_title(s), group.len()) }</h2>
                        { for group.into_iter().map(|f| html! { <FindingCard finding={f.clone()} /> }) }
                    </section>
                }
            }) }
            if r.findings.is_empty() {
                <p class="no-findings">{ "No findings for what was pasted." }</p>
            }
        </section>
    }
}

fn group_title(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::Warning => "Warnings",
        Severity::Info => "Suggestions",
    }
}

fn recognized_line(r: &Report) -> String {
    let parts: Vec<String> = r
        .inputs
        .iter()
        .flat_map(|i| i.blocks.iter())
        .filter(|b| matches!(b.kind, "info" | "config-get" | "redis-conf"))
        .map(|b| b.description.clone())
        .collect();
    if parts.is_empty() {
        "nothing recognized yet".to_string()
    } else {
        parts.join("; ")
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    report: Rc<Report>,
}

#[function_component(Summary)]
fn summary(props: &SummaryProps) -> Html {
    let r = &props.report;
    let s = &r.server;
    let c = r.summary;
    let version = s
        .version
        .map(|v| format!("Redis {v}"))
        .unwrap_or_else(|| "version unknown".to_string());
    html! {
        <div class="summary" role="status">
            <div class="counts">
                <span class="count critical">{ format!("{} critical", c.critical) }</span>
                <span class="count warning">{ format!("{} warning", c.warning) }</span>
                <span class="count info">{ format!("{} info", c.info) }</span>
            </div>
            <div class="facts">
                <span>{ version }</span>
                if let Some(role) = &s.role { <span>{ format!("role {role}") }</span> }
                if s.nodes > 1 { <span>{ format!("{} nodes", s.nodes) }</span> }
            </div>
            <MemoryBar used={s.used_memory} max={s.maxmemory} host={s.total_system_memory} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MemoryBarProps {
    used: Option<u64>,
    max: Option<u64>,
    host: Option<u64>,
}

/// Used memory against maxmemory against the host, as an SVG bar.
#[function_component(MemoryBar)]
fn memory_bar(p: &MemoryBarProps) -> Html {
    let Some(used) = p.used else { return html! {} };
    let max = p.max.filter(|&m| m > 0);
    let scale = [Some(used), max, p.host]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let w = |v: u64| format!("{:.1}", v as f64 / scale * 300.0);
    let mut label = format!("used {}", human_bytes(used));
    if let Some(m) = max {
        label.push_str(&format!(
            " of maxmemory {} ({:.0}%)",
            human_bytes(m),
            used as f64 / m as f64 * 100.0
        ));
    } else {
        label.push_str(", no maxmemory");
    }
    if let Some(h) = p.host {
        label.push_str(&format!("; host {}", human_bytes(h)));
    }
    html! {
        <figure class="memory">
            <svg width="300" height="18" viewBox="0 0 300 18" role="img" aria-label={label.clone()}>
                <rect class="host" x="0" y="0" width="300" height="18" />
                if let Some(m) = max { <rect class="max" x="0" y="0" width={w(m)} height="18" /> }
                <rect class="used" x="0" y="4" width={w(used)} height="10" />
            </svg>
            <figcaption>{ label }</figcaption>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct FindingProps {
    finding: Finding,
}

#[function_component(FindingCard)]
fn finding_card(p: &FindingProps) -> Html {
    let f = &p.finding;
    let copy = |text: String| Callback::from(move |_: MouseEvent| browser::copy(&text));
    let guide = format!("#/guide/{}", f.guide);
    html! {
        <article class={classes!("finding", f.severity.name())} aria-labelledby={format!("f-{}", f.id)}>
            <header>
                <span class={classes!("badge", f.severity.name())}>{ f.severity.name() }</span>
                <h3 id={format!("f-{}", f.id)}>{ &f.title }</h3>
                <code class="rule-id">{ f.id }</code>
                if let Some(node) = &f.node { <span class="node">{ node }</span> }
            </header>
            <p>{ &f.detail }</p>
            if !f.evidence.is_empty() {
                <div class="evidence">
                    <h4>{ "Evidence" }</h4>
                    <pre>{ for f.evidence.iter().map(|e| {
                        let at = match e.line { Some(l) => format!("{}:{l}", e.source), None => e.source.clone() };
                        html! { <><span class="at">{ format!("{at:>14} | ") }</span>{ e.text.replace('\n', " / ") }{ "\n" }</> }
                    }) }</pre>
                </div>
            }
            if let Some(fix) = &f.fix {
                <div class="fix">
                    <h4>{ "Fix" }</h4>
                    if !fix.conf.is_empty() {
                        <div class="snippet">
                            <span class="snippet-label">{ "redis.conf" }</span>
                            <pre>{ fix.conf.join("\n") }</pre>
                            <button type="button" onclick={copy(fix.conf.join("\n"))} aria-label="Copy the redis.conf lines">{ "Copy" }</button>
                        </div>
                    }
                    if !fix.config_set.is_empty() {
                        <div class="snippet">
                            <span class="snippet-label">{ "At run time" }</span>
                            <pre>{ fix.config_set.join("\n") }</pre>
                            <button type="button" onclick={copy(fix.config_set.join("\n"))} aria-label="Copy the CONFIG SET commands">{ "Copy" }</button>
                        </div>
                    }
                    if let Some(note) = &fix.note { <p class="note">{ note }</p> }
                </div>
            }
            <a class="guide-link" href={guide}>{ "Why, and what else to know →" }</a>
        </article>
    }
}
