// Build-time: boot Pyodide under node with the calculators imported, their policy
// loaded and every calculator run once, then save the wasm memory as a snapshot.
// The browser restores it instead of initialising Python (see worker.js).
//
//   node hooks/make_snapshot.mjs WHEEL OUT
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
const py = await loadPyodide({ _makeSnapshot: true, packages: [], env: { HOME: "/home/pyodide" } });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
py.runPython(`
import json
from calculators import policy, web
policy.get_policy()
for name in web.CALCULATORS:  # import every calculator's code path once
    web.handle(json.dumps({"calculator": name, "inputs": {}}))
`);
writeFileSync(out, py.makeMemorySnapshot());
