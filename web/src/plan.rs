//! The Plan page: describe a workload (or start from a preset), see the memory
//! it needs per component and the recommended configuration.

use crate::browser;
use redis_advisor_core::estimate::Estimate;
use redis_advisor_core::plan::{Component, Loss, Plan, Retention, ValueSpec};
use redis_advisor_core::recommend::{InstanceConfig, recommend};
use redis_advisor_core::units::{capitalize, human_bytes, parse_memory};
use redis_advisor_core::workload::Deployment;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub use redis_advisor_core::presets::presets;

fn describe(c: &Component) -> String {
    match c {
        Component::Cache(k) => format!("Cache: {}", k.label()),
        Component::Sessions(k) => format!("Sessions: {}", k.label()),
        Component::Data(k) => format!("Data: {}", k.label()),
        Component::Locks { count, .. } => format!("Locks: {count}"),
        Component::RateLimiters { keys, .. } => format!("Rate limiters: {keys}"),
        Component::Queue(q) => format!(
            "{} queue: {}",
            q.library.name(),
            q.name.clone().unwrap_or_default()
        ),
        Component::Stream { name, .. } => format!("Stream: {name}"),
        Component::PubSub { subscribers, .. } => format!("Pub/sub: {subscribers} subscribers"),
    }
}

/// The editable numbers of a component: (label, hint, value, setter).
type Field = (
    &'static str,
    &'static str,
    String,
    fn(&mut Component, &str) -> bool,
);

fn fields(c: &Component) -> Vec<Field> {
    fn num(s: &str) -> Option<u64> {
        parse_memory(s).ok()
    }
    match c {
        Component::Cache(k) | Component::Sessions(k) | Component::Data(k) => vec![
            (
                "Keys",
                "how many keys at the busiest time",
                k.count.to_string(),
                |c, s| match (c, num(s)) {
                    (
                        Component::Cache(k) | Component::Sessions(k) | Component::Data(k),
                        Some(n),
                    ) => {
                        k.count = n;
                        true
                    }
                    _ => false,
                },
            ),
            (
                "Value size",
                "bytes per value (e.g. 1kb)",
                match &k.value {
                    ValueSpec::Json { size } | ValueSpec::String { size, .. } => size.to_string(),
                    _ => String::new(),
                },
                |c, s| match (c, num(s)) {
                    (
                        Component::Cache(k) | Component::Sessions(k) | Component::Data(k),
                        Some(n),
                    ) => {
                        k.value = ValueSpec::Json { size: n };
                        true
                    }
                    _ => false,
                },
            ),
            (
                "TTL (s)",
                "0 for none",
                k.ttl_seconds.unwrap_or(0).to_string(),
                |c, s| match (c, s.trim().parse::<u64>().ok()) {
                    (
                        Component::Cache(k) | Component::Sessions(k) | Component::Data(k),
                        Some(n),
                    ) => {
                        k.ttl_seconds = (n > 0).then_some(n);
                        true
                    }
                    _ => false,
                },
            ),
        ],
        Component::Queue(q) => vec![
            (
                "Jobs per minute",
                "at the busiest hour",
                q.jobs_per_minute.to_string(),
                |c, s| match (c, redis_advisor_core::units::parse_float(s.trim())) {
                    (Component::Queue(q), Some(n)) if n >= 0.0 => {
                        q.jobs_per_minute = n;
                        true
                    }
                    _ => false,
                },
            ),
            (
                "Payload",
                "bytes of job data (e.g. 2kb)",
                q.payload.to_string(),
                |c, s| match (c, num(s)) {
                    (Component::Queue(q), Some(n)) => {
                        q.payload = n;
                        true
                    }
                    _ => false,
                },
            ),
            (
                "Keep completed",
                "jobs kept after success (removeOnComplete count; 0 = forever)",
                match q.completed {
                    Retention::Count { count } => count.to_string(),
                    _ => "0".to_string(),
                },
                |c, s| match (c, s.trim().parse::<u64>().ok()) {
                    (Component::Queue(q), Some(n)) => {
                        q.completed = if n == 0 {
                            Retention::Forever
                        } else {
                            Retention::Count { count: n }
                        };
                        true
                    }
                    _ => false,
                },
            ),
            (
                "Backlog",
                "jobs waiting when workers are down",
                q.backlog.to_string(),
                |c, s| match (c, s.trim().parse::<u64>().ok()) {
                    (Component::Queue(q), Some(n)) => {
                        q.backlog = n;
                        true
                    }
                    _ => false,
                },
            ),
        ],
        Component::Locks { count, .. } => {
            vec![("Locks", "held at once", count.to_string(), |c, s| {
                match (c, s.trim().parse::<u64>().ok()) {
                    (Component::Locks { count, .. }, Some(n)) => {
                        *count = n;
                        true
                    }
                    _ => false,
                }
            })]
        }
        Component::PubSub { subscribers, .. } => vec![(
            "Subscribers",
            "connections listening",
            subscribers.to_string(),
            |c, s| match (c, s.trim().parse::<u64>().ok()) {
                (Component::PubSub { subscribers, .. }, Some(n)) => {
                    *subscribers = n;
                    true
                }
                _ => false,
            },
        )],
        _ => Vec::new(),
    }
}

/// An edit of the plan from a form field's text; false when the text is not valid.
type PlanEdit = dyn Fn(&mut Plan, &str) -> bool;

#[function_component(PlanPage)]
pub fn plan_page() -> Html {
    let plan = use_state(|| {
        presets()
            .into_iter()
            .next()
            .map(|p| p.1)
            .unwrap_or_default()
    });
    let tab = use_state(|| 0usize);
    let instances: Rc<Vec<InstanceConfig>> =
        (*use_memo((*plan).clone(), |p| Rc::new(recommend(p)))).clone();
    // Numbers past what one Redis holds: estimated at the limit, and said so.
    let past_limits = (*plan).clone().limit();
    let set_plan = |f: Rc<PlanEdit>| {
        let plan = plan.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = (*plan).clone();
            if f(&mut next, &v) {
                plan.set(next);
            }
        })
    };
    let on_memory = set_plan(Rc::new(|p, v| match parse_memory(v) {
        Ok(n) => {
            p.memory = (n > 0).then_some(n);
            true
        }
        Err(_) => false,
    }));
    let on_loss = set_plan(Rc::new(|p, v| {
        p.loss = match v {
            "none" => Loss::None,
            "minutes" => Loss::Minutes,
            "all" => Loss::All,
            _ => Loss::Second,
        };
        true
    }));
    let on_replicas = set_plan(Rc::new(|p, v| {
        v.trim().parse().map(|n| p.replicas = n).is_ok()
    }));
    let on_docker = {
        let plan = plan.clone();
        Callback::from(move |e: Event| {
            let mut next = (*plan).clone();
            next.deployment = e
                .target_unchecked_into::<HtmlInputElement>()
                .checked()
                .then_some(Deployment::Docker);
            plan.set(next);
        })
    };
    let loss = match plan.loss {
        Loss::None => "none",
        Loss::Second => "second",
        Loss::Minutes => "minutes",
        Loss::All => "all",
    };
    html! {
        <div class="plan">
            <section aria-labelledby="plan-title">
                <h1 id="plan-title">{ "Plan an instance" }</h1>
                <p>{ "Describe what it will hold; the estimate and the configuration follow. Start from a preset:" }</p>
                <div class="presets" role="group" aria-label="Presets">
                    { for presets().into_iter().map(|(name, p)| {
                        let plan = plan.clone();
                        html! { <button type="button" onclick={Callback::from(move |_| plan.set(p.clone()))}>{ name }</button> }
                    }) }
                </div>
                <div class="plan-form">
                    <label for="memory">{ "Host or container memory" }
                        <input id="memory" value={plan.memory.map(human_conf).unwrap_or_default()} onchange={on_memory} />
                        <span class="hint">{ "e.g. 4gb: what the machine or the container limit gives Redis" }</span>
                    </label>
                    <label for="loss">{ "Acceptable loss on a crash" }
                        <select id="loss" onchange={on_loss}>
                            { for [("none", "nothing (fsync every write)"), ("second", "about a second (AOF)"), ("minutes", "minutes (snapshots)"), ("all", "everything: it is a cache")].into_iter().map(|(v, l)| html! {
                                <option value={v} selected={v == loss}>{ l }</option>
                            }) }
                        </select>
                    </label>
                    <label for="replicas">{ "Replicas" }
                        <input id="replicas" type="number" min="0" value={plan.replicas.to_string()} onchange={on_replicas} />
                    </label>
                    <label for="docker-plan" class="choice">
                        <input id="docker-plan" type="checkbox" checked={plan.deployment == Some(Deployment::Docker)} onchange={on_docker} />
                        { "Official Docker image" }
                    </label>
                </div>
                <h2>{ "What it holds" }</h2>
                if !past_limits.is_empty() {
                    <p class="plan-limits" role="status">
                        { format!("Estimated at Redis's limits: {}.", past_limits.join("; ")) }
                    </p>
                }
                { for plan.components.iter().enumerate().map(|(i, c)| {
                    let remove = {
                        let plan = plan.clone();
                        Callback::from(move |_| {
                            let mut next = (*plan).clone();
                            next.components.remove(i);
                            plan.set(next);
                        })
                    };
                    html! {
                        <fieldset class="component" key={i}>
                            <legend>{ describe(c) }</legend>
                            { for fields(c).into_iter().enumerate().map(|(j, (label, hint, value, setter))| {
                                let plan = plan.clone();
                                let id = format!("c{i}-{j}");
                                let onchange = Callback::from(move |e: Event| {
                                    let v = e.target_unchecked_into::<HtmlInputElement>().value();
                                    let mut next = (*plan).clone();
                                    if let Some(c) = next.components.get_mut(i) && setter(c, &v) {
                                        plan.set(next);
                                    }
                                });
                                html! {
                                    <label for={id.clone()}>{ label }
                                        <input id={id} value={value} onchange={onchange} />
                                        <span class="hint">{ hint }</span>
                                    </label>
                                }
                            }) }
                            <button type="button" onclick={remove} aria-label={format!("Remove {}", describe(c))}>{ "Remove" }</button>
                        </fieldset>
                    }
                }) }
            </section>
            <section class="plan-output" aria-label="Estimate and configuration">
                if instances.len() > 1 {
                    <p class="split-note">{ "This workload mixes data that must be kept with a cache: run two instances, each configured for its data. " }<a href="#/guide/eviction.md#one-instance-for-cache-and-queue">{ "Why" }</a></p>
                }
                { for instances.iter().enumerate().map(|(n, inst)| html! {
                    <InstanceView instance={inst.clone()} tab={*tab} on_tab={ let tab = tab.clone(); Callback::from(move |t| tab.set(t)) } index={n} />
                }) }
            </section>
        </div>
    }
}

fn human_conf(n: u64) -> String {
    redis_advisor_core::units::conf_bytes(n)
}

#[derive(Properties, PartialEq)]
struct InstanceProps {
    instance: InstanceConfig,
    tab: usize,
    on_tab: Callback<usize>,
    index: usize,
}

#[function_component(InstanceView)]
fn instance_view(p: &InstanceProps) -> Html {
    let e = &p.instance.estimate;
    let texts = [
        p.instance.redis_conf(),
        p.instance.config_set(),
        p.instance.command_line(),
    ];
    let names = ["redis.conf", "CONFIG SET", "docker / compose"];
    let current = texts.get(p.tab).cloned().unwrap_or_default();
    let copy = {
        let t = current.clone();
        Callback::from(move |_: MouseEvent| browser::copy(&t))
    };
    html! {
        <article class="instance">
            <h2>{ capitalize(&p.instance.role) }</h2>
            <Chart estimate={e.clone()} />
            <p class="totals">
                { format!("Memory when loaded: {} (up to {}). ", human_bytes(e.used_memory), human_bytes(e.used_memory_high)) }
                <strong>{ format!("maxmemory {}", human_bytes(e.maxmemory)) }</strong>
                { format!("; host or container: {} ({}).", human_bytes(e.host_memory), e.host_detail) }
                if let Some(a) = e.available {
                    if a < e.host_memory {
                        <span class="does-not-fit">{ format!(" Does not fit in the {} given.", human_bytes(a)) }</span>
                    } else {
                        { format!(" Fits in the {} given.", human_bytes(a)) }
                    }
                }
            </p>
            <div class="tabs" role="tablist" aria-label={format!("Configuration of the {}", p.instance.role)}>
                { for names.iter().enumerate().map(|(i, name)| {
                    let on_tab = p.on_tab.clone();
                    html! {
                        <button type="button" role="tab" aria-selected={(i == p.tab).to_string()} id={format!("tab-{}-{i}", p.index)} onclick={Callback::from(move |_| on_tab.emit(i))}>{ *name }</button>
                    }
                }) }
            </div>
            <div class="snippet" role="tabpanel" aria-labelledby={format!("tab-{}-{}", p.index, p.tab)}>
                <pre>{ current }</pre>
                <button type="button" onclick={copy} aria-label="Copy the configuration">{ "Copy" }</button>
            </div>
            <ul class="reasons">
                { for p.instance.settings.iter().map(|s| html! {
                    <li><code>{ format!("{} {}", s.name, if s.value.is_empty() { "\"\"".to_string() } else { s.value.clone() }) }</code>{ " — " }{ &s.why }{ " " }<a href={format!("#/guide/{}", s.guide)}>{ "guide" }</a></li>
                }) }
            </ul>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct ChartProps {
    estimate: Estimate,
}

/// The breakdown per component as an SVG bar chart with the numbers beside it.
#[function_component(Chart)]
fn chart(p: &ChartProps) -> Html {
    let lines: Vec<_> = p.estimate.lines.iter().filter(|l| l.bytes > 0).collect();
    let max = lines.iter().map(|l| l.high).max().unwrap_or(1).max(1) as f64;
    let row = 22;
    let height = (lines.len() * row).max(row);
    html! {
        <figure class="chart">
            <svg width="100%" height={format!("{height}")} viewBox={format!("0 0 600 {height}")} role="img" aria-label="Memory per component">
                { for lines.iter().enumerate().map(|(i, l)| {
                    let y = i * row;
                    let w = l.bytes as f64 / max * 300.0;
                    let wh = l.high as f64 / max * 300.0;
                    html! {
                        <g>
                            <text class="label" x="0" y={(y + 15).to_string()}>{ shorten(&l.name) }</text>
                            <rect class="range" x="250" y={(y + 4).to_string()} width={format!("{wh:.1}")} height="14" />
                            <rect class="bar" x="250" y={(y + 4).to_string()} width={format!("{w:.1}")} height="14" />
                        </g>
                    }
                }) }
            </svg>
            <figcaption>
                <table>
                    <thead><tr><th scope="col">{ "component" }</th><th scope="col">{ "estimate" }</th><th scope="col">{ "range" }</th><th scope="col">{ "how" }</th></tr></thead>
                    <tbody>
                        { for lines.iter().map(|l| html! {
                            <tr><td>{ &l.name }</td><td>{ human_bytes(l.bytes) }</td><td>{ format!("{} – {}", human_bytes(l.low), human_bytes(l.high)) }</td><td>{ &l.detail }</td></tr>
                        }) }
                    </tbody>
                </table>
            </figcaption>
        </figure>
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 32 {
        format!("{}…", s.chars().take(31).collect::<String>())
    } else {
        s.to_string()
    }
}
