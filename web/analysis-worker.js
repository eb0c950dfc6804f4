// Redis Advisor's analysis worker: runs the page's own WebAssembly module off
// the main thread (see src/worker.rs). The page sends the URL of the
// wasm-bindgen glue it loaded and its compiled module; starting the module
// runs `main`, which finds no window and answers analysis requests.
self.onmessage = async (event) => {
  self.onmessage = null;
  const { glue, module } = event.data;
  const bindings = await import(glue);
  await bindings.default({ module_or_path: module });
};
