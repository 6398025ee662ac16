// The calculator engine: ONE module Web Worker running Pyodide, so the page
// never freezes while Python boots. Everything is loaded from this site's own
// copy (URLs relative to this file), so it works on an intranet and inside any
// mike version's sub-path; nothing is fetched from a third party.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const here = new URL("./", import.meta.url);
let handle = null;

function progress(stage, pct) {
  postMessage({ type: "progress", stage, pct });
}

async function boot() {
  const t0 = performance.now();
  progress("runtime", 5);
  // The manifest names this build's wheel; fetched fresh so a new release is seen.
  const manifest = await (await fetch(new URL("manifest.json", here), { cache: "no-cache" })).json();
  const wheel = fetch(new URL(`${manifest.wheel}?v=${manifest.hash}`, here)).then((r) => {
    if (!r.ok) throw new Error(`wheel: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  progress("python", 20);
  const indexURL = new URL("pyodide/", here).href;
  let py = null;
  if (manifest.snapshot) {
    // Restore Python's memory with the calculators already imported (made at build
    // time under node): skips Python's start-up, the largest part of a cold boot.
    try {
      const snapshot = fetch(new URL(manifest.snapshot, here)).then((r) => {
        if (!r.ok) throw new Error(`snapshot: HTTP ${r.status}`);
        return r.arrayBuffer();
      });
      py = await loadPyodide({ indexURL, packages: [], _loadSnapshot: snapshot });
    } catch (err) {
      console.warn("Pyodide snapshot not usable, booting normally:", err);
      py = null;
    }
  }
  py ??= await loadPyodide({ indexURL, packages: [] });
  progress("calculators", 80);
  // Into site-packages, not the working directory, so the package imports normally.
  // After a snapshot restore the files are needed too: the file system is not part
  // of the snapshot, and the policy data is located through them.
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(await wheel, "wheel", { extractDir: sitePackages });
  handle = py.pyimport("calculators.web").handle;
  progress("ready", 100);
  return Math.round(performance.now() - t0);
}

// Pyodide reports some load failures (a blocked or corrupt wasm) only as an
// unhandled rejection while its own promise never settles: surface them.
let failed = false;
function reportFailure(err) {
  if (failed) return;
  failed = true;
  postMessage({ type: "failed", message: String(err && err.message ? err.message : err) });
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  reportFailure(event.reason);
});

const booted = boot();
booted.then(
  (ms) => postMessage({ type: "ready", ms }),
  (err) => reportFailure(err),
);

onmessage = async (event) => {
  const { id, request } = event.data;
  try {
    await booted;
    postMessage({ type: "reply", id, reply: JSON.parse(handle(JSON.stringify(request))) });
  } catch (err) {
    postMessage({ type: "reply", id, reply: { ok: false, errors: [{ field: "", en: String(err), zh: String(err) }] } });
  }
};
