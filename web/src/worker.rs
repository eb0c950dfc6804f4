//! Large inputs are analyzed off the page's main thread, in a dedicated worker
//! running the page's own WebAssembly module (no second download: the page
//! posts its compiled module to the worker). The worker is started while the
//! app loads, so no request leaves the page afterwards.
//!
//! Page -> worker: `{glue, module}` once, then `[id, workload JSON, name, text, ...]`.
//! Worker -> page: `["ready"]`, then `[id, report bytes]` or `["error", message]`.
//! The report travels as the bytes of `Report::to_wire` (a `Uint8Array` whose
//! buffer is transferred, not copied) and is read back with
//! `Report::from_wire`; an error or a dead worker sends the analysis back to
//! the main thread.

use redis_advisor_core::workload::Workload;
use redis_advisor_core::{Input, Options, Report, analyze_with};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker's script, copied into dist/ beside index.html.
const SCRIPT: &str = "./analysis-worker.js";

type Done = Box<dyn FnOnce(Result<Report, String>)>;

struct Page {
    worker: Worker,
    ready: bool,
    next_id: u32,
    /// The latest request and what to do with its report; earlier ones are dropped.
    pending: Option<(u32, Done)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static PAGE: RefCell<Option<Page>> = const { RefCell::new(None) };
}

/// Where the analysis of large inputs runs, for the page and its tests:
/// `data-analysis` on `<html>` is `worker` once the worker answered,
/// `main-thread` when it could not start or stopped.
fn mark(state: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("data-analysis", state);
    }
}

/// The wasm-bindgen glue the page loaded: Trunk preloads it with this link.
fn glue_url() -> Option<String> {
    let link = gloo::utils::document()
        .query_selector("link[rel=modulepreload][href$='.js']")
        .ok()??;
    Some(link.dyn_into::<web_sys::HtmlLinkElement>().ok()?.href())
}

/// The analysis itself, wherever it runs: in the worker, or on the page (small
/// inputs, and whatever the worker could not do).
pub fn run(inputs: &[Input], workload: Option<Workload>) -> Report {
    analyze_with(
        inputs,
        &Options {
            workload,
            ..Options::default()
        },
    )
}

/// True in the analysis worker (no window there).
pub fn in_worker() -> bool {
    js_sys::global().is_instance_of::<DedicatedWorkerGlobalScope>()
}

/// Starts the worker (on the page). Without it, analysis stays on the main thread.
pub fn start() {
    if start_worker().is_none() {
        mark("main-thread");
    }
}

fn start_worker() -> Option<()> {
    let glue = glue_url()?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(SCRIPT, &options).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| on_reply(e.data()));
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_e: web_sys::Event| {
        fail("the analysis worker stopped".into())
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"glue".into(), &glue.into()).ok()?;
    js_sys::Reflect::set(&init, &"module".into(), &wasm_bindgen::module()).ok()?;
    worker.post_message(&init).ok()?;
    PAGE.with(|p| {
        *p.borrow_mut() = Some(Page {
            worker,
            ready: false,
            next_id: 0,
            pending: None,
            _on_message: on_message,
            _on_error: on_error,
        })
    });
    Some(())
}

/// True when a large analysis can go to the worker now.
pub fn ready() -> bool {
    PAGE.with(|p| p.borrow().as_ref().is_some_and(|p| p.ready))
}

/// Sends an analysis to the worker; `done` gets the report, or an error
/// after which the caller analyzes on the main thread. A newer request
/// replaces an older one, whose report is then dropped.
pub fn analyze(inputs: &[(&str, &str)], workload: Option<&Workload>, done: Done) {
    let sent = PAGE.with(|p| {
        let mut page = p.borrow_mut();
        let page = page.as_mut().filter(|p| p.ready)?;
        page.next_id = page.next_id.wrapping_add(1);
        let id = page.next_id;
        let message = js_sys::Array::new();
        message.push(&JsValue::from(id));
        message.push(&JsValue::from_str(
            &serde_json::to_string(&workload).unwrap_or_else(|_| "null".into()),
        ));
        for (name, text) in inputs {
            message.push(&JsValue::from_str(name));
            message.push(&JsValue::from_str(text));
        }
        page.worker.post_message(&message).ok()?;
        Some(id)
    });
    match sent {
        Some(id) => PAGE.with(|p| {
            if let Some(page) = p.borrow_mut().as_mut() {
                page.pending = Some((id, done));
            }
        }),
        // The worker stopped since the caller asked `ready`: the caller analyzes.
        None => done(Err("the analysis worker is not running".into())),
    }
}

fn on_reply(data: JsValue) {
    let message: js_sys::Array = data.unchecked_into();
    let head = message.get(0);
    match head.as_string().as_deref() {
        Some("ready") => {
            PAGE.with(|p| {
                if let Some(page) = p.borrow_mut().as_mut() {
                    page.ready = true;
                }
            });
            mark("worker");
            return;
        }
        Some("error") => {
            fail(message.get(1).as_string().unwrap_or_default());
            return;
        }
        _ => {}
    }
    let id = head.as_f64().map(|n| n as u32);
    let done = PAGE.with(|p| {
        let mut page = p.borrow_mut();
        let page = page.as_mut()?;
        match page.pending.take() {
            Some((pending, done)) if Some(pending) == id => Some(done),
            other => {
                page.pending = other;
                None
            }
        }
    });
    if let Some(done) = done {
        let bytes = js_sys::Uint8Array::new(&message.get(1)).to_vec();
        done(Report::from_wire(&bytes).map_err(|e| e.to_string()));
    }
}

/// The worker failed: stop using it, and hand the waiting analysis back.
fn fail(why: String) {
    // The page's handlers stay in place (one of them is running now); the
    // worker is stopped and no longer offered work.
    let pending = PAGE.with(|p| {
        let mut page = p.borrow_mut();
        let page = page.as_mut()?;
        page.ready = false;
        page.worker.terminate();
        page.pending.take()
    });
    mark("main-thread");
    web_sys::console::error_1(&why.clone().into());
    if let Some((_, done)) = pending {
        done(Err(why));
    }
}

/// Runs in the worker: answers analysis requests until the page closes.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // A panic here is reported to the page, which then analyzes on its own thread.
    std::panic::set_hook(Box::new(|info| {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message(&js_sys::Array::of2(
            &"error".into(),
            &info.to_string().into(),
        ));
    }));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let message: js_sys::Array = e.data().unchecked_into();
        let id = message.get(0);
        let workload: Option<Workload> = message
            .get(1)
            .as_string()
            .and_then(|w| serde_json::from_str(&w).ok())
            .flatten();
        let mut inputs = Vec::new();
        let mut i = 2;
        while i + 1 < message.length() {
            let name = message.get(i).as_string().unwrap_or_default();
            let text = message.get(i + 1).as_string().unwrap_or_default();
            inputs.push(Input::new(name, text));
            i += 2;
        }
        let report = run(&inputs, workload);
        let bytes = js_sys::Uint8Array::from(report.to_wire().as_slice());
        let _ = reply_scope.post_message_with_transfer(
            &js_sys::Array::of2(&id, &bytes),
            &js_sys::Array::of1(&bytes.buffer()),
        );
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&js_sys::Array::of1(&"ready".into()));
}
