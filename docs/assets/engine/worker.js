// The calculator engine: ONE module Web Worker running Pyodide, so the page
// never freezes while Python boots. Everything is loaded from this site's own
// copy (URLs relative to this file), so it works on an intranet and inside any
// mike version's sub-path; nothing is fetched from a third party.
const here = new URL("./", import.meta.url);
// The manifest is asked for first, while Pyodide's loader downloads (imported dynamically
// below rather than statically, which would hold this whole module back until it is in).
const manifestResponse = fetch(new URL("manifest.json", here), { cache: "no-cache" });
manifestResponse.catch(() => {}); // awaited in boot()
const pyodideModule = import("./pyodide/pyodide.mjs");
pyodideModule.catch(() => {});
const snapdelta = import("./snapdelta.js"); // the snapshot ships as a delta (see there)
snapdelta.catch(() => {});
// Pyodide's runtime, pyodide.asm.wasm (9.6 MB), is read once, asked for here at once (its
// address is fixed): the snapshot is a delta against it, and Pyodide compiles it. Pyodide
// takes no bytes from outside, so its own fetch() of that address is answered with a
// clone of this response (the body is read once and given to both). Reading it twice,
// from the service worker's cache or as a revalidation, cost 100-150 ms on a repeat visit.
const WASM = new URL("pyodide/pyodide.asm.wasm", here).href;
const wasm = fetch(WASM).then((response) => ({ forPyodide: response.clone(), response }));
wasm.catch(() => {});
// Without it no boot can work, and Pyodide, given an error page for it, never settles:
// say so at once (the page would otherwise wait for its 45 s stall limit).
wasm.then(({ response }) => {
  if (!response.ok) reportFailure(new Error(`Pyodide runtime: HTTP ${response.status}`));
}, () => {});
const ownFetch = globalThis.fetch.bind(globalThis);
let wasmGiven = false;
globalThis.fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  if (wasmGiven || url !== WASM) return ownFetch(input, init);
  wasmGiven = true; // once: a second boot (no snapshot after all) fetches it itself
  return wasm.then(({ forPyodide }) => forPyodide);
};

/** The wasm's bytes, for the snapshot's delta (`path` is the manifest's snapshot_base). */
function snapshotBase(path) {
  if (new URL(path, here).href !== WASM) return fetchBody(path, "snapshot base", "arrayBuffer");
  return wasm.then(({ response }) => {
    if (!response.ok) throw new Error(`snapshot base: HTTP ${response.status}`);
    return counted(response);
  });
}

// The download, as the reader sees it advance. On a phone on a slow link most of a boot is
// the runtime and the snapshot arriving (5.7 MB: 25 s at 2 Mbit/s), and a bar that stood
// still meanwhile was taken by the page for a stalled boot (its 45 s limit, client.js),
// which a link of 1 Mbit/s reached just before the end. Each report restarts that limit.
const download = { read: 0, total: 0, shown: -1, at: 0 }; // total: the manifest's boot_bytes
const DOWNLOAD_REPORT_MS = 100; // at most this often (a repeat visit reads it all at once)

/** A response's body as an ArrayBuffer, counted into the download as it is read. (A
 *  browser without TransformStream, older than 2021, gets no share shown, not a failure.) */
function counted(response) {
  if (!response.body || typeof TransformStream !== "function") return response.arrayBuffer();
  const count = new TransformStream({
    transform(chunk, controller) {
      download.read += chunk.byteLength;
      reportDownload();
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(count)).arrayBuffer();
}

function reportDownload() {
  if (!download.total) return;
  const share = Math.min(1, download.read / download.total);
  const pct = Math.floor(share * 100);
  const now = performance.now();
  if (pct === download.shown || (pct < 100 && now - download.at < DOWNLOAD_REPORT_MS)) return;
  download.shown = pct;
  download.at = now;
  progress("runtime", 5 + Math.round(share * 70), pct);
}

let handle = null;
// Milliseconds since the worker started, per boot phase (shown by the benchmarks).
const phases = {};
const mark = (name) => (phases[name] = Math.round(performance.now()));

// Shared (boot.js startWorker): one engine for every page of this release that connects,
// each by its own port; it outlives a page load. Else a dedicated worker, one page's.
const shared = "onconnect" in self;
const ports = [];
let lastProgress = null; // for a page that connects while the engine boots
let failure = null; // {type: "failed", message}, for a page that connects after

/** To every page of this engine. */
function tell(message) {
  if (!shared) postMessage(message);
  else for (const port of ports) port.postMessage(message);
}

/** `read`: the share of the boot's download read so far, in percent (stage "runtime"). */
function progress(stage, pct, read = null) {
  lastProgress = { type: "progress", stage, pct, download: read };
  tell(lastProgress);
}

/** A file of this site's engine, its body read as `as` ("text" | "arrayBuffer"); an HTTP
 *  error is an error naming `what`. */
function fetchBody(path, what, as) {
  return fetch(new URL(path, here)).then((r) => {
    if (!r.ok) throw new Error(`${what}: HTTP ${r.status}`);
    return r[as]();
  });
}

async function boot() {
  const t0 = performance.now();
  progress("runtime", 5);
  // The manifest names this build's wheel; fetched fresh so a new release is seen.
  const manifest = await (await manifestResponse).json();
  mark("manifest");
  download.total = manifest.boot_bytes || 0;
  // This version's policy (the snapshot holds code only, shared by every version): a
  // small JSON text named by its content, fetched while the engine downloads.
  const policy = fetchBody(manifest.policy, "policy", "text");
  policy.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  const fetchWheel = () => fetchBody(`${manifest.wheel}?v=${manifest.hash}`, "wheel", "arrayBuffer");
  const indexURL = new URL("pyodide/", here).href;
  const { loadPyodide } = await pyodideModule;
  let py = null;
  if (manifest.snapshot) {
    // Restore Python's memory with the calculators already imported (made at build
    // time under node): skips Python's start-up, the largest part of a cold boot.
    // Only the response status is awaited here; the body keeps downloading while
    // Pyodide fetches and compiles its runtime.
    const response = await fetch(new URL(manifest.snapshot, here)).catch(() => null);
    if (response && response.ok) {
      let snapshot = counted(response);
      if (manifest.snapshot_base) {
        // A delta against the runtime's wasm (read once, above, for Pyodide too).
        const base = snapshotBase(manifest.snapshot_base);
        snapshot = Promise.all([snapshot, base, snapdelta])
          .then(([file, wasm, { undoDelta }]) => undoDelta(file, wasm));
      }
      snapshot.then(() => progress("python", 80), () => {}); // (a failure: handled below)
      // The standard library the snapshot has not imported (its codecs and XML, read
      // when a file needs them): 113 kB instead of the whole archive's 3.2 MB.
      const stdLibURL = manifest.snapshot_stdlib
        ? new URL(manifest.snapshot_stdlib, here).href : undefined;
      try {
        py = await loadPyodide({ indexURL, packages: [], _loadSnapshot: snapshot, stdLibURL });
      } catch (err) {
        console.warn("Pyodide snapshot not usable, booting normally:", err);
        py = null;
      }
    } else {
      console.warn("Pyodide snapshot not available, booting normally");
    }
  }
  if (!manifest.snapshot_base) {
    // (no delta: only Pyodide's clone is read; the other copy is not kept in memory)
    wasm.then(({ response }) => response.body && response.body.cancel()).catch(() => {});
  }
  if (py) {
    // The snapshot holds every calculators module (see hooks/make_snapshot.mjs): no
    // wheel to fetch or unpack.
    mark("pyodide_from_snapshot");
  } else {
    progress("python", 20);
    const wheel = fetchWheel();
    py = await loadPyodide({ indexURL, packages: [] });
    mark("pyodide");
    progress("calculators", 80);
    // Into site-packages, not the working directory, so the package imports normally.
    const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
    py.unpackArchive(await wheel, "wheel", { extractDir: sitePackages });
    mark("wheel");
  }
  const web = py.pyimport("calculators.web");
  web.install_policy(await policy);
  mark("policy");
  handle = web.handle;
  mark("import");
  progress("ready", 100);
  return Math.round(performance.now() - t0);
}

// Pyodide reports some load failures (a blocked or corrupt wasm) only as an
// unhandled rejection while its own promise never settles: surface them.
function reportFailure(err) {
  if (failure) return;
  failure = { type: "failed", message: String(err && err.message ? err.message : err) };
  tell(failure); // (a page told so starts a new shared engine next time: boot.js)
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  reportFailure(event.reason);
});

const booted = boot();
// What this worker fetched to boot (its script, Pyodide's files, the manifest, snapshot and
// policy): on a first visit it ran before the service worker was active, so the page has
// the service worker keep these (offline.js), from the HTTP cache.
const fetched = () => [self.location.href, ...performance.getEntriesByType("resource")
  .map((e) => e.name.split("#")[0])];
let bootedAt = null; // performance.now() when the engine became ready
booted.then((ms) => {
  bootedAt = performance.now();
  if (!shared) postMessage({ type: "ready", ms, phases, urls: fetched() });
}, (err) => reportFailure(err));

if (shared) {
  self.onconnect = (event) => {
    const port = event.ports[0];
    const joined = performance.now();
    ports.push(port);
    // Requests from this page go the way the dedicated worker's do (self.onmessage), and
    // are answered on its port (event.target).
    port.onmessage = (message) => self.onmessage(message);
    if (failure) {
      port.postMessage(failure);
      return;
    }
    if (lastProgress && bootedAt === null) port.postMessage(lastProgress);
    // `ms`: how long this page waited for the engine (0 when it was running already).
    booted.then((ms) => port.postMessage({
      type: "ready", ms: Math.round(Math.min(ms, Math.max(0, bootedAt - joined))), phases,
      urls: fetched(),
    }), () => {});
  };
}

// (self.: a shared worker's global has no onmessage of its own)
self.onmessage = async (event) => {
  const { id, request } = event.data;
  const answer = (message) => event.target.postMessage(message); // this worker, or a port
  try {
    await booted;
    const t = performance.now();
    const reply = JSON.parse(handle(JSON.stringify(request)));
    phases.handle_ms ??= Math.round(performance.now() - t); // the first request's Python time
    answer({ type: "reply", id, reply, phases });
  } catch (err) {
    answer({ type: "reply", id, reply: { ok: false, errors: [{ field: "", en: String(err), zh: String(err) }] } });
  }
};
