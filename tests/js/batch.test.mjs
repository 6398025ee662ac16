// The batch panel's pure parts: download names and CSV bytes (docs/assets/engine/batch.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { BATCH_TIME_LIMIT_MS, csvName, csvParts, withoutBom } from "../../docs/assets/engine/batch.js";
import { TIME_LIMIT_MS } from "../../docs/assets/engine/client.js";

test("downloads are named after the calculator", () => {
  assert.equal(csvName("bonus", "results"), "bonus-results.csv");
  assert.equal(csvName("split", "template"), "split-template.csv");
  assert.equal(csvName("deviation", "results"), "deviation-results.csv");
  assert.throws(() => csvName("bonus", "other"), /unknown download/);
});

test("a downloaded CSV starts with a BOM (Excel reads UTF-8 only then)", async () => {
  const parts = csvParts("姓名,奖金\n张三,1000\n");
  assert.deepEqual(parts, ["\ufeff", "姓名,奖金\n张三,1000\n"]);
  const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
});

test("a chosen file's BOM is dropped, only at the start", () => {
  assert.equal(withoutBom("\ufeffa,b\n1,2\n"), "a,b\n1,2\n");
  assert.equal(withoutBom("a,b\n"), "a,b\n");
  assert.equal(withoutBom("a\ufeff"), "a\ufeff");
});

test("a batch may take longer than one form's figures", () => {
  assert.ok(BATCH_TIME_LIMIT_MS > TIME_LIMIT_MS);
});
