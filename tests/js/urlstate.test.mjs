// URL state: non-default inputs in the query (docs/assets/engine/urlstate.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { defaultOf, isChanged, stateHref, valuesFromQuery } from "../../docs/assets/engine/urlstate.js";

const input = (name, value, defaultValue = value) => ({ tagName: "INPUT", name, value, defaultValue });
const option = (value, defaultSelected = false) => ({ value, defaultSelected });
const select = (name, value, options) => ({ tagName: "SELECT", name, value, options });

const PAGE = "http://127.0.0.1:8000/calculators/bonus/";

test("the default of an input or a textarea is its HTML value", () => {
  assert.equal(defaultOf(input("completion", "120%", "100%")), "100%");
  assert.equal(defaultOf({ tagName: "TEXTAREA", name: "w", value: "x", defaultValue: "" }), "");
});

test("the default of a select is its selected option, else its first", () => {
  assert.equal(defaultOf(select("into", "week", [option("month"), option("quarter", true), option("week")])), "quarter");
  assert.equal(defaultOf(select("into", "week", [option("month"), option("week")])), "month");
  assert.equal(defaultOf(select("into", "", [])), "");
  assert.equal(defaultOf({ tagName: "select", value: "b", options: [option("a")] }), "a");
});

test("isChanged compares the value with the default", () => {
  assert.equal(isChanged(input("a", "1", "1")), false);
  assert.equal(isChanged(input("a", "2", "1")), true);
  assert.equal(isChanged(select("s", "y", [option("x"), option("y")])), true);
});

test("only the non-default values go into the query", () => {
  const href = stateHref(PAGE, [input("completion", "120%", "100%"), input("target_bonus", "10000")]);
  assert.equal(href, `${PAGE}?completion=120%25`);
  assert.deepEqual([...new URL(href).searchParams], [["completion", "120%"]]);
});

test("a value put back to its default leaves the query", () => {
  const href = stateHref(`${PAGE}?completion=120%25&target_bonus=2%E4%B8%87`,
    [input("completion", "100%"), input("target_bonus", "2万", "10000")]);
  assert.deepEqual([...new URL(href).searchParams], [["target_bonus", "2万"]]);
});

test("all defaults: no query at all, the hash is kept", () => {
  assert.equal(stateHref(`${PAGE}?completion=120%25#batch`, [input("completion", "100%")]), `${PAGE}#batch`);
  assert.equal(stateHref(PAGE, [input("completion", "100%")]), PAGE);
});

test("other parameters are left alone", () => {
  const href = stateHref(`${PAGE}?q=bonus`, [input("completion", "95%", "100%")]);
  assert.deepEqual([...new URL(href).searchParams], [["q", "bonus"], ["completion", "95%"]]);
});

test("full-width and Chinese text survive the round trip through the link", () => {
  const fields = [input("completion", "１２０％", "100%"), input("total", "5000万", "1000"),
    select("into", "week", [option("month", true), option("week")])];
  const href = stateHref(PAGE, fields);
  const back = valuesFromQuery(new URL(href).search, ["completion", "total", "into", "buffer"]);
  assert.deepEqual(Object.fromEntries(back), { completion: "１２０％", total: "5000万", into: "week" });
});

test("valuesFromQuery reads only the named fields that the link carries", () => {
  const values = valuesFromQuery("?completion=120%25&utm=x&target_bonus=", ["completion", "target_bonus", "other"]);
  assert.deepEqual([...values], [["completion", "120%"], ["target_bonus", ""]]);
  assert.equal(valuesFromQuery("", ["completion"]).size, 0);
});
