// The batch panel's pure parts: download names and CSV bytes (docs/assets/engine/batch.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  BATCH_TIME_LIMIT_MS, csvName, csvParts, fromBase64, toBase64, waitingText, withoutBom,
} from "../../docs/assets/engine/batch.js";
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

test("downloads have an .xlsx name too; other formats are refused", () => {
  assert.equal(csvName("bonus", "results", "xlsx"), "bonus-results.xlsx");
  assert.equal(csvName("star", "template", "xlsx"), "star-template.xlsx");
  assert.throws(() => csvName("bonus", "results", "xls"), /unknown format/);
});

test("a file's bytes go to the engine as base64, untouched (GBK, UTF-16, zip)", () => {
  const gbk = new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x31, 0x0d, 0x0a]); // 张三,1
  assert.equal(toBase64(gbk), Buffer.from(gbk).toString("base64"));
  assert.deepEqual([...fromBase64(toBase64(gbk))], [...gbk]);
  const big = new Uint8Array(200_000).map((_, i) => (i * 7) % 256); // past one chunk
  assert.equal(toBase64(big.buffer), Buffer.from(big).toString("base64"));
  assert.deepEqual(fromBase64(toBase64(big)), big);
  assert.equal(toBase64(new Uint8Array(0)), "");
});

test("a batch waiting for the engine says how far its download has come, then that it computes", () => {
  assert.equal(waitingText({ state: "loading", stage: "runtime", download: 37 }, "zh"),
    "正在下载计算引擎（37%）");
  assert.equal(waitingText({ state: "idle", stage: "runtime", download: null }, "en"),
    "Downloading the calculator engine…");
  assert.equal(waitingText({ state: "loading", stage: "python", download: null }, "en"),
    "Starting Python…");
  assert.equal(waitingText({ state: "ready", stage: "ready", download: null }, "zh"), "正在计算…");
  assert.equal(waitingText({ state: "ready", stage: "ready", download: null }, "en"), "Computing…");
});
