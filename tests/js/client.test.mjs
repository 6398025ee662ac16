// The worker client with a fake Worker and fake timers (docs/assets/engine/client.js):
// lazy start, one worker, replies matched by id, status and progress, failures, the
// boot stall watchdog and the per-request time limit (terminate, restart, resend).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ANSWERS_KEPT, STALL_MS, TIME_LIMIT_MS, TimeLimitError, UNSUPPORTED, createEngine, failedMessage,
} from "../../docs/assets/engine/client.js";

/** Timers that only move when told to. */
class FakeTimers {
  now = 0;
  #next = 1;
  #due = new Map(); // id -> {at, fn}
  setTimeout = (fn, ms = 0) => {
    const id = this.#next++;
    this.#due.set(id, { at: this.now + ms, fn });
    return id;
  };
  clearTimeout = (id) => {
    this.#due.delete(id);
  };
  get active() {
    return this.#due.size;
  }
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      const ready = [...this.#due].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at);
      if (!ready.length) break;
      const [id, { at, fn }] = ready[0];
      this.#due.delete(id);
      this.now = at;
      fn();
    }
    this.now = end;
  }
}

/** A Worker that records what the page sends; the test plays the worker's part. */
class FakeWorker {
  sent = [];
  terminated = false;
  onmessage = null;
  onerror = null;
  postMessage(message) {
    this.sent.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  emit(data) {
    this.onmessage({ data });
  }
  progress(stage, pct, download) {
    this.emit({ type: "progress", stage, pct, download });
  }
  ready(ms = 1234, phases = { pyodide_from_snapshot: 800, import: 900 }) {
    this.emit({ type: "ready", ms, phases });
  }
  reply(id, reply = { ok: true, result: { id } }) {
    this.emit({ type: "reply", id, reply });
  }
}

function setup(options = {}) {
  const timers = new FakeTimers();
  const workers = [];
  const engine = createEngine({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    timers,
    supported: () => true,
    ...options,
  });
  return { engine, timers, workers };
}

const settled = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));

test("nothing starts until asked; start() twice makes one worker", () => {
  const { engine, workers } = setup();
  assert.equal(workers.length, 0);
  assert.equal(engine.status.state, "idle");
  assert.equal(engine.status.boots, 0);
  engine.start();
  engine.start();
  assert.equal(workers.length, 1);
  assert.equal(engine.status.state, "loading");
  assert.equal(engine.status.boots, 1);
});

test("compute() starts the worker lazily and sends the request with an id and the language", () => {
  let lang = "zh";
  const { engine, workers } = setup({ lang: () => lang });
  engine.compute("bonus", { completion: "120%" });
  lang = "en";
  engine.compute("split", { total: "5000万" });
  assert.equal(workers.length, 1);
  assert.deepEqual(workers[0].sent, [
    { id: 1, request: { calculator: "bonus", inputs: { completion: "120%" }, lang: "zh" } },
    { id: 2, request: { calculator: "split", inputs: { total: "5000万" }, lang: "en" } },
  ]);
  assert.equal(engine.pending, 2);
});

test("replies are matched by id, in whatever order they come", async () => {
  const { engine, workers } = setup();
  const a = engine.compute("bonus", {});
  const b = engine.compute("bonus", {});
  const w = workers[0];
  w.ready();
  w.reply(2, { ok: true, result: { n: "b" } });
  w.reply(1, { ok: false, errors: [] });
  assert.deepEqual(await b, { ok: true, result: { n: "b" } });
  assert.deepEqual(await a, { ok: false, errors: [] });
  assert.equal(engine.pending, 0);
  w.reply(99); // an unknown id is ignored
  assert.equal(engine.pending, 0);
});

test("progress and ready update the status and tell the subscribers", () => {
  const { engine, workers } = setup();
  const seen = [];
  const stop = engine.subscribe((s) => seen.push(`${s.state}:${s.stage}:${s.pct}`));
  engine.start();
  const w = workers[0];
  w.progress("python", 20);
  w.progress("calculators", 80);
  w.ready(2500, { pyodide: 10, wheel: 20 });
  assert.deepEqual(seen, ["loading:runtime:0", "loading:python:20", "loading:calculators:80",
    "ready:calculators:80"]);
  const status = engine.status;
  assert.equal(status.readyMs, 2500);
  assert.deepEqual(status.phases, { pyodide: 10, wheel: 20 });
  stop();
  w.progress("python", 30);
  assert.equal(seen.length, 4);
});

test("the download's share is in the status while it is read, and only then", () => {
  const { engine, workers } = setup();
  const seen = [];
  engine.subscribe((s) => seen.push([s.stage, s.pct, s.download]));
  engine.start();
  const w = workers[0];
  w.progress("runtime", 5);
  w.progress("runtime", 33, 40);
  w.progress("runtime", 75, 100);
  w.progress("python", 80);
  assert.deepEqual(seen, [["runtime", 0, null], ["runtime", 5, null], ["runtime", 33, 40],
    ["runtime", 75, 100], ["python", 80, null]]);
  w.progress("runtime", 10, "12"); // not a number: no share shown
  assert.equal(engine.status.download, null);
});

test("a slow download that keeps advancing is not taken for a stalled boot", () => {
  const { engine, timers, workers } = setup();
  engine.start();
  for (let pct = 0; pct <= 100; pct += 10) { // minutes in all, never STALL_MS without a byte
    timers.advance(STALL_MS - 1);
    workers[0].progress("runtime", 5 + Math.round(pct * 0.7), pct);
  }
  assert.equal(engine.status.state, "loading");
  timers.advance(STALL_MS); // then nothing: stalled
  assert.equal(engine.status.state, "failed");
});

test("the status is a copy: a reader cannot change the engine through it", () => {
  const { engine } = setup();
  engine.status.state = "ready";
  assert.equal(engine.status.state, "idle");
});

test("a reply's phases update the status (the first request's Python time)", async () => {
  const { engine, workers } = setup();
  const p = engine.compute("bonus", {});
  workers[0].ready();
  workers[0].emit({ type: "reply", id: 1, reply: { ok: true }, phases: { handle_ms: 4 } });
  await p;
  assert.deepEqual(engine.status.phases, { handle_ms: 4 });
});

test("a worker that fails rejects what is waiting, and later requests at once", async () => {
  const { engine, workers } = setup();
  const p = settled(engine.compute("bonus", {}));
  workers[0].emit({ type: "failed", message: "wasm blocked" });
  assert.equal((await p).error.message, "wasm blocked");
  assert.equal(engine.status.state, "failed");
  assert.equal(engine.status.error, "wasm blocked");
  assert.equal((await settled(engine.compute("bonus", {}))).error.message, "wasm blocked");
  engine.start();
  assert.equal(workers.length, 1, "a failed engine is not started again");
});

test("a worker error event is a failure too (and is not reported as uncaught)", async () => {
  const { engine, workers } = setup();
  const p = settled(engine.compute("bonus", {}));
  let prevented = false;
  workers[0].onerror({ message: "SyntaxError", preventDefault: () => { prevented = true; } });
  assert.equal(prevented, true);
  assert.equal((await p).error.message, "SyntaxError");
  assert.equal(engine.status.state, "failed");
});

test("without WebAssembly or Worker the engine fails without creating a worker", async () => {
  const { engine, workers } = setup({ supported: () => false });
  const p = settled(engine.compute("bonus", {}));
  assert.equal((await p).error.message, UNSUPPORTED);
  assert.equal(workers.length, 0);
  assert.equal(engine.status.state, "failed");
  assert.equal(failedMessage(engine.status.error), "failed"); // "this browser cannot"
});

test("an engine that could not load is told apart from a browser that cannot run it", () => {
  for (const error of ["stalled", "wasm blocked", "Pyodide runtime: HTTP 404", "worker error"]) {
    assert.equal(failedMessage(error), "failed_load", error); // "check your network, reload"
  }
  assert.equal(failedMessage(UNSUPPORTED), "failed");
});

test("a Worker constructor that throws is a failure", async () => {
  const engine = createEngine({
    createWorker: () => { throw new Error("blocked by CSP"); },
    timers: new FakeTimers(),
    supported: () => true,
  });
  const p = settled(engine.compute("bonus", {}));
  assert.match((await p).error.message, /blocked by CSP/);
  assert.equal(engine.status.state, "failed");
});

test("a boot that makes no progress for STALL_MS is reported as stalled", async () => {
  const { engine, timers, workers } = setup();
  const p = settled(engine.compute("bonus", {}));
  timers.advance(STALL_MS - 1);
  workers[0].progress("python", 20); // progress restarts the watchdog
  timers.advance(STALL_MS - 1);
  assert.equal(engine.status.state, "loading");
  timers.advance(1);
  assert.equal(engine.status.state, "failed");
  assert.equal((await p).error.message, "stalled");
});

test("a ready engine has no watchdog running", () => {
  const { engine, timers, workers } = setup();
  engine.start();
  workers[0].ready();
  assert.equal(timers.active, 0);
  timers.advance(10 * STALL_MS);
  assert.equal(engine.status.state, "ready");
});

test("the time limit does not run while the engine boots", async () => {
  const { engine, timers, workers } = setup({ timeLimitMs: 1000, stallMs: 60_000 });
  const p = engine.compute("bonus", {});
  timers.advance(5000); // booting (slow network): not the request's fault
  workers[0].ready();
  timers.advance(999);
  workers[0].reply(1);
  assert.deepEqual(await p, { ok: true, result: { id: 1 } });
  assert.equal(workers.length, 1);
  assert.equal(timers.active, 0);
});

test("a request over its time limit is rejected; the worker is replaced and the queue resent", async () => {
  const { engine, timers, workers } = setup({ timeLimitMs: 1000 });
  const seen = [];
  engine.subscribe((s) => seen.push(s.state));
  const slow = settled(engine.compute("batch", { csv: "huge" }));
  const next = engine.compute("bonus", { completion: "120%" });
  const [first] = workers;
  first.ready();
  timers.advance(999);
  assert.equal(first.terminated, false);
  timers.advance(1);
  const { error } = await slow;
  assert.ok(error instanceof TimeLimitError);
  assert.equal(error.code, "timeout");
  assert.equal(error.limitMs, 1000);
  assert.equal(first.terminated, true);
  assert.equal(workers.length, 2);
  assert.equal(engine.status.boots, 2);
  assert.equal(engine.status.state, "loading");
  assert.deepEqual(seen.slice(-1), ["loading"]);
  // The request behind the slow one goes to the new worker, with its id.
  const [, second] = workers;
  assert.deepEqual(second.sent.map((m) => m.id), [2]);
  first.reply(2, { ok: true, result: { from: "old" } }); // a late answer from the old worker: ignored
  second.ready();
  second.reply(2, { ok: true, result: { from: "new" } });
  assert.deepEqual(await next, { ok: true, result: { from: "new" } });
  // And the page goes on working.
  const again = engine.compute("bonus", {});
  assert.deepEqual(second.sent.at(-1).id, 3);
  second.reply(3);
  assert.deepEqual(await again, { ok: true, result: { id: 3 } });
  assert.equal(engine.status.state, "ready");
});

test("only the request the worker is busy with is timed: a queued one waits its turn", async () => {
  const { engine, timers, workers } = setup({ timeLimitMs: 1000 });
  engine.start();
  const [w] = workers;
  w.ready();
  const a = engine.compute("bonus", {});
  const b = engine.compute("bonus", {});
  timers.advance(900);
  w.reply(1); // a took 900 ms; b's time starts now
  timers.advance(900);
  w.reply(2);
  assert.deepEqual(await a, { ok: true, result: { id: 1 } });
  assert.deepEqual(await b, { ok: true, result: { id: 2 } });
  assert.equal(workers.length, 1);
  assert.equal(timers.active, 0);
});

test("each request can bring its own time limit", async () => {
  const { engine, timers, workers } = setup({ timeLimitMs: 1000 });
  engine.start();
  workers[0].ready();
  const batch = settled(engine.compute("batch", {}, { timeLimitMs: 5000 }));
  timers.advance(4999);
  assert.equal(workers.length, 1);
  timers.advance(1);
  assert.equal((await batch).error.limitMs, 5000);
  assert.equal(workers.length, 2);
});

test("the default time limit is generous for a form and restarts only once per expiry", async () => {
  assert.ok(TIME_LIMIT_MS >= 10_000);
  const { engine, timers, workers } = setup();
  const p = settled(engine.compute("bonus", {}));
  workers[0].ready();
  timers.advance(TIME_LIMIT_MS);
  assert.ok((await p).error instanceof TimeLimitError);
  workers[1].ready();
  timers.advance(10 * TIME_LIMIT_MS); // nothing pending: nothing to time
  assert.equal(workers.length, 2);
});

test("a request made again is answered from memory, as a copy; errors and batch are not kept", async () => {
  const { engine, workers } = setup();
  const first = engine.compute("bonus", { completion: "120%" });
  const worker = workers[0];
  worker.ready();
  worker.reply(1, { ok: true, result: { payout: "30000.00" } });
  const answer = await first;
  answer.result.payout = "changed by the page"; // the kept answer is not the page's object
  assert.deepEqual(await engine.compute("bonus", { completion: "120%" }),
    { ok: true, result: { payout: "30000.00" } });
  assert.equal(worker.sent.length, 1); // the worker was not asked again

  engine.compute("bonus", { completion: "12O%" }); // a typo: an error, asked each time
  worker.reply(2, { ok: false, errors: [{ field: "completion" }] });
  engine.compute("bonus", { completion: "12O%" });
  engine.compute("batch", { csv: "a,b" });
  engine.compute("batch", { csv: "a,b" });
  assert.deepEqual(worker.sent.map((m) => m.id), [1, 2, 3, 4, 5]);
});

test("answers kept are few: the oldest goes first", async () => {
  const { engine, workers } = setup();
  for (let i = 0; i <= ANSWERS_KEPT; i++) {
    const p = engine.compute("bonus", { completion: `${i}%` });
    workers[0].reply(i + 1, { ok: true, result: { i } });
    await p;
  }
  const asked = workers[0].sent.length;
  await engine.compute("bonus", { completion: `${ANSWERS_KEPT}%` }); // the newest: kept
  assert.equal(workers[0].sent.length, asked);
  engine.compute("bonus", { completion: "0%" }); // the oldest: gone, asked again
  assert.equal(workers[0].sent.length, asked + 1);
});
