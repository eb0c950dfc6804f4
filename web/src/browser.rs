//! The few browser calls the app makes: the URL fragment, local storage,
//! the clipboard and downloads of generated files. None touches the network.

use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;

pub fn hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

pub fn load(key: &str) -> Option<String> {
    LocalStorage::get::<String>(key).ok()
}

pub fn save(key: &str, value: &str) {
    // A full or disabled storage only loses the draft, never the page.
    let _ = LocalStorage::set(key, value);
}

pub fn copy(text: &str) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let _ = clipboard.write_text(text);
}

/// Offers `contents` as a file download (a `blob:` URL; no request leaves the page).
pub fn download(filename: &str, mime: &str, contents: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Scrolls to the element with this id, if any.
pub fn scroll_to(id: &str) {
    if let Some(el) = gloo::utils::document().get_element_by_id(id) {
        el.scroll_into_view();
    }
}
