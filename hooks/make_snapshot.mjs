// Build-time: boot Pyodide under node with the calculators imported, their policy
// loaded and every calculator run once, then save the wasm memory as a snapshot.
// The browser restores it instead of initialising Python (see worker.js).
//
//   node hooks/make_snapshot.mjs WHEEL OUT
//
// Besides OUT it writes OUT.json: the heap's top (sbrk) and the initial memory. Pyodide
// restores a snapshot only while it fits the initial heap, so their difference is the
// headroom left for growth (hooks/engine.py logs it and check_snapshot.mjs proves the
// restore). HANDBOOK_SNAPSHOT_BALLAST_MB=N keeps N MB alive in Python before the
// snapshot: the tests grow the heap with it to show what happens past the headroom.
//
// The snapshot is only valid for the exact Pyodide build it was made with (pinned in
// package-lock.json); the hook keys its cache on that version and on the wheel hash.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { loadPyodide } = await import(join(root, "node_modules/pyodide/pyodide.mjs"));
const [wheel, out] = process.argv.slice(2);

// A fixed, minimal environment: nothing from the build machine ends up in the snapshot.
// HANDBOOK_STDLIB: the standard library archive the site ships (hooks/engine.py repacks
// Pyodide's); the snapshot holds zipimport's index of it, so both must be the same file.
const stdLibURL = process.env.HANDBOOK_STDLIB || undefined;
const py = await loadPyodide({ _makeSnapshot: true, packages: [], env: { HOME: "/home/pyodide" }, stdLibURL });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
py.runPython(`
import importlib, json, pkgutil
import calculators
from calculators import policy, web
# Every module of the package, so that nothing is imported lazily after a restore
# (the restored process has no files: the worker does not unpack the wheel then).
for info in pkgutil.walk_packages(calculators.__path__, "calculators."):
    importlib.import_module(info.name)
policy.get_policy()
# Run every registered calculator once, both languages, with its sample inputs and with
# empty ones, so the first result in the browser finds its code paths and caches warm.
from calculators.registry import CALCULATORS
for name, entry in CALCULATORS.items():
    for lang in ("zh", "en"):
        for inputs in (*entry.samples, {}):
            web.handle(json.dumps({"calculator": name, "inputs": dict(inputs), "lang": lang}))
`);
const ballast = Number(process.env.HANDBOOK_SNAPSHOT_BALLAST_MB || 0);
if (ballast > 0) py.runPython(`_handbook_ballast = bytearray(${Math.round(ballast * 1048576)})`);
const snapshot = py.makeMemorySnapshot();
writeFileSync(out, snapshot);
const m = py._module;
writeFileSync(`${out}.json`, JSON.stringify({
  heap_top: m._sbrk(0) >>> 0,
  initial_memory: m.INITIAL_MEMORY ?? null,
  memory: m.HEAP8.buffer.byteLength,
  snapshot_bytes: snapshot.byteLength,
}) + "\n");
