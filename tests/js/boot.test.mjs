// boot.js: the early worker's messages are held until engine.js's client takes it, then
// replayed to the client's handler in order, before anything the worker says later.
import assert from "node:assert/strict";
import test from "node:test";

import { holdMessages, takeWorker } from "../../docs/assets/engine/boot.js";

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
