import assert from "node:assert/strict";
import { test } from "node:test";
import { COALESCE_MS, History } from "../src/model/history";

test("150 edits can all be undone and redone", () => {
  const history = new History(0);
  for (let i = 1; i <= 150; i += 1) history.commit(i);
  assert.equal(history.depth, 150);
  for (let i = 149; i >= 0; i -= 1) assert.equal(history.undo(), i);
  assert.equal(history.canUndo, false);
  assert.equal(history.undo(), 0);
  for (let i = 1; i <= 150; i += 1) assert.equal(history.redo(), i);
  assert.equal(history.canRedo, false);
});

test("the oldest steps go past the limit, never the recent ones", () => {
  const history = new History(0, 120);
  for (let i = 1; i <= 200; i += 1) history.commit(i);
  assert.equal(history.depth, 120);
  let value = 200;
  while (history.canUndo) value = history.undo();
  assert.equal(value, 80);
});

test("a drag is one undo step however many moves it makes", () => {
  const history = new History("start");
  for (let i = 0; i < 50; i += 1) history.commit(`drag ${i}`, "gesture:1");
  history.seal();
  history.commit("drag again", "gesture:1");
  assert.equal(history.depth, 2);
  assert.equal(history.undo(), "drag 49");
  assert.equal(history.undo(), "start");
});

test("typing coalesces within a pause, and a long pause starts a new step", () => {
  const history = new History("");
  history.commit("J", "text:o1", 1000);
  history.commit("Je", "text:o1", 1200);
  history.commit("Jea", "text:o1", 1300 + COALESCE_MS + 1);
  assert.equal(history.depth, 2);
  assert.equal(history.undo(), "Je");
  // A different key never coalesces.
  history.commit("x", "text:o2", 5000);
  history.commit("y", "text:o1", 5001);
  assert.equal(history.depth, 3);
});

test("a new edit clears redo", () => {
  const history = new History(0);
  history.commit(1);
  history.commit(2);
  history.undo();
  assert.equal(history.canRedo, true);
  history.commit(3);
  assert.equal(history.canRedo, false);
  assert.equal(history.redo(), 3);
  assert.equal(history.undo(), 1);
});

test("undo ends coalescing: the next edit is its own step", () => {
  const history = new History("a");
  history.commit("ab", "text:o1", 1);
  history.undo();
  history.commit("ac", "text:o1", 2);
  assert.equal(history.depth, 1);
  assert.equal(history.undo(), "a");
});

test("committing the same state is not a step; reset forgets everything", () => {
  const state = { v: 1 };
  const history = new History(state);
  history.commit(state);
  assert.equal(history.depth, 0);
  history.commit({ v: 2 });
  history.reset({ v: 3 });
  assert.equal(history.canUndo, false);
  assert.equal(history.canRedo, false);
  assert.deepEqual(history.present, { v: 3 });
});
