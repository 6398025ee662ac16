// Which standard library modules the calculators use in the browser, found by running
// them: Pyodide boots under node as the worker's fallback boot does (loadPyodide, the
// wheel unpacked into site-packages, calculators.web imported), then runs
// hooks/exercise_engine.py (every calculator, batch from CSV and XLSX, templates,
// catalogs, refusals) and a Python error crossing into JavaScript (Pyodide formats its
// traceback in Python).
//
//   node hooks/stdlib_needs.mjs WHEEL
//
// Prints one JSON line {"used": [archive paths], "answers": N} and exits 0, or prints the
// error and exits 1. HANDBOOK_STDLIB: the archive to boot with (default: Pyodide's own).
// hooks/engine.py runs it with Pyodide's archive to decide what the site's archive keeps;
// tests/pyodide/test_stdlib_archive.py runs it with the trimmed one to prove it suffices.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { loadPyodide } = await import(join(root, "node_modules/pyodide/pyodide.mjs"));
const [wheel] = process.argv.slice(2);

try {
  const py = await loadPyodide({
    packages: [], env: { HOME: "/home/pyodide" }, stdLibURL: process.env.HANDBOOK_STDLIB || undefined,
  });
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
  py.pyimport("calculators.web");
  try {
    py.runPython("raise ValueError('a Python error crossing into JavaScript')");
  } catch (err) {
    if (!String(err).includes("ValueError")) throw err; // formatting it failed instead
  }
  const ns = py.globals.get("dict")();
  py.runPython(readFileSync(join(root, "hooks", "exercise_engine.py"), "utf8"), { globals: ns });
  const used = ns.get("STDLIB_USED").toJs();
  console.log(JSON.stringify({ used, answers: ns.get("ANSWERS") }));
} catch (err) {
  console.log(`the calculators failed under Pyodide: ${err && err.message ? err.message : err}`);
  process.exit(1);
}
