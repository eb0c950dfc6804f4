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

/// The clipboard's text of a paste event, as a JavaScript string: nothing is
/// copied into WebAssembly yet.
pub fn clipboard_text(e: &web_sys::ClipboardEvent) -> Option<js_sys::JsString> {
    let data = e.clipboard_data()?;
    let get = js_sys::Reflect::get(&data, &"getData".into()).ok()?;
    let get: js_sys::Function = get.dyn_into().ok()?;
    get.call1(&data, &"text/plain".into()).ok()?.dyn_into().ok()
}

/// UTF-16 units copied into WebAssembly per step: about 5–10 ms each.
const SLICE_UNITS: u32 = 512 * 1024;

/// Copies a JavaScript string into WebAssembly a slice at a time, letting the
/// page paint between slices, then hands the whole text to `done`. Copying
/// 10 MB at once held the page for up to 0.3 s.
pub fn read_in_slices(text: js_sys::JsString, done: impl FnOnce(String) + 'static) {
    struct Reading {
        text: js_sys::JsString,
        at: u32,
        out: String,
        done: Box<dyn FnOnce(String)>,
    }
    fn step(mut r: Reading) {
        let len = r.text.length();
        let mut end = r.at.saturating_add(SLICE_UNITS).min(len);
        // Never between the two halves of a surrogate pair.
        if end < len && (0xD800..0xDC00).contains(&(r.text.char_code_at(end - 1) as u32)) {
            end += 1;
        }
        r.out.push_str(&String::from(r.text.slice(r.at, end)));
        r.at = end;
        if r.at >= len {
            (r.done)(r.out);
        } else {
            gloo::timers::callback::Timeout::new(0, move || step(r)).forget();
        }
    }
    let capacity = text.length() as usize;
    step(Reading {
        text,
        at: 0,
        out: String::with_capacity(capacity),
        done: Box::new(done),
    });
}
