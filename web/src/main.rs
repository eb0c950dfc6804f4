//! The Redis Advisor web app: a thin shell over `redis_advisor_core::analyze`.
//! Everything runs in the page; nothing pasted is sent anywhere.

mod browser;
mod plan;
mod review;
mod share;
mod state;
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
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let h = hash.trim_start_matches('#');
        if let Some(data) = h.strip_prefix("/share/") {
            return Route::Share(data.to_string());
        }
        if h.starts_with("/plan") {
            return Route::Plan;
        }
        Route::Review
    }
}

/// The guides' address for a guide link as the core writes it
/// (`memory.md#maxmemory`): the static page beside the app,
/// `guides/memory.html#maxmemory`, relative so any sub-path works.
pub fn guide_href(guide: &str) -> String {
    let (page, anchor) = guide.split_once('#').unwrap_or((guide, ""));
    let page = page.strip_suffix(".md").unwrap_or(page);
    let page = if page.is_empty() { "index" } else { page };
    if anchor.is_empty() {
        format!("guides/{page}.html")
    } else {
        format!("guides/{page}.html#{anchor}")
    }
}

/// Where an address of the app's former guide pages (`#/guide/memory.md#maxmemory`,
/// kept in bookmarks and share links) now leads.
pub fn old_guide_redirect(hash: &str) -> Option<String> {
    let h = hash.trim_start_matches('#');
    let rest = h.strip_prefix("/guide")?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    Some(guide_href(rest.trim_start_matches('/')))
}

/// Leaves for the guides' page when the address is a former guide route.
fn redirect_old_guide() -> bool {
    match old_guide_redirect(&browser::hash()) {
        Some(to) => {
            let _ = gloo::utils::window().location().replace(&to);
            true
        }
        None => false,
    }
}

#[function_component(App)]
fn app() -> Html {
    let route = use_state(|| Route::parse(&browser::hash()));
    // The app owns what the user gave it: the pages come and go.
    let drafts = state::use_kept_drafts();
    let plan = use_reducer(plan::PlanDraft::default);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                if !redirect_old_guide() {
                    route.set(Route::parse(&browser::hash()));
                }
            });
            move || drop(listener)
        });
    }
    let on_review = matches!(*route, Route::Review);
    let on_plan = matches!(*route, Route::Plan);
    html! {
        <ContextProvider<state::DraftsHandle> context={drafts}>
        <ContextProvider<plan::PlanHandle> context={plan}>
            <header class="top">
                <a class="brand" href="#/">{ "Redis Advisor" }</a>
                <nav aria-label="Main">
                    <a href="#/" aria-current={on_review.then_some("page")}>{ "Review" }</a>
                    <a href="#/plan" aria-current={on_plan.then_some("page")}>{ "Plan" }</a>
                    <a href="guides/index.html">{ "Guides" }</a>
                </nav>
                <span class="privacy">{ "Runs in your browser: nothing you paste leaves this page." }</span>
            </header>
            <main id="main">
                {
                    match &*route {
                        Route::Review => html! { <review::ReviewPage /> },
                        Route::Plan => html! { <plan::PlanPage /> },
                        Route::Share(data) => html! { <review::OpenShared data={data.clone()} /> },
                    }
                }
            </main>
        </ContextProvider<plan::PlanHandle>>
        </ContextProvider<state::DraftsHandle>>
    }
}

fn main() {
    if worker::in_worker() {
        worker::serve();
        return;
    }
    if redirect_old_guide() {
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
    Your text is kept: the draft is saved in this browser. \
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
        assert_eq!(Route::parse("#/plan"), Route::Plan);
        assert_eq!(Route::parse("#/share/abc"), Route::Share("abc".into()));
    }

    #[test]
    fn guide_links_and_former_guide_routes() {
        use super::{guide_href, old_guide_redirect};
        assert_eq!(
            guide_href("memory.md#maxmemory"),
            "guides/memory.html#maxmemory"
        );
        assert_eq!(guide_href("rules/index.md"), "guides/rules/index.html");
        assert_eq!(
            old_guide_redirect("#/guide/rules/maxmemory-unset.md#maxmemory-unset").as_deref(),
            Some("guides/rules/maxmemory-unset.html#maxmemory-unset")
        );
        assert_eq!(
            old_guide_redirect("#/guide/memory.md").as_deref(),
            Some("guides/memory.html")
        );
        assert_eq!(
            old_guide_redirect("#/guide").as_deref(),
            Some("guides/index.html")
        );
        assert_eq!(
            old_guide_redirect("#/guide/").as_deref(),
            Some("guides/index.html")
        );
        assert_eq!(old_guide_redirect("#/guides-x"), None);
        assert_eq!(old_guide_redirect("#/"), None);
        assert_eq!(old_guide_redirect("#/plan"), None);
    }
}
