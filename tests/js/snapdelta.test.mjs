// The snapshot delta (docs/assets/engine/snapdelta.js): a hand-made wasm module with
// active, passive and far segments, a Pyodide-shaped snapshot, and the real runtime's wasm.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";

import { DELTA_MAGIC, DELTA_PAGE, dataSegments, isDelta, undoDelta } from "../../docs/assets/engine/snapdelta.js";

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function sleb(n) {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A module with a type section (skipped) and a data section of `segments`:
 *  {address, bytes} (active) or {bytes} (passive) or {flag, raw} (anything else). */
function module(segments) {
  const body = [...uleb(segments.length)];
  for (const s of segments) {
    if (s.flag !== undefined) body.push(...uleb(s.flag), ...s.raw);
    else if (s.address === undefined) body.push(1, ...uleb(s.bytes.length), ...s.bytes);
    else body.push(0, 0x41, ...sleb(s.address), 0x0b, ...uleb(s.bytes.length), ...s.bytes);
  }
  const types = [1, 0x60, 0, 0]; // one type: () -> ()
  return new Uint8Array([...HEADER, 1, ...uleb(types.length), ...types,
    11, ...uleb(body.length), ...body]);
}

/** A Pyodide-shaped snapshot: magic, memory offset, JSON length, 0, then `memory`. */
function snapshot(memory) {
  const head = new Uint8Array(16);
  const view = new DataView(head.buffer);
  view.setUint32(0, 0x706e7900, true);
  view.setUint32(4, 16, true);
  return new Uint8Array([...head, ...memory]);
}

function delta(snap, wasm) { // what hooks/engine.py's snapshot_delta writes
  const headLength = new DataView(snap.buffer, snap.byteOffset).getUint32(4, true);
  const memory = snap.slice(headLength);
  for (const [address, start, length] of dataSegments(wasm)) {
    for (let i = 0; i < length; i++) memory[address + i] ^= wasm[start + i];
  }
  const pages = Math.ceil(memory.length / DELTA_PAGE);
  const bitmap = new Uint8Array(Math.ceil(pages / 8));
  const kept = [];
  for (let i = 0; i < pages; i++) {
    const page = memory.subarray(i * DELTA_PAGE, (i + 1) * DELTA_PAGE);
    if (page.some((b) => b !== 0)) {
      bitmap[i >> 3] |= 1 << (i & 7);
      kept.push(...page);
    }
  }
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, memory.length, true);
  return new Uint8Array([...new TextEncoder().encode(DELTA_MAGIC), ...snap.subarray(0, headLength),
    ...length, ...bitmap, ...kept]);
}

const SEGMENTS = [
  { address: 4, bytes: [1, 2, 3] },
  { bytes: [9, 9] },
  { address: 200, bytes: [7, 8] }, // two-byte LEB128 address
  { address: 0, bytes: [] },
  // Long enough to be XORed a word at a time, at an address that is not 4-aligned.
  { address: 9, bytes: Array.from({ length: 61 }, (_, i) => (i * 13 + 5) & 0xff) },
  { address: 128, bytes: Array.from({ length: 40 }, (_, i) => 255 - i) },
];

test("the active segments are found at their addresses, passive ones skipped", () => {
  const wasm = module(SEGMENTS);
  const found = dataSegments(wasm).map(([address, start, length]) =>
    [address, [...wasm.subarray(start, start + length)]]);
  assert.deepEqual(found.slice(0, 3), [[4, [1, 2, 3]], [200, [7, 8]], [0, []]]);
  assert.deepEqual(found.map(([address, bytes]) => [address, bytes.length]).slice(3),
    [[9, 61], [128, 40]]);
});

test("undoing the delta gives the snapshot back, byte for byte, past the 8-byte mark", () => {
  const wasm = module(SEGMENTS);
  const memory = Array.from({ length: 256 }, (_, i) => (i * 37 + 11) & 0xff);
  memory.splice(4, 3, 1, 2, 3); // the segment's own bytes: zeros in the delta
  const snap = snapshot(memory);
  const file = delta(snap, wasm);
  assert.ok(isDelta(file));
  assert.deepEqual([...file.subarray(8 + 16 + 4 + 1 + 4, 8 + 16 + 4 + 1 + 7)], [0, 0, 0]);
  const back = undoDelta(file.buffer.slice(0), wasm.buffer.slice(0));
  assert.deepEqual([...back], [...snap]);
  // The same from a file that is not at the start of its buffer (a view), and the
  // delta of memory holding each segment's own bytes is zeros there.
  const padded = new Uint8Array(file.length + 3);
  padded.set(file, 3);
  assert.deepEqual([...undoDelta(padded.subarray(3), wasm)], [...snap]);
  assert.equal(back.byteOffset % 4, 0); // Pyodide reads the header as 32-bit words
});

test("pages of zeros are left out of the file and put back", () => {
  const wasm = module([{ address: DELTA_PAGE + 5, bytes: [1, 2, 3] }]);
  // Six pages and a bit: page 1 holds only the segment's own bytes (zeros in the delta),
  // page 3 is zeros, the rest hold other bytes; the last, short page too.
  const memory = new Uint8Array(6 * DELTA_PAGE + 100);
  for (const page of [0, 2, 4, 5, 6]) {
    for (let i = 0; i < DELTA_PAGE && page * DELTA_PAGE + i < memory.length; i++) {
      memory[page * DELTA_PAGE + i] = (i * 31 + page) & 0xff || 1;
    }
  }
  memory.set([1, 2, 3], DELTA_PAGE + 5);
  const snap = snapshot(memory);
  const file = delta(snap, wasm);
  assert.equal(file.length, 8 + 16 + 4 + 1 + 4 * DELTA_PAGE + 100); // pages 0, 2, 4, 5, 6
  assert.equal(file[8 + 16 + 4], 0b1110101);
  assert.deepEqual([...undoDelta(file, wasm)], [...snap]);
  // A file cut short, or with bytes past its last page, is refused.
  assert.throws(() => undoDelta(file.subarray(0, file.length - 1), wasm), /truncated/);
  assert.throws(() => undoDelta(new Uint8Array([...file, 0]), wasm), /to spare/);
  assert.throws(() => undoDelta(file.subarray(0, 20), wasm), /truncated/);
});

test("what is not a delta, or not a module it knows, is refused", () => {
  const wasm = module(SEGMENTS);
  assert.throws(() => undoDelta(snapshot([0, 0, 0, 0]), wasm), /not a snapshot delta/);
  assert.throws(() => dataSegments(new Uint8Array([1, 2, 3, 4, 1, 0, 0, 0])), /not a WebAssembly/);
  assert.throws(() => dataSegments(module([{ flag: 2, raw: [0, 0x41, 0, 0x0b, 0] }])), /kind 2/);
  assert.throws(() => dataSegments(module([{ flag: 0, raw: [0x23, 0, 0x0b, 0] }])), /kind 0/);
  const far = module([{ address: 1000, bytes: [1] }]);
  assert.throws(() => undoDelta(delta(snapshot(new Array(500).fill(7)), far), far),
    /past the snapshot/);
});

const REAL = new URL("../../node_modules/pyodide/pyodide.asm.wasm", import.meta.url);
test("the pinned runtime's wasm has only segments it knows", { skip: !existsSync(REAL) }, () => {
  const segments = dataSegments(new Uint8Array(readFileSync(REAL)));
  const bytes = segments.reduce((sum, [, , length]) => sum + length, 0);
  assert.ok(segments.length > 1000 && bytes > 1_000_000, `${segments.length} segments, ${bytes} bytes`);
});
