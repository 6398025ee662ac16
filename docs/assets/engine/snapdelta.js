// The memory snapshot ships as a delta against the Pyodide runtime the page downloads
// anyway: Python's static data (its built-in types, frozen modules, string tables) is in
// pyodide.asm.wasm as data segments, and in the snapshot again, where Pyodide copied it
// at start-up. hooks/engine.py's snapshot_delta() XORs each active data segment into the
// snapshot's memory at the segment's address, so the unchanged bytes become zeros, which
// Brotli all but removes (measured: 1.05 MB less on the wire with Brotli). It then leaves
// out the memory's pages that are all zeros (19 of its 31 MB), which a reader's browser
// would otherwise store (restoring measured as fast). undoDelta() puts the pages back in a
// memory of zeros and XORs the wasm's bytes in again (XOR is its own inverse), giving
// Pyodide its snapshot back.
//
// File: "HBXW0002" (8 bytes); Pyodide's snapshot head (its header and JSON, up to the
// memory's offset, which its header gives at bytes 4-8); the memory's length (u32, little-
// endian); one bit per 4096-byte page of memory, set where the page is in the file (bit
// i & 7 of byte i >> 3); those pages, in order (the last may be short).
// Pure (no DOM, no fetch): the worker and hooks/check_snapshot.mjs (node) import it, and
// tests/js/snapdelta.test.mjs runs it.

export const DELTA_MAGIC = "HBXW0002";
export const DELTA_PAGE = 4096;
const MAGIC_BYTES = new TextEncoder().encode(DELTA_MAGIC);

/** The wasm module's active data segments at constant addresses: [address, start, length]
 *  (start: where its bytes are in `wasm`). Throws on a kind it does not know, so that a
 *  Pyodide built differently is noticed instead of restored wrongly. (One reader with
 *  its own position, no array per number: 14,579 segments, parsed while the engine waits.) */
export function dataSegments(wasm) {
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) {
    throw new Error("not a WebAssembly module");
  }
  let at = 8;
  const unsigned = () => {
    let value = 0;
    let scale = 1; // not <<: offsets past 2 GB stay exact
    for (;;) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return value;
    }
  };
  const signed = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return byte & 0x40 ? value - scale : value;
    }
  };
  const out = [];
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = unsigned();
    const end = at + size;
    if (id === 11) {
      const count = unsigned();
      for (let i = 0; i < count; i++) {
        const flag = unsigned();
        if (flag === 1) { // passive: copied by the program itself, not at an address
          const length = unsigned(); // (not `at += unsigned()`: that adds to the old `at`)
          at += length;
          continue;
        }
        if (flag !== 0 || wasm[at] !== 0x41) throw new Error(`data segment ${i}: kind ${flag}`);
        at += 1;
        const address = signed();
        if (wasm[at++] !== 0x0b) throw new Error(`data segment ${i}: offset expression`);
        const length = unsigned();
        out.push([address, at, length]);
        at += length;
      }
    }
    at = end;
  }
  return out;
}

/** Whether `file` (Uint8Array) is a delta (starts with DELTA_MAGIC). */
export function isDelta(file) {
  return MAGIC_BYTES.every((b, i) => file[i] === b);
}

/** Pyodide's snapshot from a delta file and the wasm it was made against (ArrayBuffers or
 *  Uint8Arrays): a new Uint8Array (at offset 0 of its buffer, so 4-byte aligned, as
 *  Pyodide's header reader needs). */
export function undoDelta(file, wasm) {
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(file);
  const code = wasm instanceof Uint8Array ? wasm : new Uint8Array(wasm);
  if (!isDelta(bytes)) throw new Error("not a snapshot delta");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headAt = MAGIC_BYTES.length;
  if (bytes.length < headAt + 8) throw new Error("a truncated snapshot delta");
  const memoryAt = view.getUint32(headAt + 4, true);
  const bitmapAt = headAt + memoryAt + 4;
  if (bytes.length < bitmapAt) throw new Error("a truncated snapshot delta");
  const memoryLength = view.getUint32(bitmapAt - 4, true);
  const pages = Math.ceil(memoryLength / DELTA_PAGE);
  let from = bitmapAt + Math.ceil(pages / 8);
  const snapshot = new Uint8Array(memoryAt + memoryLength); // zeros where no page is kept
  snapshot.set(bytes.subarray(headAt, headAt + memoryAt));
  const memory = snapshot.subarray(memoryAt);
  for (let i = 0; i < pages; i++) {
    if (!(bytes[bitmapAt + (i >> 3)] & (1 << (i & 7)))) continue;
    const length = Math.min(DELTA_PAGE, memoryLength - i * DELTA_PAGE);
    if (from + length > bytes.length) throw new Error("a truncated snapshot delta");
    memory.set(bytes.subarray(from, from + length), i * DELTA_PAGE);
    from += length;
  }
  if (from !== bytes.length) throw new Error("a snapshot delta with bytes to spare");
  for (const [address, start, length] of dataSegments(code)) {
    if (address + length > memory.length) throw new Error("a data segment past the snapshot");
    xorInto(memory, address, code.subarray(start, start + length));
  }
  return snapshot;
}

/** memory[at + i] ^= bytes[i], four bytes at a time where memory is 4-byte aligned (the
 *  restore waits for this: 3.2 MB in 14,579 segments, byte by byte 45-150 ms here). */
let scratch = new Uint32Array(0);
function xorInto(memory, at, bytes) {
  let i = 0;
  while (i < bytes.length && (memory.byteOffset + at + i) % 4 !== 0) {
    memory[at + i] ^= bytes[i];
    i++;
  }
  const words = (bytes.length - i) >>> 2;
  if (words >= 64) { // (views cost more than they save on short segments)
    // A copy (the wasm's bytes are not aligned), into one scratch buffer that grows.
    if (scratch.length < words) scratch = new Uint32Array(words);
    new Uint8Array(scratch.buffer, 0, words * 4).set(bytes.subarray(i, i + words * 4));
    const ours = new Uint32Array(memory.buffer, memory.byteOffset + at + i, words);
    for (let w = 0; w < words; w++) ours[w] ^= scratch[w];
    i += words * 4;
  }
  for (; i < bytes.length; i++) memory[at + i] ^= bytes[i];
}
