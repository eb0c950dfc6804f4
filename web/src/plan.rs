//! The Plan page: describe a workload (or start from a preset), see the memory
//! it needs per component and the recommended configuration.

use crate::browser;
use redis_advisor_core::estimate::Estimate;
use redis_advisor_core::plan::{Component, Loss, Plan, Retention, ValueSpec};
use redis_advisor_core::recommend::{InstanceConfig, recommend};
use redis_advisor_core::units::{capitalize, human_bytes, parse_memory};
use redis_advisor_core::workload::Deployment;
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub use redis_advisor_core::presets::presets;

/// The plan being edited, as plain Rust (a reducer, tested on the host). The
/// app owns it (a context), so it survives a visit to the review and back.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanDraft {
    pub plan: Plan,
    /// One stable key per component, in order: the form's list keys, and the
    /// names of its fields (`c{key}-{n}`), so an edit never lands on the
    /// component that moved into a removed one's place.
    pub keys: Vec<u64>,
    next_key: u64,
    /// Fields whose text could not be read, by field id, with the text as
    /// typed: the form shows it marked, and the plan keeps the last valid value.
    pub invalid: BTreeMap<String, String>,
}

impl Default for PlanDraft {
    fn default() -> Self {
        let first = presets()
            .into_iter()
            .next()
            .map(|p| p.1)
            .unwrap_or_default();
        PlanDraft::new(first, 0)
    }
}

impl PlanDraft {
    fn new(plan: Plan, first_key: u64) -> PlanDraft {
        let n = plan.components.len() as u64;
        PlanDraft {
            plan,
            keys: (first_key..first_key + n).collect(),
            next_key: first_key + n,
            invalid: BTreeMap::new(),
        }
    }
}

#[derive(Debug)]
pub enum PlanAction {
    /// A preset replaces the plan.
    Preset(Plan),
    /// A field's text: `memory`, `loss`, `replicas`, or `c{key}-{n}`, the
    /// n-th number of the component with that key.
    Edit {
        field: String,
        text: String,
    },
    Docker(bool),
    /// Removes the component with this key.
    Remove(u64),
}

/// Applies a field's text to the plan; false when the text is not valid.
fn apply(d: &mut PlanDraft, field: &str, text: &str) -> bool {
    match field {
        "memory" if text.trim().is_empty() => {
            d.plan.memory = None;
            true
        }
        "memory" => match parse_memory(text) {
            Ok(n) => {
                d.plan.memory = (n > 0).then_some(n);
                true
            }
            Err(_) => false,
        },
        "loss" => {
            d.plan.loss = match text {
                "none" => Loss::None,
                "minutes" => Loss::Minutes,
                "all" => Loss::All,
                _ => Loss::Second,
            };
            true
        }
        "replicas" => text.trim().parse().map(|n| d.plan.replicas = n).is_ok(),
        _ => {
            let parsed = field
                .strip_prefix('c')
                .and_then(|rest| rest.split_once('-'))
                .and_then(|(k, n)| Some((k.parse::<u64>().ok()?, n.parse::<usize>().ok()?)));
            let Some((key, n)) = parsed else { return false };
            let Some(i) = d.keys.iter().position(|k| *k == key) else {
                return false;
            };
            let Some(c) = d.plan.components.get_mut(i) else {
                return false;
            };
            match fields(c).get(n) {
                Some(field) => (field.3)(c, text),
                None => false,
            }
        }
    }
}

pub fn reduce_plan(d: &PlanDraft, action: PlanAction) -> PlanDraft {
    let mut next = d.clone();
    match action {
        PlanAction::Preset(plan) => next = PlanDraft::new(plan, d.next_key),
        PlanAction::Edit { field, text } => {
            if apply(&mut next, &field, &text) {
                next.invalid.remove(&field);
            } else {
                next.invalid.insert(field, text);
            }
        }
        PlanAction::Docker(on) => next.plan.deployment = on.then_some(Deployment::Docker),
        PlanAction::Remove(key) => {
            if let Some(i) = next.keys.iter().position(|k| *k == key) {
                next.keys.remove(i);
                next.plan.components.remove(i);
                let prefix = format!("c{key}-");
                next.invalid.retain(|f, _| !f.starts_with(&prefix));
            }
        }
    }
    next
}

impl Reducible for PlanDraft {
    type Action = PlanAction;
    fn reduce(self: Rc<Self>, action: PlanAction) -> Rc<Self> {
        Rc::new(reduce_plan(&self, action))
    }
}

/// The app's plan, as a context.
pub type PlanHandle = UseReducerHandle<PlanDraft>;

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

#[function_component(PlanPage)]
pub fn plan_page() -> Html {
    let draft = use_context::<PlanHandle>().unwrap_or_else(|| {
        // The app always provides it: without, the page would have nothing to show.
        panic!("the plan is provided by the app")
    });
    let plan = &draft.plan;
    let tab = use_state(|| 0usize);
    let instances: Rc<Vec<InstanceConfig>> =
        (*use_memo(plan.clone(), |p| Rc::new(recommend(p)))).clone();
    // Numbers past what one Redis holds: estimated at the limit, and said so.
    let past_limits = plan.clone().limit();
    let edit = |field: &str| {
        let draft = draft.clone();
        let field = field.to_string();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.dispatch(PlanAction::Edit {
                field: field.clone(),
                text,
            });
        })
    };
    let on_docker = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            draft.dispatch(PlanAction::Docker(on));
        })
    };
    let loss = match plan.loss {
        Loss::None => "none",
        Loss::Second => "second",
        Loss::Minutes => "minutes",
        Loss::All => "all",
    };
    // A field's text: as typed when it could not be read, else the plan's value.
    let shown = |id: &str, value: String| draft.invalid.get(id).cloned().unwrap_or(value);
    let memory_text = plan.memory.map(human_conf).unwrap_or_default();
    html! {
        <div class="plan">
            <section aria-labelledby="plan-title">
                <h1 id="plan-title">{ "Plan an instance" }</h1>
                <p>{ "Describe what it will hold; the estimate and the configuration follow. Start from a preset:" }</p>
                <div class="presets" role="group" aria-label="Presets">
                    { for presets().into_iter().map(|(name, p)| {
                        let draft = draft.clone();
                        html! { <button type="button" onclick={Callback::from(move |_| draft.dispatch(PlanAction::Preset(p.clone())))}>{ name }</button> }
                    }) }
                </div>
                <div class="plan-form">
                    <label for="memory">{ "Host or container memory" }
                        <input id="memory" value={shown("memory", memory_text.clone())} onchange={edit("memory")}
                            aria-invalid={draft.invalid.contains_key("memory").then_some("true")}
                            aria-describedby={draft.invalid.contains_key("memory").then_some("memory-error")} />
                        <FieldError id="memory" invalid={draft.invalid.contains_key("memory")} kept={memory_text} />
                        <span class="hint">{ "e.g. 4gb: what the machine or the container limit gives Redis" }</span>
                    </label>
                    <label for="loss">{ "Acceptable loss on a crash" }
                        <select id="loss" onchange={edit("loss")}>
                            { for [("none", "nothing (fsync every write)"), ("second", "about a second (AOF)"), ("minutes", "minutes (snapshots)"), ("all", "everything: it is a cache")].into_iter().map(|(v, l)| html! {
                                <option value={v} selected={v == loss}>{ l }</option>
                            }) }
                        </select>
                    </label>
                    <label for="replicas">{ "Replicas" }
                        <input id="replicas" inputmode="numeric" value={shown("replicas", plan.replicas.to_string())} onchange={edit("replicas")}
                            aria-invalid={draft.invalid.contains_key("replicas").then_some("true")}
                            aria-describedby={draft.invalid.contains_key("replicas").then_some("replicas-error")} />
                        <FieldError id="replicas" invalid={draft.invalid.contains_key("replicas")} kept={plan.replicas.to_string()} />
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
                { for plan.components.iter().zip(draft.keys.iter().copied()).map(|(c, key)| {
                    let remove = {
                        let draft = draft.clone();
                        Callback::from(move |_| draft.dispatch(PlanAction::Remove(key)))
                    };
                    html! {
                        <fieldset class="component" key={key}>
                            <legend>{ describe(c) }</legend>
                            { for fields(c).into_iter().enumerate().map(|(j, (label, hint, value, _))| {
                                let id = format!("c{key}-{j}");
                                let invalid = draft.invalid.contains_key(&id);
                                html! {
                                    <label for={id.clone()}>{ label }
                                        <input id={id.clone()} value={shown(&id, value.clone())} onchange={edit(&id)}
                                            aria-invalid={invalid.then_some("true")}
                                            aria-describedby={invalid.then(|| format!("{id}-error"))} />
                                        <FieldError id={id.clone()} invalid={invalid} kept={value} />
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
                    <p class="split-note">{ "This workload mixes data that must be kept with a cache: run two instances, each configured for its data. " }<a href="guides/eviction.html#one-instance-for-cache-and-queue">{ "Why" }</a></p>
                }
                { for instances.iter().enumerate().map(|(n, inst)| html! {
                    <InstanceView instance={inst.clone()} tab={*tab} on_tab={ let tab = tab.clone(); Callback::from(move |t| tab.set(t)) } index={n} />
                }) }
            </section>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FieldErrorProps {
    id: String,
    invalid: bool,
    /// The value the plan still uses.
    kept: String,
}

/// Says that a field's text could not be read, and what the plan uses instead.
#[function_component(FieldError)]
fn field_error(p: &FieldErrorProps) -> Html {
    if !p.invalid {
        return html! {};
    }
    let kept = if p.kept.is_empty() {
        "nothing".to_string()
    } else {
        p.kept.clone()
    };
    html! {
        <span class="field-error" id={format!("{}-error", p.id)} role="alert">
            { format!("Not a valid value; the plan still uses {kept}.") }
        </span>
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
                <pre tabindex="0">{ current }</pre>
                <button type="button" onclick={copy} aria-label="Copy the configuration">{ "Copy" }</button>
            </div>
            <ul class="reasons">
                { for p.instance.settings.iter().map(|s| html! {
                    <li><code>{ format!("{} {}", s.name, if s.value.is_empty() { "\"\"".to_string() } else { s.value.clone() }) }</code>{ " — " }{ &s.why }{ " " }<a href={crate::guide_href(s.guide)}>{ "guide" }</a></li>
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

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(d: &PlanDraft, field: &str, text: &str) -> PlanDraft {
        reduce_plan(
            d,
            PlanAction::Edit {
                field: field.into(),
                text: text.into(),
            },
        )
    }

    #[test]
    fn a_valid_edit_changes_the_plan_an_invalid_one_is_kept_and_marked() {
        let d = PlanDraft::default();
        let d = edit(&d, "memory", "2gb");
        assert_eq!(
            d.plan.memory,
            Some(2 << 30),
            "gb is 1024^3, as Redis reads it"
        );
        let d = edit(&d, "memory", "two gigs");
        assert_eq!(d.plan.memory, Some(2 << 30), "the last valid value stays");
        assert_eq!(
            d.invalid.get("memory").map(String::as_str),
            Some("two gigs")
        );
        let d = edit(&d, "memory", "");
        assert_eq!((d.plan.memory, d.invalid.len()), (None, 0));
        let d = edit(&d, "replicas", "-1");
        assert!(d.invalid.contains_key("replicas"));
        let d = edit(&d, "replicas", "2");
        assert_eq!((d.plan.replicas, d.invalid.len()), (2, 0));
    }

    #[test]
    fn components_keep_their_keys_when_one_is_removed() {
        let mixed = presets()
            .into_iter()
            .find(|p| p.0 == "Mixed app")
            .map(|p| p.1)
            .unwrap_or_default();
        let d = reduce_plan(&PlanDraft::default(), PlanAction::Preset(mixed));
        assert_eq!(d.plan.components.len(), 3);
        let (first, second, third) = (d.keys[0], d.keys[1], d.keys[2]);
        assert!(first != second && second != third);
        let d = edit(&d, &format!("c{second}-0"), "not a number");
        assert_eq!(d.invalid.len(), 1);
        // The cache goes; the locks keep their key, and an edit of them lands on them.
        let d = reduce_plan(&d, PlanAction::Remove(second));
        assert_eq!(d.keys, [first, third]);
        assert!(
            d.invalid.is_empty(),
            "the removed component's marks go with it"
        );
        let d = edit(&d, &format!("c{third}-0"), "77");
        assert!(matches!(
            d.plan.components[1],
            Component::Locks { count: 77, .. }
        ));
        // A field of a removed component is not applied anywhere.
        let before = d.plan.clone();
        let d = edit(&d, &format!("c{second}-0"), "5");
        assert_eq!(d.plan, before);
        // A new preset gets new keys.
        let d = reduce_plan(&d, PlanAction::Preset(Plan::default()));
        assert!(d.keys.is_empty());
    }
}
