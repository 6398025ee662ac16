// The memory snapshot ships as a delta against the Pyodide runtime the page downloads
// anyway: Python's static data (its built-in types, frozen modules, string tables) is in
// pyodide.asm.wasm as data segments, and in the snapshot again, where Pyodide copied it
// at start-up. hooks/engine.py's snapshot_delta() XORs each active data segment into the
// snapshot's memory at the segment's address, so the unchanged bytes become zeros, which
// Brotli all but removes (measured: 1.3 MB less on the wire). XOR is its own inverse:
// undoDelta() does the same with the wasm's bytes and gives Pyodide its snapshot back.
//
// File: "HBXW0001" (8 bytes), then Pyodide's snapshot (its header, its JSON, then the
// memory from the offset the header gives) with the memory XORed.
// Pure (no DOM, no fetch): the worker and hooks/check_snapshot.mjs (node) import it, and
// tests/js/snapdelta.test.mjs runs it.

export const DELTA_MAGIC = "HBXW0001";
const MAGIC_BYTES = new TextEncoder().encode(DELTA_MAGIC);

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift; // not <<: offsets past 2 GB stay exact
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function sleb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) {
      if (byte & 0x40) value -= 2 ** shift;
      return [value, at];
    }
  }
}

/** The wasm module's active data segments at constant addresses: [address, start, length]
 *  (start: where its bytes are in `wasm`). Throws on a kind it does not know, so that a
 *  Pyodide built differently is noticed instead of restored wrongly. */
export function dataSegments(wasm) {
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) {
    throw new Error("not a WebAssembly module");
  }
  const out = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at++];
    let size;
    [size, at] = leb(wasm, at);
    const end = at + size;
    if (id === 11) {
      let count;
      let p;
      [count, p] = leb(wasm, at);
      for (let i = 0; i < count; i++) {
        let flag;
        [flag, p] = leb(wasm, p);
        if (flag === 1) { // passive: copied by the program itself, not at an address
          let length;
          [length, p] = leb(wasm, p);
          p += length;
          continue;
        }
        if (flag !== 0 || wasm[p] !== 0x41) throw new Error(`data segment ${i}: kind ${flag}`);
        let address;
        [address, p] = sleb(wasm, p + 1);
        if (wasm[p++] !== 0x0b) throw new Error(`data segment ${i}: offset expression`);
        let length;
        [length, p] = leb(wasm, p);
        out.push([address, p, length]);
        p += length;
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
 *  Uint8Arrays): XORed in place, returned as a view past the 8-byte mark (4-byte aligned,
 *  as Pyodide's header reader needs). */
export function undoDelta(file, wasm) {
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(file);
  const code = wasm instanceof Uint8Array ? wasm : new Uint8Array(wasm);
  if (!isDelta(bytes)) throw new Error("not a snapshot delta");
  const snapshot = bytes.subarray(MAGIC_BYTES.length);
  const memoryAt = new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
  const memory = snapshot.subarray(memoryAt);
  for (const [address, start, length] of dataSegments(code)) {
    if (address + length > memory.length) throw new Error("a data segment past the snapshot");
    for (let i = 0; i < length; i++) memory[address + i] ^= code[start + i];
  }
  return snapshot;
}
