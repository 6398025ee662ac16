// Build-time proof that the memory snapshot restores: a fresh Pyodide under node loads
// it exactly as the browser worker does (worker.js: the delta undone by snapdelta.js,
// loadPyodide({_loadSnapshot}), then
// calculators.web.install_policy with the build's policy), then runs every registered
// calculator's sample inputs, in every language, through calculators.web.handle, and
// imports each module of the standard library archive it is given (HANDBOOK_STDLIB: the
// one the browser restores with, of the modules the snapshot has not imported, named in
// HANDBOOK_STDLIB_MODULES, comma-separated).
//
//   node hooks/check_snapshot.mjs SNAPSHOT POLICY_JSON
//
// Prints one JSON line {"ok": true, "restore_ms": ..., "answers": N} and exits 0, or
// prints the reason and exits 1: hooks/engine.py then fails the build instead of
// shipping a snapshot the browser would silently skip (a slow boot nobody notices).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { loadPyodide } = await import(join(root, "node_modules/pyodide/pyodide.mjs"));
const { isDelta, undoDelta } = await import(join(root, "docs/assets/engine/snapdelta.js"));
const [snapshot, policyFile] = process.argv.slice(2);

try {
  const t = performance.now();
  // A delta (what the build ships) is undone against the runtime's wasm, as the worker
  // does; a plain snapshot is restored as it is.
  let bytes = new Uint8Array(readFileSync(snapshot));
  if (isDelta(bytes)) {
    bytes = undoDelta(bytes, readFileSync(join(root, "node_modules/pyodide/pyodide.asm.wasm")));
  }
  const py = await loadPyodide({
    packages: [], _loadSnapshot: bytes,
    stdLibURL: process.env.HANDBOOK_STDLIB || undefined, // the archive the worker gives it
  });
  const restoreMs = Math.round(performance.now() - t);
  py.pyimport("calculators.web").install_policy(readFileSync(policyFile, "utf-8"));
  const answers = py.runPython(`
import json
from calculators import i18n, web
from calculators.registry import CALCULATORS
bad = []
count = 0
for name, entry in CALCULATORS.items():
    for lang in i18n.LANGUAGES:
        for inputs in entry.samples:
            request = {"calculator": name, "inputs": dict(inputs), "lang": lang}
            reply = json.loads(web.handle(json.dumps(request)))
            count += 1
            if not reply.get("ok"):
                bad.append(f"{name} {lang} {inputs}: {reply.get('errors')}")
if bad:
    raise RuntimeError("; ".join(bad))
count
`);
  // What the restored engine imports later (a CSV's codec, an XLSX's XML) is there.
  const modules = (process.env.HANDBOOK_STDLIB_MODULES || "").split(",").filter(Boolean);
  py.runPython(`
import importlib
for name in ${JSON.stringify(modules)}:
    importlib.import_module(name)
`);
  console.log(JSON.stringify({ ok: true, restore_ms: restoreMs, answers }));
} catch (err) {
  console.log(`snapshot does not restore: ${err && err.name ? err.name + ": " : ""}${err && err.message ? err.message : err}`);
  process.exit(1);
}
