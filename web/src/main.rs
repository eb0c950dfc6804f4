//! The Redis Advisor web app: a thin shell over `redis_advisor_core::analyze`.
//! Everything runs in the page; nothing pasted is sent anywhere.

mod browser;
mod guides;
mod markdown;
mod plan;
/// Build-time only (build.rs); compiled here for its tests.
#[cfg(test)]
mod render;
mod review;
mod share;
mod worker;

use gloo::events::EventListener;
use yew::prelude::*;

/// Where the app is: read from and written to the URL's fragment, so a
/// reload or a shared link lands on the same view from any static host.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Review,
    Plan,
    /// A share link: restored into the drafts, then shown as a review.
    Share(String),
    Guide {
        page: String,
        anchor: Option<String>,
    },
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let h = hash.trim_start_matches('#');
        if let Some(rest) = h.strip_prefix("/guide/") {
            let (page, anchor) = match rest.split_once('#') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (rest.to_string(), None),
            };
            return Route::Guide { page, anchor };
        }
        if let Some(data) = h.strip_prefix("/share/") {
            return Route::Share(data.to_string());
        }
        if h.starts_with("/plan") {
            return Route::Plan;
        }
        if h.starts_with("/guide") {
            return Route::Guide {
                page: "index.md".to_string(),
                anchor: None,
            };
        }
        Route::Review
    }
}

#[function_component(App)]
fn app() -> Html {
    let route = use_state(|| Route::parse(&browser::hash()));
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                route.set(Route::parse(&browser::hash()));
            });
            move || drop(listener)
        });
    }
    let on_review = matches!(*route, Route::Review);
    let on_plan = matches!(*route, Route::Plan);
    html! {
        <>
            <header class="top">
                <a class="brand" href="#/">{ "Redis Advisor" }</a>
                <nav aria-label="Main">
                    <a href="#/" aria-current={on_review.then_some("page")}>{ "Review" }</a>
                    <a href="#/plan" aria-current={on_plan.then_some("page")}>{ "Plan" }</a>
                    <a href="#/guide/index.md" aria-current={(!on_review && !on_plan).then_some("page")}>{ "Guides" }</a>
                </nav>
                <span class="privacy">{ "Runs in your browser: nothing you paste leaves this page." }</span>
            </header>
            <main id="main">
                {
                    match &*route {
                        Route::Review => html! { <review::ReviewPage /> },
                        Route::Plan => html! { <plan::PlanPage /> },
                        Route::Share(data) => html! { <review::OpenShared data={data.clone()} /> },
                        Route::Guide { page, anchor } => html! {
                            <guides::GuidePage page={page.clone()} anchor={anchor.clone()} />
                        },
                    }
                }
            </main>
        </>
    }
}

fn main() {
    if worker::in_worker() {
        worker::serve();
        return;
    }
    worker::start();
    // The release build aborts on a panic, which would leave a dead page: say so
    // first, and point back to the draft (saved before each analysis).
    // Set after the renderer, which installs its own hook (the console log): keep both.
    yew::Renderer::<App>::new().render();
    let log = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        log(info);
        show_crash_notice(&info.to_string());
    }));
}

const CRASH_NOTICE: &str = "<strong>Redis Advisor stopped on an internal error.</strong> \
    Your text is kept: the draft is saved in this browser (pastes under 2 MB). \
    <a href=\"\">Reload the page</a> to go on. This is a bug in Redis Advisor; \
    the details below help to report it (they may quote your input, so check before sharing).";

fn show_crash_notice(detail: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Ok(notice)) = (doc.body(), doc.create_element("div")) else {
        return;
    };
    notice.set_class_name("crash");
    let _ = notice.set_attribute("role", "alert");
    notice.set_inner_html(CRASH_NOTICE);
    if let Ok(pre) = doc.create_element("pre") {
        // Text, never HTML: the message may quote the paste.
        pre.set_text_content(Some(detail));
        let _ = notice.append_child(&pre);
    }
    let _ = body.insert_adjacent_element("afterbegin", &notice);
}

/// Panics on purpose: the end-to-end tests call it to check the crash notice.
/// Calling it only stops this page, which the notice then explains.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn simulate_crash() {
    panic!("simulated crash (a test of the crash notice)");
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn routes_from_fragments() {
        assert_eq!(Route::parse(""), Route::Review);
        assert_eq!(Route::parse("#/"), Route::Review);
        assert_eq!(
            Route::parse("#/guide/memory.md#maxmemory"),
            Route::Guide {
                page: "memory.md".into(),
                anchor: Some("maxmemory".into())
            }
        );
        assert_eq!(
            Route::parse("#/guide"),
            Route::Guide {
                page: "index.md".into(),
                anchor: None
            }
        );
    }
}
