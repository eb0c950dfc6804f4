//! The guides: a table of contents with a search over titles and headings,
//! and the page itself, scrolled to the heading a link asked for.

use crate::browser;
use crate::markdown::PAGES;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GuideProps {
    pub page: String,
    pub anchor: Option<String>,
}

#[function_component(GuidePage)]
pub fn guide_page(props: &GuideProps) -> Html {
    let query = use_state(String::new);
    {
        let anchor = props.anchor.clone();
        use_effect_with((props.page.clone(), anchor), |(_, anchor)| match anchor {
            Some(id) => browser::scroll_to(id),
            None => gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0),
        });
    }
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let q = query.to_ascii_lowercase();
    // PAGES is in reading order: the index, the topic guides, the rule reference.
    let toc = PAGES
        .iter()
        .filter(|p| !p.path.starts_with("rules/") || p.path == "rules/index.md" || !q.is_empty())
        .filter_map(|p| {
            let hits: Vec<_> = if q.is_empty() {
                Vec::new()
            } else {
                p.headings.iter().skip(1).filter(|h| h.text.to_ascii_lowercase().contains(&q)).collect()
            };
            let title_hit = q.is_empty() || p.title.to_ascii_lowercase().contains(&q);
            if !title_hit && hits.is_empty() {
                return None;
            }
            let current = p.path == props.page;
            Some(html! {
                <li key={p.path}>
                    <a href={format!("#/guide/{}", p.path)} aria-current={current.then_some("page")}>{ p.title }</a>
                    if !hits.is_empty() {
                        <ul>
                            { for hits.iter().map(|h| html! {
                                <li><a href={format!("#/guide/{}#{}", p.path, h.id)}>{ h.text }</a></li>
                            }) }
                        </ul>
                    }
                </li>
            })
        })
        .collect::<Html>();
    let content = match PAGES.iter().find(|p| p.path == props.page) {
        Some(page) => html! {
            <article class="guide" aria-label={page.title}>
                { Html::from_html_unchecked(AttrValue::Static(page.html)) }
            </article>
        },
        None => html! {
            <article class="guide">
                <h1>{ "No such guide" }</h1>
                <p>{ format!("There is no page {}. ", props.page) }<a href="#/guide/index.md">{ "All guides" }</a></p>
            </article>
        },
    };
    html! {
        <div class="guides">
            <nav class="toc" aria-label="Guides">
                <label for="guide-search">{ "Search the guides" }</label>
                <input id="guide-search" type="search" placeholder="e.g. eviction, AOF, fragmentation" value={(*query).clone()} oninput={on_query} />
                <ul>{ toc }</ul>
            </nav>
            { content }
        </div>
    }
}
