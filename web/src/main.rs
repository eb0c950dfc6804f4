//! The Redis Advisor web app: a thin shell over `redis_advisor_core::analyze`.
//! Everything runs in the page; nothing pasted is sent anywhere.

mod browser;
mod guides;
mod markdown;
mod plan;
mod review;
mod share;

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
                        Route::Share(data) => {
                            review::restore_shared(data);
                            html! { <review::ReviewPage /> }
                        }
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
    yew::Renderer::<App>::new().render();
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
