//! What the user gave the review, as the app holds it: state and actions as
//! plain Rust (a reducer, tested on the host), owned by the app and handed to
//! the pages through a context, so a paste, its files and the stated workload
//! outlive the page that shows them. They are kept in the browser as drafts:
//! local storage for what fits in it (about 5 MB), IndexedDB for the inputs
//! too large for it (`store.js`), so even a 10 MB paste survives a reload, or
//! a visit to a guide page and Back.

use crate::browser;
use crate::share::Shared;
use redis_advisor_core::accept::Acceptance;
use redis_advisor_core::workload::Workload;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(module = "/src/store.js")]
extern "C" {
    fn put(key: &str, value: &JsValue) -> js_sys::Promise;
    fn get(key: &str) -> js_sys::Promise;
}

const DRAFT_KEY: &str = "redis-advisor.draft";
const FILES_KEY: &str = "redis-advisor.files";
const WORKLOAD_KEY: &str = "redis-advisor.workload";
const ACCEPTED_KEY: &str = "redis-advisor.accepted";
/// The IndexedDB key of the files too large for local storage.
const LARGE_KEY: &str = "large-files";

/// A paste larger than this becomes an input of its own ("pasted text 1"),
/// listed like a dropped file, instead of text in the paste box: laying out
/// megabytes of text in a textarea takes the browser seconds. The text is kept
/// whole; only where it is shown changes.
pub const LARGE_PASTE: usize = 1 << 20;
/// Local storage holds about 5 MB (of UTF-16): drafts up to this size in all
/// go there, the rest to IndexedDB.
pub const LOCAL_MAX: usize = 2 << 20;

/// The review's inputs: the paste box, the files (dropped, picked, or pastes
/// too large for the box; names are unique, the list's keys), the workload
/// the user stated, if any, and the findings accepted with a reason.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drafts {
    pub paste: Rc<str>,
    pub files: Rc<Vec<(String, String)>>,
    pub workload: Option<Workload>,
    pub accepted: Rc<Vec<Acceptance>>,
}

#[derive(Debug)]
pub enum Action {
    /// The paste box's text; beyond [`LARGE_PASTE`] it becomes a file.
    Type(String),
    /// A paste too large for the box, read from the clipboard.
    PasteLarge(String),
    /// A file read from disk, replacing one of the same name.
    AddFile {
        name: String,
        text: String,
    },
    RemoveFile(String),
    /// Empties the paste box and the files (the workload stays).
    Clear,
    SetWorkload(Option<Workload>),
    /// Accepts a finding (rule, node, evidence fingerprint) with a reason,
    /// replacing an earlier acceptance of the same finding.
    Accept(Acceptance),
    /// No longer accepts the acceptance at this position.
    Unaccept(usize),
    /// A share link's state replaces the drafts.
    Open(Shared),
    /// The large inputs read back from IndexedDB: added unless a file of the
    /// same name is already there.
    Restore(Vec<(String, String)>),
}

/// A named input: a file's name (or "pasted text N") and its text.
pub type File = (String, String);

/// The first free "pasted text N" name.
fn pasted_name(files: &[(String, String)]) -> String {
    (1..)
        .map(|n| format!("pasted text {n}"))
        .find(|name| !files.iter().any(|(n, _)| n == name))
        .unwrap_or_default()
}

pub fn reduce(d: &Drafts, action: Action) -> Drafts {
    let mut next = d.clone();
    let with_files = |f: &dyn Fn(&mut Vec<File>)| {
        let mut files = (*d.files).clone();
        f(&mut files);
        Rc::new(files)
    };
    match action {
        Action::Type(text) if text.len() > LARGE_PASTE => {
            next.paste = Rc::from("");
            next.files = with_files(&|files| {
                let name = pasted_name(files);
                files.push((name, text.clone()));
            });
        }
        Action::Type(text) => next.paste = Rc::from(text),
        Action::PasteLarge(text) => {
            next.files = with_files(&|files| {
                let name = pasted_name(files);
                files.push((name, text.clone()));
            });
        }
        Action::AddFile { name, text } => {
            next.files = with_files(&|files| {
                files.retain(|(n, _)| *n != name);
                files.push((name.clone(), text.clone()));
            });
        }
        Action::RemoveFile(name) => {
            next.files = with_files(&|files| files.retain(|(n, _)| *n != name))
        }
        Action::Clear => {
            next.paste = Rc::from("");
            next.files = Rc::new(Vec::new());
        }
        Action::SetWorkload(w) => next.workload = w,
        Action::Accept(a) => {
            let mut accepted = (*d.accepted).clone();
            accepted.retain(|b| {
                (&b.rule, &b.node, &b.fingerprint) != (&a.rule, &a.node, &a.fingerprint)
            });
            accepted.push(a);
            next.accepted = Rc::new(accepted);
        }
        Action::Unaccept(i) => {
            let mut accepted = (*d.accepted).clone();
            if i < accepted.len() {
                accepted.remove(i);
            }
            next.accepted = Rc::new(accepted);
        }
        Action::Open(shared) => {
            next.paste = Rc::from(shared.paste);
            next.files = Rc::new(shared.files);
            next.workload = shared.workload;
            next.accepted = Rc::new(shared.accepted);
        }
        Action::Restore(large) => {
            next.files = with_files(&|files| {
                for (name, text) in &large {
                    if !files.iter().any(|(n, _)| n == name) {
                        files.push((name.clone(), text.clone()));
                    }
                }
            });
        }
    }
    next
}

impl Reducible for Drafts {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(reduce(&self, action))
    }
}

/// Where each file's draft is kept: the files that fit in local storage
/// beside the paste, in order, and the rest (for IndexedDB).
pub fn split_for_storage<'a>(paste: &str, files: &'a [File]) -> (Vec<&'a File>, Vec<&'a File>) {
    let mut room = LOCAL_MAX.saturating_sub(paste.len());
    files.iter().partition(|(_, text)| {
        let fits = text.len() < room;
        if fits {
            room -= text.len();
        }
        fits
    })
}

/// The drafts local storage holds (the large files follow from IndexedDB).
fn load() -> Drafts {
    let files = browser::load(FILES_KEY).and_then(|j| serde_json::from_str(&j).ok());
    let workload = browser::load(WORKLOAD_KEY).and_then(|j| serde_json::from_str(&j).ok());
    let accepted = browser::load(ACCEPTED_KEY).and_then(|j| serde_json::from_str(&j).ok());
    Drafts {
        paste: Rc::from(browser::load(DRAFT_KEY).unwrap_or_default()),
        files: Rc::new(files.unwrap_or_default()),
        workload: workload.flatten(),
        accepted: Rc::new(accepted.unwrap_or_default()),
    }
}

/// The drafts too large for local storage are written to IndexedDB in a task
/// of their own, after the change's render (leaving the page makes a waiting
/// write at once). Handing 10 MB to IndexedDB takes about as long as decoding
/// it into a JavaScript string; a JSON copy made first cost a 250 ms frame gap.
const LARGE_SAVE_DELAY_MS: u32 = 0;

/// The large files as IndexedDB keeps them: an array of `[name, text]`.
fn to_js(files: &[&File]) -> JsValue {
    let array = js_sys::Array::new();
    for (name, text) in files {
        array.push(&js_sys::Array::of2(
            &JsValue::from_str(name),
            &JsValue::from_str(text),
        ));
    }
    array.into()
}

fn from_js(value: &JsValue) -> Vec<File> {
    let Some(array) = value.dyn_ref::<js_sys::Array>() else {
        return Vec::new();
    };
    array
        .iter()
        .filter_map(|pair| {
            let pair = pair.dyn_into::<js_sys::Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// Keeps the drafts: local storage for what fits, IndexedDB for the rest
/// (written a moment later, only when the set of large files changed, and only
/// once the earlier ones were read back, so they are never overwritten unread).
fn save(d: &Drafts, restored: bool, large_saver: &RefCell<LargeSaver>) {
    if d.paste.len() < LOCAL_MAX {
        browser::save(DRAFT_KEY, &d.paste);
    }
    let (local, large) = split_for_storage(&d.paste, &d.files);
    browser::save(
        FILES_KEY,
        &serde_json::to_string(&local).unwrap_or_default(),
    );
    browser::save(
        WORKLOAD_KEY,
        &serde_json::to_string(&d.workload).unwrap_or_default(),
    );
    browser::save(
        ACCEPTED_KEY,
        &serde_json::to_string(&*d.accepted).unwrap_or_default(),
    );
    if !restored {
        return;
    }
    let kept: Vec<(String, usize)> = large.iter().map(|(n, t)| (n.clone(), t.len())).collect();
    let mut saver = large_saver.borrow_mut();
    if saver.kept == kept {
        return;
    }
    saver.kept = kept;
    let files = d.files.clone();
    let paste = d.paste.clone();
    let write: Box<dyn FnOnce()> = Box::new(move || {
        let (_, large) = split_for_storage(&paste, &files);
        let value = if large.is_empty() {
            JsValue::UNDEFINED
        } else {
            to_js(&large)
        };
        let _ = put(LARGE_KEY, &value);
    });
    *saver.write.borrow_mut() = Some(write);
    let pending = saver.write.clone();
    saver.timer = Some(gloo::timers::callback::Timeout::new(
        LARGE_SAVE_DELAY_MS,
        move || flush(&pending),
    ));
}

/// Makes the write waiting for IndexedDB now, if there is one.
fn flush(write: &RefCell<Option<Box<dyn FnOnce()>>>) {
    let pending = write.borrow_mut().take();
    if let Some(write) = pending {
        write();
    }
}

/// The large files last handed to IndexedDB (names and lengths), and the
/// write waiting to be made.
/// A write to IndexedDB, waiting.
type PendingWrite = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;

#[derive(Default)]
struct LargeSaver {
    kept: Vec<(String, usize)>,
    /// The write waiting (made when the timer fires, or when the page is left).
    write: PendingWrite,
    timer: Option<gloo::timers::callback::Timeout>,
}

/// The app's drafts, as a context.
pub type DraftsHandle = UseReducerHandle<Drafts>;

/// The drafts, loaded from the browser and kept there as they change.
#[hook]
pub fn use_kept_drafts() -> DraftsHandle {
    let drafts = use_reducer(load);
    let restored = use_state(|| false);
    let large_saver = use_mut_ref(LargeSaver::default);
    {
        let drafts = drafts.clone();
        let restored = restored.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let value = wasm_bindgen_futures::JsFuture::from(get(LARGE_KEY))
                    .await
                    .unwrap_or(JsValue::UNDEFINED);
                let large = from_js(&value);
                if !large.is_empty() {
                    drafts.dispatch(Action::Restore(large));
                }
                restored.set(true);
            });
        });
    }
    {
        // Leaving the page (a guide link, a reload) makes a waiting write at once.
        let write = large_saver.borrow().write.clone();
        use_effect_with((), move |_| {
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                    flush(&write)
                });
            move || drop(listener)
        });
    }
    use_effect_with(((*drafts).clone(), *restored), move |(d, restored)| {
        save(d, *restored, &large_saver)
    });
    drafts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(d: &Drafts) -> Vec<(&str, usize)> {
        d.files.iter().map(|(n, t)| (n.as_str(), t.len())).collect()
    }

    #[test]
    fn typing_keeps_text_and_a_large_paste_becomes_a_file() {
        let d = reduce(&Drafts::default(), Action::Type("maxmemory 1gb\n".into()));
        assert_eq!(&*d.paste, "maxmemory 1gb\n");
        let big = "x".repeat(LARGE_PASTE + 1);
        let d = reduce(&d, Action::Type(big.clone()));
        assert_eq!(&*d.paste, "");
        assert_eq!(files(&d), [("pasted text 1", LARGE_PASTE + 1)]);
        let d = reduce(&d, Action::PasteLarge(big));
        assert_eq!(files(&d)[1], ("pasted text 2", LARGE_PASTE + 1));
        // A removed name is used again.
        let d = reduce(&d, Action::RemoveFile("pasted text 1".into()));
        let d = reduce(&d, Action::PasteLarge("y".into()));
        assert_eq!(
            files(&d),
            [("pasted text 2", LARGE_PASTE + 1), ("pasted text 1", 1)]
        );
    }

    #[test]
    fn files_replace_by_name_clear_keeps_the_workload() {
        let add = |name: &str, text: &str| Action::AddFile {
            name: name.into(),
            text: text.into(),
        };
        let d = reduce(&Drafts::default(), add("a.conf", "one"));
        let d = reduce(&d, add("b.conf", "two"));
        let d = reduce(&d, add("a.conf", "three"));
        assert_eq!(files(&d), [("b.conf", 3), ("a.conf", 5)]);
        let d = reduce(&d, Action::SetWorkload(Some(Workload::default())));
        let d = reduce(&d, Action::Type("p".into()));
        let d = reduce(&d, Action::Clear);
        assert_eq!((&*d.paste, d.files.len()), ("", 0));
        assert_eq!(d.workload, Some(Workload::default()));
    }

    #[test]
    fn a_share_link_replaces_and_a_restore_adds_what_is_missing() {
        let d = reduce(&Drafts::default(), Action::Type("old".into()));
        let d = reduce(
            &d,
            Action::Open(Shared {
                paste: "shared".into(),
                files: vec![("f".into(), "1".into())],
                workload: None,
                accepted: Vec::new(),
            }),
        );
        assert_eq!((&*d.paste, files(&d)), ("shared", vec![("f", 1)]));
        let d = reduce(
            &d,
            Action::Restore(vec![
                ("f".into(), "other".into()),
                ("big".into(), "22".into()),
            ]),
        );
        assert_eq!(files(&d), [("f", 1), ("big", 2)]);
    }

    #[test]
    fn accepting_replaces_the_same_finding_and_a_share_link_brings_its_own() {
        let accept = |rule: &str, fp: &str, reason: &str| Acceptance {
            rule: rule.into(),
            fingerprint: Some(fp.into()),
            reason: reason.into(),
            ..Acceptance::default()
        };
        let d = reduce(
            &Drafts::default(),
            Action::Accept(accept("maxmemory-unset", "00", "lab")),
        );
        let d = reduce(
            &d,
            Action::Accept(accept("appendfsync-always", "01", "bench")),
        );
        let d = reduce(
            &d,
            Action::Accept(accept("maxmemory-unset", "00", "lab server")),
        );
        let reasons: Vec<&str> = d.accepted.iter().map(|a| a.reason.as_str()).collect();
        assert_eq!(reasons, ["bench", "lab server"]);
        let d = reduce(&d, Action::Unaccept(0));
        let d = reduce(&d, Action::Unaccept(7));
        assert_eq!(d.accepted.len(), 1);
        let d = reduce(
            &d,
            Action::Open(Shared {
                accepted: vec![accept("tls-off-remote", "02", "private network")],
                ..Shared::default()
            }),
        );
        assert_eq!(d.accepted[0].rule, "tls-off-remote");
    }

    #[test]
    fn storage_split_keeps_what_fits_locally() {
        let small = ("a".to_string(), "x".repeat(10));
        let big = ("b".to_string(), "x".repeat(LOCAL_MAX));
        let also_small = ("c".to_string(), "x".repeat(10));
        let all = [small.clone(), big.clone(), also_small.clone()];
        let (local, large) = split_for_storage("paste", &all);
        assert_eq!(local, [&small, &also_small]);
        assert_eq!(large, [&big]);
        // A paste that fills local storage leaves the files to IndexedDB.
        let (local, large) = split_for_storage(&"p".repeat(LOCAL_MAX), &all);
        assert!(local.is_empty());
        assert_eq!(large.len(), 3);
    }
}
