// boot.js: the early worker's messages are held until engine.js's client takes it, then
// replayed to the client's handler in order, before anything the worker says later.
import assert from "node:assert/strict";
import test from "node:test";

import {
  holdMessages, portWorker, retryLater, sharedLivesOn, startWorker, takeWorker,
} from "../../docs/assets/engine/boot.js";

// A Worker as the client uses it: an EventTarget whose `onmessage` property is a handler.
class FakeWorker extends EventTarget {
  set onmessage(fn) {
    if (this._handler) this.removeEventListener("message", this._handler);
    this._handler = fn;
    if (fn) this.addEventListener("message", fn);
  }
  say(data) {
    this.dispatchEvent(new MessageEvent("message", { data }));
  }
}

test("messages before the take are replayed in order, then live ones follow", async () => {
  const worker = new FakeWorker();
  const take = holdMessages(worker);
  worker.say({ type: "progress", pct: 5 });
  worker.say({ type: "ready", ms: 420 });
  const got = [];
  const taken = take();
  assert.equal(taken, worker);
  taken.onmessage = (event) => got.push(event.data.type); // as client.js does, same task
  assert.deepEqual(got, []); // not yet: the replay is a microtask away
  await Promise.resolve();
  assert.deepEqual(got, ["progress", "ready"]);
  worker.say({ type: "reply", id: 1 });
  assert.deepEqual(got, ["progress", "ready", "reply"]); // once each: the hold is gone
});

test("a page without the early worker gets none (engine.js then starts its own)", () => {
  assert.equal(takeWorker(), null); // no document under node: boot.js started nothing
});

// --- The shared engine (startWorker): which worker a page gets -------------------------

// A SharedWorker constructor as a browser has it: reads the options it knows (WebIDL reads
// a dictionary's members before the constructor's steps), then fails on an address that
// does not parse. `knows` lists the members this browser reads.
function fakeSharedWorker(knows) {
  const made = [];
  class FakeShared {
    constructor(url, options) {
      if (options && typeof options === "object") for (const key of knows) void options[key];
      new URL(url); // throws on "http://["
      this.url = String(url);
      this.options = options;
      const { port1, port2 } = new MessageChannel();
      this.port = port1;
      this.far = port2; // the worker's end
      made.push(this);
    }
  }
  return { FakeShared, made };
}

test("a browser that keeps a shared worker alive is told apart, starting nothing", () => {
  const keeps = fakeSharedWorker(["credentials", "extendedLifetime", "name", "type"]);
  assert.equal(sharedLivesOn(keeps.FakeShared), true);
  const older = fakeSharedWorker(["credentials", "name", "type"]); // SharedWorker, no lifetime
  assert.equal(sharedLivesOn(older.FakeShared), false);
  assert.equal(sharedLivesOn(undefined), false); // no SharedWorker at all (older WebViews)
  assert.deepEqual([...keeps.made, ...older.made], []); // the probe started no worker
});

test("one shared worker per release, kept alive; a restart gets a fresh one", () => {
  const { FakeShared, made } = fakeSharedWorker(["extendedLifetime", "name", "type"]);
  const saved = globalThis.SharedWorker;
  globalThis.SharedWorker = FakeShared;
  try {
    const url = new URL("http://host/1.2/assets/engine/worker.js");
    const first = startWorker(url, { id: "abc123", shared: true });
    const again = startWorker(url, { id: "abc123", shared: true });
    const fresh = startWorker(url, { id: "abc123", shared: true, fresh: true });
    const [a, b, c] = made;
    assert.equal(made.length, 3);
    assert.deepEqual(a.options, { type: "module", name: "abc123", extendedLifetime: true });
    assert.equal(b.options.name, "abc123"); // the same name: the browser gives the running one
    assert.notEqual(c.options.name, "abc123"); // after the time limit: not the stuck one
    assert.ok(c.options.name.startsWith("abc123 "));
    for (const w of [first, again, fresh]) w.terminate();
  } finally {
    globalThis.SharedWorker = saved;
  }
});

test("without a release id, or where workers are not kept, a dedicated worker", () => {
  const made = [];
  const saved = globalThis.Worker;
  globalThis.Worker = class { constructor(url, options) { made.push([String(url), options]); } };
  try {
    const url = new URL("http://host/assets/engine/worker.js");
    startWorker(url, { id: null, shared: true });
    startWorker(url, { id: "abc123", shared: false });
    assert.deepEqual(made, [[url.href, { type: "module" }], [url.href, { type: "module" }]]);
  } finally {
    globalThis.Worker = saved;
  }
});

test("a shared worker's port works as the client's worker, held messages and all", async () => {
  const { FakeShared, made } = fakeSharedWorker(["extendedLifetime"]);
  const shared = new FakeShared("http://host/worker.js", {});
  const worker = portWorker(shared);
  const take = holdMessages(worker);
  made[0].far.postMessage({ type: "progress", pct: 5 }); // before the client takes it
  made[0].far.postMessage({ type: "ready", ms: 0 });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const got = [];
  const taken = take();
  taken.onmessage = (event) => got.push(event.data.type);
  await Promise.resolve();
  assert.deepEqual(got, ["progress", "ready"]);
  // A request reaches the worker's end; its reply reaches the client.
  const asked = new Promise((resolve) => { made[0].far.onmessage = (e) => resolve(e.data); });
  taken.postMessage({ id: 1, request: {} });
  assert.deepEqual(await asked, { id: 1, request: {} });
  made[0].far.postMessage({ type: "reply", id: 1 });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(got, ["progress", "ready", "reply"]);
  // The worker's own error (its script failed) reaches the client's onerror.
  let error = null;
  taken.onerror = (event) => { error = event; };
  shared.onerror({ message: "boom" });
  assert.deepEqual(error, { message: "boom" });
  taken.terminate(); // this page lets go of its port
  made[0].far.close();
});

test("after a failure, this release's pages start a new shared engine, a reload too", () => {
  const { FakeShared, made } = fakeSharedWorker(["extendedLifetime", "name", "type"]);
  const saved = globalThis.SharedWorker;
  globalThis.SharedWorker = FakeShared;
  const kept = new Map();
  const store = { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => kept.set(k, v) };
  try {
    const url = new URL("http://host/assets/engine/worker.js");
    startWorker(url, { id: "abc123", shared: true, store });
    retryLater("abc123", store); // the page saw it fail
    startWorker(url, { id: "abc123", shared: true, store }); // the reload
    startWorker(url, { id: "abc123", shared: true, store }); // and the page after it
    startWorker(url, { id: "other", shared: true, store }); // another release: its own
    const names = made.map((w) => w.options.name);
    assert.equal(names[0], "abc123");
    assert.notEqual(names[1], "abc123");
    assert.ok(names[1].startsWith("abc123 "));
    assert.equal(names[2], names[1]); // the same new engine, not one per page
    assert.equal(names[3], "other");
    const refusing = { getItem() { throw new Error("denied"); }, setItem() { throw new Error("denied"); } };
    retryLater("abc123", refusing); // storage refused: nothing thrown
    startWorker(url, { id: "abc123", shared: true, store: refusing });
    assert.equal(made.at(-1).options.name, "abc123");
    for (const w of made) w.port.close();
  } finally {
    globalThis.SharedWorker = saved;
  }
});
