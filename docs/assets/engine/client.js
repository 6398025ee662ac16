// The worker client: ONE calculator worker (worker.js), started lazily, requests and
// replies matched by id, the engine's status and boot progress for the widgets, and a
// time limit per request.
//
// Protocol (worker.js): the page posts {id, request: {calculator, inputs, lang}}; the
// worker posts {type: "progress", stage, pct, download}, {type: "ready", ms, phases},
// {type: "failed", message} and {type: "reply", id, reply, phases?}. The worker answers
// requests one at a time, in the order they were sent.
//
// Time limit: the oldest unanswered request is the one the worker is busy with, so only
// it is timed, from the moment the engine is ready (booting has its own stall watchdog).
// A request still unanswered after its limit is rejected with a TimeLimitError; the
// worker is terminated and a new one started, and the requests queued behind it are
// sent again to the new worker, so the page stays usable.
//
// Pure: the Worker constructor, the timers and the language come from the caller, and
// nothing touches `document` or `window` (tests/js/client.test.mjs drives it with a
// fake worker and fake timers).

export const TIME_LIMIT_MS = 30_000;
// How many answers compute() keeps for requests made again (small: one page's worth).
export const ANSWERS_KEPT = 32;
// A boot that makes no progress for this long (a stalled network) is reported as
// failed rather than leaving the reader looking at a progress bar forever.
export const STALL_MS = 45_000;
// The engine's error when this browser cannot run it at all (no WebAssembly or no
// workers), as opposed to an engine that could not be downloaded or started.
export const UNSUPPORTED = "no WebAssembly";

/** The catalog message for a failed engine (its status.error): the browser, or the load. */
export function failedMessage(error) {
  return error === UNSUPPORTED ? "failed" : "failed_load";
}

export class TimeLimitError extends Error {
  constructor(limitMs) {
    super(`no reply within ${limitMs} ms`);
    this.name = "TimeLimitError";
    this.code = "timeout";
    this.limitMs = limitMs;
  }
}

function defaultSupported() {
  return typeof WebAssembly === "object" && typeof Worker === "function";
}

/**
 * The engine client. Options:
 *   createWorker()  -> a Worker (required; called on start and on a restart)
 *   lang()          -> the page's catalog language ("zh", "en", "zh-Hant"), sent with
 *                      each request (default "zh"; strings.js pageLang normalises it)
 *   timers          -> {setTimeout, clearTimeout} (default: the global ones)
 *   supported()     -> whether this browser can run the engine (WebAssembly + Worker)
 *   timeLimitMs, stallMs
 */
export function createEngine({
  createWorker,
  lang = () => "zh",
  timers = globalThis,
  supported = defaultSupported,
  timeLimitMs = TIME_LIMIT_MS,
  stallMs = STALL_MS,
} = {}) {
  const status = {
    state: "idle", // idle | loading | ready | failed
    stage: "runtime",
    pct: 0,
    download: null, // the share of the download read, in percent, while it is (stage runtime)
    readyMs: null,
    phases: null, // per-phase boot times from the worker (form.js shows how it booted)
    urls: [], // what the worker fetched to boot (offline.js has the service worker keep it)
    boots: 0, // workers started in this document (1 unless a request timed out)
    error: null,
  };
  let worker = null;
  let nextId = 1;
  const pending = new Map(); // id -> {message, limitMs, resolve, reject}; in sending order
  const listeners = new Set();
  let stallTimer = null;
  let limit = null; // {id, timer}: the time limit running for the oldest request

  const notify = () => {
    for (const fn of [...listeners]) fn(status);
  };

  const clearStall = () => {
    if (stallTimer !== null) timers.clearTimeout(stallTimer);
    stallTimer = null;
  };

  const watchdog = () => {
    clearStall();
    if (status.state === "loading") stallTimer = timers.setTimeout(() => fail("stalled"), stallMs);
  };

  const clearLimit = () => {
    if (limit) timers.clearTimeout(limit.timer);
    limit = null;
  };

  // Time the oldest unanswered request, once the engine is ready.
  const armLimit = () => {
    if (status.state !== "ready" || pending.size === 0) return;
    const [id, entry] = pending.entries().next().value;
    if (limit && limit.id === id) return;
    clearLimit();
    limit = { id, timer: timers.setTimeout(() => expire(id), entry.limitMs) };
  };

  function fail(message) {
    clearStall();
    clearLimit();
    status.state = "failed";
    status.error = message;
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
    notify();
  }

  function onMessage({ data }) {
    if (!data || typeof data !== "object") return;
    if (data.type === "progress") {
      status.stage = data.stage;
      status.pct = data.pct;
      status.download = Number.isFinite(data.download) ? data.download : null;
    } else if (data.type === "ready") {
      status.state = "ready";
      status.readyMs = data.ms;
      status.phases = data.phases || null;
      status.urls = Array.isArray(data.urls) ? data.urls : [];
      armLimit();
    } else if (data.type === "failed") {
      fail(data.message);
      return;
    } else if (data.type === "reply") {
      if (data.phases) status.phases = data.phases;
      const entry = pending.get(data.id);
      pending.delete(data.id);
      if (limit && limit.id === data.id) clearLimit();
      armLimit();
      if (entry) entry.resolve(data.reply);
      return;
    } else {
      return;
    }
    watchdog();
    notify();
  }

  function launch() {
    status.state = "loading";
    status.stage = "runtime";
    status.pct = 0;
    status.download = null;
    status.boots += 1;
    let created;
    try {
      created = createWorker();
    } catch (err) {
      worker = null;
      fail(String(err));
      return false;
    }
    worker = created;
    // A worker that was replaced (time limit) is not listened to any more.
    created.onmessage = (event) => {
      if (created === worker) onMessage(event);
    };
    created.onerror = (event) => {
      if (event && typeof event.preventDefault === "function") event.preventDefault();
      if (created === worker) fail((event && event.message) || "worker error");
    };
    watchdog();
    notify();
    return true;
  }

  // The oldest request ran out of time: stop that worker, start a new one.
  function expire(id) {
    if (!limit || limit.id !== id) return;
    limit = null;
    const entry = pending.get(id);
    pending.delete(id);
    if (worker) worker.terminate();
    worker = null;
    clearStall();
    if (entry) entry.reject(new TimeLimitError(entry.limitMs));
    if (status.state === "failed") return;
    if (launch()) for (const queued of pending.values()) worker.postMessage(queued.message);
  }

  function start() {
    if (worker || status.state === "failed") return;
    if (!supported()) {
      fail(UNSUPPORTED);
      return;
    }
    launch();
  }

  // Answers already given, by request. A calculator's answer depends on its inputs, the
  // language and this page's policy only, so a request made again (instant navigation
  // back to a calculator page, a value typed, changed and typed back) is answered at once
  // from here, as a copy, without the worker. Not batch requests: files are large.
  const answered = new Map();

  function remember(key, reply) {
    if (!key || !reply || !reply.ok) return;
    answered.delete(key);
    answered.set(key, structuredClone(reply));
    if (answered.size > ANSWERS_KEPT) answered.delete(answered.keys().next().value);
  }

  function compute(calculator, inputs, options = {}) {
    start();
    if (status.state === "failed") return Promise.reject(new Error(status.error));
    const request = { calculator, inputs, lang: lang() };
    const key = calculator === "batch" ? null : JSON.stringify(request);
    if (key && answered.has(key)) return Promise.resolve(structuredClone(answered.get(key)));
    const id = nextId++;
    const message = { id, request };
    return new Promise((resolve, reject) => {
      const answer = (reply) => {
        remember(key, reply);
        resolve(reply);
      };
      pending.set(id, { message, limitMs: options.timeLimitMs ?? timeLimitMs,
        resolve: answer, reject });
      worker.postMessage(message);
      armLimit();
    });
  }

  /** Call `fn(status)` on every change; returns the function that stops it. */
  function subscribe(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  }

  return {
    start,
    compute,
    subscribe,
    /** The engine's status (read-only view): state, stage, pct, readyMs, phases, boots, error. */
    get status() {
      return { ...status };
    },
    /** How many requests are waiting for a reply. */
    get pending() {
      return pending.size;
    },
  };
}
