// Run Python inside Pyodide under node, the same runtime the browser uses.
//
//   node tests/pyodide/run.mjs --wheels DIR [--wheel FILE ...] -- pytest ARGS...
//   node tests/pyodide/run.mjs --wheels DIR --wheel FILE --eval CODE
//
// Every *.whl in --wheels and each --wheel is unpacked into site-packages.
// The repository's tests/ folder is mounted read-only at /repo/tests (NODEFS), so
// the unit tests run unchanged. Exit status: pytest's, or 1 on a Python error.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const wheels = [];
let evalCode = null;
let pytestArgs = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--wheels") {
    const dir = resolve(args[++i]);
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".whl")).sort()) wheels.push(join(dir, name));
  } else if (args[i] === "--wheel") {
    wheels.push(resolve(args[++i]));
  } else if (args[i] === "--eval") {
    evalCode = args[++i];
  } else if (args[i] === "--") {
    pytestArgs = args.slice(i + 1);
    break;
  }
}

const py = await loadPyodide({ packages: [] });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
for (const wheel of wheels) {
  py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
}
py.FS.mkdirTree("/repo/tests");
py.FS.mount(py.FS.filesystems.NODEFS, { root: join(repo, "tests") }, "/repo/tests");
py.FS.mkdirTree("/work");
py.FS.chdir("/work");

let status = 0;
try {
  if (evalCode !== null) {
    const out = await py.runPythonAsync(evalCode);
    if (out !== undefined) process.stdout.write(String(out) + "\n");
  } else {
    py.globals.set("pytest_args", py.toPy(pytestArgs ?? ["/repo/tests/unit"]));
    status = await py.runPythonAsync(`
import sys, pytest
sys.dont_write_bytecode = True  # /repo/tests is the real checkout: leave no __pycache__ there
int(pytest.main(list(pytest_args)))
`);
  }
} catch (err) {
  process.stderr.write(String(err) + "\n");
  status = 1;
}
// stdout to a pipe is asynchronous in node: exit only once it has drained, or a long
// --eval result is cut off at the pipe's buffer size.
process.stdout.write("", () => process.exit(status));
