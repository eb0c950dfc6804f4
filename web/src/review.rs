//! The review page: paste or drop INFO / CONFIG GET / redis.conf, see what
//! was recognized, the diagnostics, and the findings with their evidence,
//! fixes and guide links. Analysis runs as you type, debounced.

use crate::state::{Action, DraftsHandle, LARGE_PASTE};
use crate::{browser, worker};
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use redis_advisor_core::accept::{self, Acceptance};
use redis_advisor_core::report::{AcceptanceNotice, AcceptedFinding, Finding, Report, Severity};
use redis_advisor_core::units::human_bytes;
use redis_advisor_core::workload::{Deployment, Managed, QueueLibrary, Use, Workload};
use redis_advisor_core::{Input, render};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ClipboardEvent, DragEvent, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OpenSharedProps {
    /// The link's data, after `#/share/`.
    pub data: String,
}

/// The app's drafts; the app provides them (main.rs).
#[hook]
fn use_drafts() -> DraftsHandle {
    use_context::<DraftsHandle>().unwrap_or_else(|| {
        // The app always provides them: without, the page would have nothing to show.
        panic!("the review's drafts are provided by the app")
    })
}

/// A share link being opened. Its state becomes the drafts, then the address
/// shows the review without the data, so a reload does not restore it over
/// later edits. A link that cannot be opened says so and leaves the drafts alone.
#[function_component(OpenShared)]
pub fn open_shared(props: &OpenSharedProps) -> Html {
    let failed = use_state(|| false);
    let drafts = use_drafts();
    {
        let failed = failed.clone();
        use_effect_with(props.data.clone(), move |data| {
            let data = data.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::share::open(&data).await {
                    Some(state) => {
                        drafts.dispatch(Action::Open(state));
                        let _ = gloo::utils::window().location().replace("#/");
                    }
                    None => failed.set(true),
                }
            });
        });
    }
    if *failed {
        html! {
            <div class="share-failed" role="alert">
                <p>{ "This share link could not be opened: it is incomplete or damaged (a chat or mail program may have cut the long link), it unpacks to more than 64 MiB, or this browser cannot unpack it. Your own draft is unchanged." }</p>
                <p><a href="#/">{ "Go to the review" }</a></p>
            </div>
        }
    } else {
        html! { <p class="status" role="status">{ "Opening the shared link…" }</p> }
    }
}

const DEBOUNCE_MS: u32 = 200;
/// Inputs larger than this in all are analyzed after a status says so.
const LARGE_TOTAL: usize = 2 << 20;
/// Inputs this large in all are analyzed in the worker (about 10 ms of
/// analysis in the page below it).
const WORKER_MIN: usize = 256 << 10;

/// What is analyzed: the paste and any files dropped or picked.
#[derive(Clone, Debug, Default, PartialEq)]
struct Sources {
    paste: Rc<str>,
    files: Rc<Vec<(String, String)>>,
}

/// The inputs and the stated workload an analysis was for.
type Analyzed = (Sources, Option<Workload>);

fn analyze(sources: &Sources, workload: &Option<Workload>) -> Report {
    worker::run(&sources.inputs(), workload.clone())
}

impl Sources {
    fn total(&self) -> usize {
        self.paste.len() + self.files.iter().map(|(_, t)| t.len()).sum::<usize>()
    }

    /// The inputs by name: the paste (when there is one, or nothing else),
    /// then the files.
    fn parts(&self) -> Vec<(&str, &str)> {
        let mut parts = Vec::with_capacity(self.files.len() + 1);
        if !self.paste.trim().is_empty() || self.files.is_empty() {
            parts.push(("paste", &*self.paste));
        }
        parts.extend(self.files.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        parts
    }

    fn inputs(&self) -> Vec<Input> {
        self.parts()
            .into_iter()
            .map(|(name, text)| Input::new(name, text))
            .collect()
    }
}

#[function_component(ReviewPage)]
pub fn review_page() -> Html {
    // The inputs are the app's (they outlive this page); what was analyzed last,
    // the timers and the statuses are the page's.
    let drafts = use_drafts();
    let paste = drafts.paste.clone();
    let files = drafts.files.clone();
    let committed = use_state(|| Sources {
        paste: paste.clone(),
        files: files.clone(),
    });
    let timer = use_mut_ref(|| None::<Timeout>);
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let dragging = use_state(|| false);
    // Bytes being analyzed, while a large input waits for its analysis.
    let busy = use_state(|| None::<usize>);

    // Debounce: analyze once typing pauses.
    {
        let committed = committed.clone();
        let timer = timer.clone();
        let busy = busy.clone();
        use_effect_with((paste.clone(), files.clone()), move |(paste, files)| {
            let next = Sources {
                paste: paste.clone(),
                files: files.clone(),
            };
            let total = next.total();
            // (The app keeps the drafts: state.rs.)
            // A paste or a dropped file (a large change at once) is analyzed at
            // once; typing waits for a pause.
            let jump = paste.len().abs_diff(committed.paste.len()) > 200
                || files.len() != committed.files.len();
            let delay = if total > LARGE_TOTAL {
                // Let the status paint before the analysis holds the page.
                busy.set(Some(total));
                50
            } else if jump {
                0
            } else {
                DEBOUNCE_MS
            };
            // One render analyzes and drops the status: the page shows it until then.
            *timer.borrow_mut() = Some(Timeout::new(delay, move || {
                committed.set(next);
                busy.set(None);
            }));
        });
    }
    let stated = drafts.workload.clone();
    let share_link = use_state(|| None::<(Result<String, String>, Vec<String>)>);
    // Small inputs are analyzed in the render (quickest to the first findings);
    // large ones in the analysis worker, while the page stays responsive.
    let deps = ((*committed).clone(), stated.clone());
    let local = use_memo(deps.clone(), |(s, w)| {
        (s.total() < WORKER_MIN || !worker::ready()).then(|| Rc::new(analyze(s, w)))
    });
    let remote = use_state(|| None::<(Analyzed, Rc<Report>)>);
    {
        let remote = remote.clone();
        let in_worker = local.is_none();
        use_effect_with(deps.clone(), move |(s, w)| {
            if in_worker {
                let key = (s.clone(), w.clone());
                worker::analyze(
                    &s.parts(),
                    w.as_ref(),
                    Box::new(move |result| {
                        // The worker failed: the main thread does it (and a panic
                        // there shows the crash notice).
                        let report = result.unwrap_or_else(|_| analyze(&key.0, &key.1));
                        remote.set(Some((key, Rc::new(report))));
                    }),
                );
            }
        });
    }
    let empty = use_memo((), |_| Rc::new(analyze(&Sources::default(), &None)));
    // While the worker runs, the previous report stays and a status says so.
    let waiting = local.is_none() && remote.as_ref().is_none_or(|(k, _)| *k != deps);
    let report: Rc<Report> = match (&*local, &*remote) {
        (Some(r), _) | (None, Some((_, r))) => r.clone(),
        (None, None) => (*empty).clone(),
    };
    // The findings accepted with a reason are listed apart (core::accept).
    let report: Rc<Report> = {
        let accepted = drafts.accepted.clone();
        (*use_memo((report, accepted), |(report, accepted)| {
            if accepted.is_empty() {
                report.clone()
            } else {
                let today =
                    accept::Date::from_unix_days((js_sys::Date::now() / 86_400_000.0) as i64);
                Rc::new(accept::apply((**report).clone(), accepted, today))
            }
        }))
        .clone()
    };
    let on_accept = {
        let drafts = drafts.clone();
        Callback::from(move |a: Acceptance| drafts.dispatch(Action::Accept(a)))
    };
    let on_unaccept = {
        let drafts = drafts.clone();
        Callback::from(move |i: usize| drafts.dispatch(Action::Unaccept(i)))
    };
    let status = busy.or(waiting.then(|| committed.total()));
    let on_workload = {
        let drafts = drafts.clone();
        Callback::from(move |w: Option<Workload>| drafts.dispatch(Action::SetWorkload(w)))
    };
    let on_share = {
        let drafts = drafts.clone();
        let share_link = share_link.clone();
        Callback::from(move |_: MouseEvent| {
            let state = crate::share::Shared {
                paste: drafts.paste.to_string(),
                files: (*drafts.files).clone(),
                workload: drafts.workload.clone(),
                accepted: (*drafts.accepted).clone(),
            };
            let prepared = crate::share::prepare(&state);
            let location = gloo::utils::window().location();
            let base = format!(
                "{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default()
            );
            // The browser compresses asynchronously; the copy is started now,
            // inside the click, and fills in when the link is ready.
            let url = wasm_bindgen_futures::future_to_promise(async move {
                crate::share::fragment(&prepared.json)
                    .await
                    .map(|fragment| JsValue::from(format!("{base}{fragment}")))
                    .map_err(JsValue::from)
            });
            crate::share::copy_later(&url);
            let share_link = share_link.clone();
            let removed = prepared.removed;
            wasm_bindgen_futures::spawn_local(async move {
                let url = wasm_bindgen_futures::JsFuture::from(url)
                    .await
                    .map(|v| v.as_string().unwrap_or_default())
                    .map_err(|e| e.as_string().unwrap_or_default());
                share_link.set(Some((url, removed)));
            });
        })
    };

    let on_paste = {
        let drafts = drafts.clone();
        let busy = busy.clone();
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<ClipboardEvent>() else {
                return;
            };
            // Small pastes go into the box as usual; a large one is read into the
            // page a slice at a time (the status shows meanwhile), then kept.
            let Some(text) = browser::clipboard_text(e) else {
                return;
            };
            let units = text.length() as usize;
            if units > LARGE_PASTE {
                e.prevent_default();
                busy.set(Some(units));
                let drafts = drafts.clone();
                browser::read_in_slices(text, move |text| {
                    drafts.dispatch(Action::PasteLarge(text))
                });
            }
        })
    };
    let on_input = {
        let drafts = drafts.clone();
        Callback::from(move |e: InputEvent| {
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            let text = area.value();
            if text.len() > LARGE_PASTE {
                // Text that arrived another way (dropped, typed by a script)
                // becomes a file too, with whatever the box held before it.
                area.set_value("");
            }
            drafts.dispatch(Action::Type(text));
        })
    };
    let add_files = {
        let drafts = drafts.clone();
        let readers = readers.clone();
        Rc::new(move |list: web_sys::FileList| {
            for i in 0..list.length() {
                let Some(file) = list.get(i) else { continue };
                let file = gloo::file::File::from(file);
                let name = file.name();
                let drafts = drafts.clone();
                let reader = gloo::file::callbacks::read_as_bytes(&file, move |result| {
                    let text = match result {
                        Ok(bytes) => Input::from_bytes(name.clone(), &bytes).text,
                        Err(e) => format!("(could not read {name}: {e})"),
                    };
                    drafts.dispatch(Action::AddFile { name, text });
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
        let drafts = drafts.clone();
        Callback::from(move |name: String| drafts.dispatch(Action::RemoveFile(name)))
    };
    let clear = {
        let drafts = drafts.clone();
        Callback::from(move |_: MouseEvent| drafts.dispatch(Action::Clear))
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
                        value={paste.to_string()}
                        oninput={on_input}
                        onpaste={on_paste}
                    />
                    if let Some(bytes) = status {
                        <p class="progress" role="status">
                            <span class="spinner" aria-hidden="true"></span>
                            { format!("Analyzing {}…", human_bytes(bytes as u64)) }
                        </p>
                    }
                    <div class="input-actions">
                        <label class="button" for="file-picker">{ "Open files…" }</label>
                        <input id="file-picker" class="visually-hidden" type="file" multiple=true onchange={on_pick} />
                        <button type="button" onclick={clear} disabled={!has_input}>{ "Clear" }</button>
                        <span class="hint">{ "Capture with: redis-cli INFO everything; redis-cli CONFIG GET '*' — " }<a href="guides/what-to-paste.html">{ "what to paste, for each place Redis runs" }</a></span>
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
                <WorkloadPanel report={report.clone()} stated={stated.clone()} on_change={on_workload} />
                <Results report={report.clone()} acceptances={drafts.accepted.clone()} {on_accept} {on_unaccept} />
                <div class="export">
                    <button type="button" onclick={export_md}>{ "Export Markdown" }</button>
                    <button type="button" onclick={export_json}>{ "Export JSON" }</button>
                    <button type="button" onclick={on_share}>{ "Copy share link" }</button>
                </div>
                if let Some((url, removed)) = &*share_link {
                    <div class="share" role="status">
                        {
                            match url {
                                Ok(url) => html! { <>
                                    <label for="share-url">{ "Share link (copied; the data travels in the part after #, which browsers never send to a server)" }</label>
                                    <input id="share-url" readonly=true value={url.clone()} />
                                </> },
                                Err(why) => html! { <p>{ why }</p> },
                            }
                        }
                        if removed.is_empty() {
                            <p>{ "No secrets were found to redact." }</p>
                        } else {
                            <p>{ "Redacted before sharing: " }{ removed.join("; ") }</p>
                        }
                    </div>
                }
            } else {
                <section class="empty">
                    <h2>{ "What it checks" }</h2>
                    <p>{ "Memory limits and eviction, persistence, security and more: each finding quotes the lines it rests on, gives the redis.conf line and CONFIG SET to fix it, and links to the guide that explains why." }</p>
                    <p><a href="guides/rules/index.html">{ "See every rule" }</a></p>
                </section>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    report: Rc<Report>,
    /// The drafts' acceptances, to find the one an accepted finding or a notice comes from.
    acceptances: Rc<Vec<Acceptance>>,
    on_accept: Callback<Acceptance>,
    /// Forgets the acceptance at this position of `acceptances`.
    on_unaccept: Callback<usize>,
}

#[function_component(Results)]
fn results(props: &ResultsProps) -> Html {
    let r = &props.report;
    let forget = |i: Option<usize>| {
        let on_unaccept = props.on_unaccept.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = i {
                on_unaccept.emit(i)
            }
        })
    };
    let of_finding = |a: &AcceptedFinding| {
        props.acceptances.iter().position(|x| {
            x.rule_id() == Some(a.finding.id)
                && x.node == a.finding.node
                && x.fingerprint.as_ref().is_none_or(|fp| *fp == a.fingerprint)
        })
    };
    let of_notice = |n: &AcceptanceNotice| {
        props
            .acceptances
            .iter()
            .position(|x| x.rule.trim() == n.rule && x.node == n.node)
    };
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
                            <li class={format!("diag {}", d.level.name())}>
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
                        { for group.into_iter().map(|f| html! { <FindingCard finding={f.clone()} on_accept={props.on_accept.clone()} /> }) }
                    </section>
                }
            }) }
            if r.findings.is_empty() {
                <p class="no-findings">{ "No findings for what was pasted." }</p>
            }
            if !r.acceptance_notices.is_empty() {
                <section class="acceptance-notices" aria-label="Acceptances to review">
                    <h2>{ format!("Acceptances to review ({})", r.acceptance_notices.len()) }</h2>
                    <ul>
                        { for r.acceptance_notices.iter().map(|n| html! {
                            <li class={classes!("notice", n.kind.name())}>
                                { inline_code(&n.message) }{ " " }
                                <button type="button" onclick={forget(of_notice(n))}>{ "Forget this acceptance" }</button>
                            </li>
                        }) }
                    </ul>
                </section>
            }
            if !r.accepted.is_empty() {
                <section class="accepted" aria-label="Accepted">
                    <h2>{ format!("Accepted ({})", r.accepted.len()) }</h2>
                    <ul>
                        { for r.accepted.iter().map(|a| html! {
                            <li class="accepted-finding">
                                <span class={classes!("badge", a.finding.severity.name())}>{ a.finding.severity.name() }</span>{ " " }
                                <strong>{ &a.finding.title }</strong>{ " " }
                                <code class="rule-id">{ a.finding.id.as_str() }</code>
                                if let Some(node) = &a.finding.node { { " " }<span class="node">{ node }</span> }
                                <p class="reason">{ "Accepted: " }{ &a.reason }</p>
                                <button type="button" onclick={forget(of_finding(a))}>{ "Stop accepting" }</button>
                            </li>
                        }) }
                    </ul>
                </section>
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
                if !r.accepted.is_empty() {
                    <span class="count accepted">{ format!("{} accepted", r.accepted.len()) }</span>
                }
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

/// Text with `code` spans, as rules write them; everything stays text, never HTML.
fn inline_code(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part }</code> }
            } else {
                html! { { part } }
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct FindingProps {
    finding: Finding,
    on_accept: Callback<Acceptance>,
}

#[function_component(FindingCard)]
fn finding_card(p: &FindingProps) -> Html {
    let f = &p.finding;
    let reason = use_state(String::new);
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                reason.set(input.value());
            }
        })
    };
    // Accepted for this rule, on this node, while the evidence stays as it is.
    let on_submit = {
        let reason = reason.clone();
        let finding = f.clone();
        let on_accept = p.on_accept.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let why = reason.trim();
            if !why.is_empty() {
                on_accept.emit(Acceptance {
                    rule: finding.id.as_str().to_string(),
                    node: finding.node.clone(),
                    fingerprint: Some(accept::fingerprint(&finding)),
                    reason: why.to_string(),
                    ..Acceptance::default()
                });
            }
        })
    };
    let reason_id = format!(
        "accept-{}-{}",
        f.id,
        f.node.as_deref().unwrap_or("").replace(' ', "-")
    );
    let copy = |text: String| Callback::from(move |_: MouseEvent| browser::copy(&text));
    let guide = crate::guide_href(f.guide);
    html! {
        <article class={classes!("finding", f.severity.name())} aria-labelledby={format!("f-{}", f.id)}>
            <header>
                <span class={classes!("badge", f.severity.name())}>{ f.severity.name() }</span>
                <h3 id={format!("f-{}", f.id)}>{ &f.title }</h3>
                <code class="rule-id">{ f.id.as_str() }</code>
                if let Some(node) = &f.node { <span class="node">{ node }</span> }
            </header>
            <p>{ inline_code(&f.detail) }</p>
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
                    if let Some(note) = &fix.note { <p class="note">{ inline_code(note) }</p> }
                </div>
            }
            <a class="guide-link" href={guide}>{ "Why, and what else to know →" }</a>
            <details class="accept">
                <summary>{ "Accept with a reason" }</summary>
                <form onsubmit={on_submit}>
                    <label for={reason_id.clone()}>{ "Why this finding is known and accepted (it comes back when the evidence changes)" }</label>
                    <input id={reason_id} type="text" value={(*reason).clone()} oninput={on_reason} placeholder="e.g. lab server, behind the lab firewall" />
                    <button type="submit" disabled={reason.trim().is_empty()}>{ "Accept" }</button>
                </form>
            </details>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct WorkloadProps {
    report: Rc<Report>,
    stated: Option<Workload>,
    on_change: Callback<Option<Workload>>,
}

/// The uses a person can tick, with their labels.
const CHOICES: &[(&str, &str)] = &[
    ("queue", "Job queue"),
    ("cache", "Cache"),
    ("sessions", "Sessions that must survive"),
    (
        "disposable-sessions",
        "Sessions (losing one only logs a user out)",
    ),
    ("locks", "Distributed locks"),
    ("rate-limiting", "Rate limiting"),
    ("pubsub", "Pub/sub"),
    ("streams", "Streams"),
    ("primary-data", "Primary data"),
];

fn choice_of(u: Use) -> &'static str {
    match u {
        Use::Queue { .. } => "queue",
        Use::Cache => "cache",
        Use::Sessions { loss_ok: false } => "sessions",
        Use::Sessions { loss_ok: true } => "disposable-sessions",
        Use::Locks => "locks",
        Use::RateLimiting => "rate-limiting",
        Use::PubSub => "pubsub",
        Use::Streams => "streams",
        Use::PrimaryData => "primary-data",
    }
}

fn choice_to_use(choice: &str, library: QueueLibrary) -> Option<Use> {
    Some(match choice {
        "queue" => Use::Queue { library },
        "cache" => Use::Cache,
        "sessions" => Use::Sessions { loss_ok: false },
        "disposable-sessions" => Use::Sessions { loss_ok: true },
        "locks" => Use::Locks,
        "rate-limiting" => Use::RateLimiting,
        "pubsub" => Use::PubSub,
        "streams" => Use::Streams,
        "primary-data" => Use::PrimaryData,
        _ => return None,
    })
}

const LIBRARIES: &[(QueueLibrary, &str)] = &[
    (QueueLibrary::Bullmq, "BullMQ"),
    (QueueLibrary::Bull, "Bull"),
    (QueueLibrary::Sidekiq, "Sidekiq"),
    (QueueLibrary::Celery, "Celery"),
    (QueueLibrary::Rq, "RQ"),
    (QueueLibrary::Other, "other"),
];

const MANAGED: &[(Option<Managed>, &str)] = &[
    (None, "none (self-hosted)"),
    (Some(Managed::Elasticache), "Amazon ElastiCache"),
    (Some(Managed::AzureCache), "Azure Cache for Redis"),
    (Some(Managed::Memorystore), "Google Memorystore"),
    (Some(Managed::Upstash), "Upstash"),
    (Some(Managed::RedisCloud), "Redis Cloud"),
];

/// What the advisor assumed the instance is for, with the evidence, and the
/// controls to correct it (which re-runs the rules).
#[function_component(WorkloadPanel)]
fn workload_panel(p: &WorkloadProps) -> Html {
    let w = &p.report.workload;
    // The current selection: the stated workload, or what was inferred.
    let current: Workload = p.stated.clone().unwrap_or_else(|| Workload {
        uses: w
            .uses
            .iter()
            .filter(|u| u.confidence >= redis_advisor_core::workload::Confidence::Medium)
            .map(|u| u.use_)
            .collect(),
        managed: w.managed,
        ..Workload::default()
    });
    let library = current
        .uses
        .iter()
        .find_map(|u| match u {
            Use::Queue { library } => Some(*library),
            _ => None,
        })
        .unwrap_or(QueueLibrary::Bullmq);
    let toggle = |choice: &'static str| {
        let on_change = p.on_change.clone();
        let current = current.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = current.clone();
            next.uses.retain(|u| choice_of(*u) != choice);
            if checked && let Some(u) = choice_to_use(choice, library) {
                next.uses.push(u);
            }
            on_change.emit(Some(next));
        })
    };
    let on_library = {
        let on_change = p.on_change.clone();
        let current = current.clone();
        Callback::from(move |e: Event| {
            let i = selected_index(&e);
            let lib = LIBRARIES.get(i).map_or(QueueLibrary::Other, |l| l.0);
            let mut next = current.clone();
            for u in &mut next.uses {
                if let Use::Queue { library } = u {
                    *library = lib;
                }
            }
            if !next.uses.iter().any(|u| matches!(u, Use::Queue { .. })) {
                next.uses.push(Use::Queue { library: lib });
            }
            on_change.emit(Some(next));
        })
    };
    let on_managed = {
        let on_change = p.on_change.clone();
        let current = current.clone();
        Callback::from(move |e: Event| {
            let i = selected_index(&e);
            let mut next = current.clone();
            next.managed = MANAGED.get(i).and_then(|m| m.0);
            on_change.emit(Some(next));
        })
    };
    let on_docker = {
        let on_change = p.on_change.clone();
        let current = current.clone();
        Callback::from(move |e: Event| {
            let mut next = current.clone();
            next.deployment = e
                .target_unchecked_into::<HtmlInputElement>()
                .checked()
                .then_some(Deployment::Docker);
            on_change.emit(Some(next));
        })
    };
    let reset = {
        let on_change = p.on_change.clone();
        Callback::from(move |_: MouseEvent| on_change.emit(None))
    };
    let summary = render::workload_line(&p.report);
    html! {
        <section class="workload" aria-labelledby="workload-title">
            <h2 id="workload-title">{ "What this instance is for" }</h2>
            <p class="workload-summary">{ summary }</p>
            if !w.stated && w.uses.iter().any(|u| !u.evidence.is_empty()) {
                <details>
                    <summary>{ "Lines the inference read" }</summary>
                    <pre>{ for w.uses.iter().flat_map(|u| u.evidence.iter()).map(|e| html! {
                        <>{ format!("{}:{} | {}\n", e.source, e.line.unwrap_or(0), e.text) }</>
                    }) }</pre>
                </details>
            }
            <fieldset>
                <legend>{ "Correct it: the rules re-run as you change it" }</legend>
                <div class="choices">
                    { for CHOICES.iter().map(|(choice, label)| {
                        let id = format!("use-{choice}");
                        let checked = current.uses.iter().any(|u| choice_of(*u) == *choice);
                        html! {
                            <label for={id.clone()} class="choice">
                                <input id={id} type="checkbox" checked={checked} onchange={toggle(choice)} />
                                { *label }
                            </label>
                        }
                    }) }
                </div>
                <div class="selects">
                    <label for="queue-library">{ "Queue library " }
                        <select id="queue-library" onchange={on_library}>
                            { for LIBRARIES.iter().enumerate().map(|(i, (lib, name))| html! {
                                <option value={i.to_string()} selected={*lib == library}>{ *name }</option>
                            }) }
                        </select>
                    </label>
                    <label for="managed">{ "Managed service " }
                        <select id="managed" onchange={on_managed}>
                            { for MANAGED.iter().enumerate().map(|(i, (m, name))| html! {
                                <option value={i.to_string()} selected={*m == current.managed}>{ *name }</option>
                            }) }
                        </select>
                    </label>
                    <label for="docker" class="choice">
                        <input id="docker" type="checkbox" checked={current.deployment == Some(Deployment::Docker)} onchange={on_docker} />
                        { "Runs the official Docker image" }
                    </label>
                    if p.stated.is_some() {
                        <button type="button" onclick={reset}>{ "Use what INFO suggests" }</button>
                    }
                </div>
            </fieldset>
        </section>
    }
}

/// The option index a `<select>` whose option values are indices reports.
fn selected_index(e: &Event) -> usize {
    e.target_unchecked_into::<HtmlInputElement>()
        .value()
        .parse()
        .unwrap_or(0)
}
