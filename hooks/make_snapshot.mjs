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
// Before saving, the heap's free memory is zeroed so that the snapshot compresses well.
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
# Every language's catalog too: read through importlib.resources, which finds no file
# after a restore, so a catalog first asked for then would fail (zh-Hant included).
from calculators import i18n
for code in i18n.LANGUAGES:
    i18n.catalog(code)
i18n.hant_data()
# Run every registered calculator once, in every language, with its sample inputs and with
# empty ones, so the first result in the browser finds its code paths and caches warm.
from calculators.registry import CALCULATORS
for name, entry in CALCULATORS.items():
    for lang in i18n.LANGUAGES:
        for inputs in (*entry.samples, {}):
            web.handle(json.dumps({"calculator": name, "inputs": dict(inputs), "lang": lang}))
`);
const ballast = Number(process.env.HANDBOOK_SNAPSHOT_BALLAST_MB || 0);
if (ballast > 0) py.runPython(`_handbook_ballast = bytearray(${Math.round(ballast * 1048576)})`);
// Zero the heap's free memory: what Python freed (module sources read at import, the
// calculators' first results, parse buffers) keeps its old bytes, which compress badly.
// Each block malloc hands out below the heap's top is zeroed, then all are freed again
// (malloc's own free-list words are rewritten on free, so its state stays consistent);
// a request that would move the top is given back at once, so the top grows by at most
// one block. Measured: 3.4 MB zeroed, the snapshot 5.29 -> 4.65 MB with Brotli 9.
// (Python's small-object pools are not malloc blocks: their free slots stay as they are.)
py.runPython("import gc; gc.collect()");
let zeroed = 0;
{
  const m = py._module;
  const blocks = [];
  for (let size = 1 << 16; size >= 16;) {
    const top = m._sbrk(0) >>> 0;
    const p = m._malloc(size);
    if (!p) {
      size >>= 1;
    } else if ((m._sbrk(0) >>> 0) > top) {
      m._free(p);
      size >>= 1;
    } else {
      m.HEAPU8.fill(0, p, p + size);
      zeroed += size;
      blocks.push(p);
    }
  }
  for (const p of blocks) m._free(p);
}
const snapshot = py.makeMemorySnapshot();
writeFileSync(out, snapshot);
const m = py._module;
writeFileSync(`${out}.json`, JSON.stringify({
  heap_top: m._sbrk(0) >>> 0,
  initial_memory: m.INITIAL_MEMORY ?? null,
  memory: m.HEAP8.buffer.byteLength,
  snapshot_bytes: snapshot.byteLength,
  zeroed_free_bytes: zeroed,
}) + "\n");
