// Build-time: boot Pyodide under node with the calculators and their catalogs imported,
// then save the wasm memory as a snapshot. The browser restores it instead of
// initialising Python (see worker.js), then installs its version's policy
// (calculators.web.install_policy): the snapshot holds code only.
//
//   node hooks/make_snapshot.mjs WHEEL OUT
//
// Deterministic: the same wheel code, standard library archive and Pyodide give the same
// bytes. Python's clock and entropy are made reproducible for this process only (below),
// and the hash seed is fixed, so two builds (two published versions) produce one file,
// which git stores once. A reader's restored engine shares those start values (the hash
// seed, the state of `random`): the calculators use neither for anything secret.
//
// Besides OUT it writes OUT.json: the heap's top (sbrk) and the initial memory. Pyodide
// restores a snapshot only while it fits the initial heap, so their difference is the
// headroom left for growth (hooks/engine.py logs it and check_snapshot.mjs proves the
// restore). HANDBOOK_SNAPSHOT_BALLAST_MB=N keeps N MB alive in Python before the
// snapshot: the tests grow the heap with it to show what happens past the headroom.
// Before saving, the heap's free memory is zeroed so that the snapshot compresses well.
//
// The snapshot is only valid for the exact Pyodide build it was made with (pinned in
// package-lock.json); the hook keys its cache on that version and on the code's hash.
import nodeCrypto from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// A clock that advances by one second per reading from a fixed date (file times in the
// in-memory file system, which importlib's caches keep), a monotonic counter, and a
// seeded byte stream for entropy (os.urandom, random's seed): all that varied from one
// run to the next in the saved memory.
{
  let now = Date.UTC(2026, 0, 1);
  Date.now = () => (now += 1000);
  let tick = 0;
  performance.now = () => (tick += 1);
  let seed = 20260101;
  const fill = (view) => {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    return view;
  };
  globalThis.crypto.getRandomValues = fill;
  nodeCrypto.randomFillSync = fill; // what Emscripten's entropy uses under node
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [wheel, out] = process.argv.slice(2);
// Emscripten hands node's command line to Python (sys.argv, sys.orig_argv): this script's
// path and the build's temporary file names would end up in the saved memory.
process.argv = [process.argv[0], "make_snapshot"];
const { loadPyodide } = await import(join(root, "node_modules/pyodide/pyodide.mjs"));

// A fixed, minimal environment: nothing from the build machine ends up in the snapshot.
// HANDBOOK_STDLIB: the standard library archive the site ships (hooks/engine.py repacks
// Pyodide's). The snapshot keeps no index of it (see below): a restored engine is given
// another archive, of what the snapshot has not imported.
const stdLibURL = process.env.HANDBOOK_STDLIB || undefined;
// PYTHONOPTIMIZE=2 (python -OO): the modules imported into the snapshot keep no docstrings
// and no assert statements. Nothing in the browser reads a docstring (no help(), no
// argparse there), and the calculators' few asserts state invariants, not checks of what
// a reader types. Measured: the heap's top 0.8 MB lower (more headroom), the snapshot
// 12.47 -> 11.54 MB, 3.56 -> 3.28 MB with Brotli 9. The restored engine keeps the flag: a
// module it imports later is compiled so too. (A boot without the snapshot runs plain.)
// PYTHONNODEBUGRANGES (python -X no_debug_ranges): its code objects keep line numbers but
// no column positions, which only a traceback's ^^^ markers read (a reader never sees a
// traceback: errors reach them as catalog messages). Column tables are dense and
// compress badly: measured, the snapshot's Brotli 3.30 -> 3.00 MB (quality 9).
const env = {
  HOME: "/home/pyodide", PYTHONHASHSEED: "0", PYTHONOPTIMIZE: "2", PYTHONNODEBUGRANGES: "1",
};
const py = await loadPyodide({ _makeSnapshot: true, packages: [], env, stdLibURL });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
py.runPython(`
import importlib
# The browser's entry first: importing it (and all it imports) before the rest leaves the
# heap's top 1.2 MB lower than walking the package in name order does (measured), and
# that headroom is what lets the snapshot restore.
from calculators import web
# Every module a browser runs, so that nothing is imported lazily after a restore (the
# restored process has no files: the worker does not unpack the wheel then). Not the
# command line (web.NOT_IN_BROWSER, with argparse and gettext): 0.09 MB with Brotli.
for name in web.browser_modules():
    importlib.import_module(name)
# Every language's catalog too: read through importlib.resources, which finds no file
# after a restore, so a catalog first asked for then would fail (zh-Hant included).
from calculators import i18n
for code in i18n.LANGUAGES:
    i18n.catalog(code)
# No policy: the worker installs its version's (web.install_policy), so that versions
# whose code is the same share this file. Nor are the calculators run here: that would
# need a policy, and measured under node it saved nothing on the first result.
`);
// The standard library archive's entries that the snapshot has not imported: what the
// restored engine may still read from it (codecs and XML, imported when a file needs
// them). The browser restores with an archive of these only (hooks/engine.py), 0.6 MB
// less on the wire. So zipimport's index of this archive is dropped: the restored engine
// reads the index of the archive it has when it first imports from it.
const lazyStdlib = JSON.parse(py.runPython(`
import json, sys, zipimport
_archive = next(p for p in sys.path if p.endswith(".zip"))
_loaded = {m.__spec__.origin[len(_archive) + 1:] for m in list(sys.modules.values())
           if getattr(m, "__spec__", None) is not None
           and (m.__spec__.origin or "").startswith(_archive + "/")}
_lazy = sorted(name for name in zipimport._zip_directory_cache[_archive]
               if name not in _loaded and not name.endswith("/"))  # (its folders too)
zipimport._zip_directory_cache.clear()
sys.path_importer_cache.pop(_archive, None)
_out = json.dumps(_lazy)
del _archive, _loaded, _lazy
_out
`));
py.runPython("del _out");
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
  lazy_stdlib: lazyStdlib,
}) + "\n");
