import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { solve, type Model } from 'yalps';
import { solveWithHighs } from '../../../bench/placement/solveWithHighs';
import { toLpFormat } from '../../../bench/placement/toLpFormat';

// Worked by hand. a, c integer, b binary, d continuous:
//   minimise 3a + 2b + 4c - d
//   a + b + 2c >= 2.5 (given twice: >= 2 and >= 2.5; the tighter one holds)
//   1 <= a + c <= 1.5, so a + c = 1 in integers
//   d fixed to 0 (`equal` wins over `min: 5`, which would let d reach 5 and the objective fall by 5)
// a = 1, c = 0 needs b >= 1.5: impossible. a = 0, c = 1 needs b >= 0.5: b = 1. Optimum 2 + 4 = 6 at (0, 1, 1, 0).
// The LP relaxation is lower (a = 0.25, c = 0.75, b = 1: 5.75), so a writer that drops the integrality is caught.
const tricky: Model = {
  direction: 'minimize',
  objective: 'cost',
  constraints: [
    ['cover', { min: 2 }],
    ['cover', { min: 2.5 }],
    ['pair', { min: 1, max: 1.5 }],
    ['fixed', { equal: 0, min: 5 }],
    ['cost', { max: 100 }],
  ],
  variables: {
    'a b': { cost: 3, cover: 1, pair: 1, unknownRow: 7 },
    '2nd': { cost: 2, cover: 1 },
    'c:3 [x]': { cost: 4, cover: 2, pair: 1 },
    d: { cost: -1, fixed: 1 },
    idle: {},
  },
  integers: ['a b', 'c:3 [x]'],
  binaries: ['2nd'],
};

test('the LP text names every column readably and safely, and declares integers and binaries', () => {
  const lp = toLpFormat(tricky);
  assert.deepEqual(
    lp.columns.map((c) => c.key),
    ['a b', '2nd', 'c:3 [x]', 'd', 'idle'],
  );
  for (const { lpName } of lp.columns) assert.match(lpName, /^x_[A-Za-z0-9_.]+$/);
  assert.equal(new Set(lp.columns.map((c) => c.lpName)).size, 5);
  assert.match(lp.text, /^Minimize\n obj: 3 x_a_b \+ 2 x_2nd \+ 4 x_c_3__x_ - 1 x_d\n/);
  assert.match(lp.text, /\nGeneral\n x_a_b x_c_3__x_\nBinary\n x_2nd\nEnd\n$/);
  assert.doesNotMatch(lp.text, /unknownRow/);
  // The objective under a constraint of its own is a row as well.
  assert.match(lp.text, / c_cost: 3 x_a_b \+ 2 x_2nd \+ 4 x_c_3__x_ - 1 x_d <= 100/);
});

test('names that sanitise alike stay distinct', () => {
  const lp = toLpFormat({ objective: 'o', constraints: {}, variables: [['a b', { o: 1 }], ['a_b', { o: 1 }], ['a b', { o: 2 }]] });
  assert.deepEqual(
    lp.columns.map((c) => c.lpName),
    ['x_a_b', 'x_a_b_2', 'x_a_b_3'],
  );
});

test('HiGHS and yalps agree on the hand-worked optimum of the written model', async () => {
  const yalps = solve(tricky);
  assert.equal(yalps.status, 'optimal');
  assert.equal(yalps.result, 6);
  const highs = await solveWithHighs(tricky, { timeLimitSeconds: 10 });
  assert.equal(highs.status, 'optimal');
  assert.equal(highs.proven, true);
  assert.ok(Math.abs(highs.objective - 6) < 1e-9);
  assert.ok(Math.abs(highs.bound - 6) < 1e-9);
  const values = new Map(highs.solution.variables);
  assert.deepEqual([values.get('a b') ?? 0, values.get('2nd'), values.get('c:3 [x]'), values.get('d') ?? 0], [0, 1, 1, 0]);
  assert.deepEqual(new Map(yalps.variables), values);
});

test('a model without a direction is maximised, as yalps does, and integrality cuts the LP optimum 1.5 to 1', async () => {
  const model: Model = { objective: 'v', constraints: { room: { max: 3 } }, variables: { x: { v: 1, room: 2 }, y: { v: 1, room: 2 } }, integers: true };
  assert.match(toLpFormat(model).text, /^Maximize\n/);
  const highs = await solveWithHighs(model, { timeLimitSeconds: 10 });
  assert.equal(highs.objective, 1);
  assert.equal(solve(model).result, 1);
  const relaxed = await solveWithHighs({ ...model, integers: false }, { timeLimitSeconds: 10 });
  assert.ok(Math.abs(relaxed.objective - 1.5) < 1e-9);
  assert.ok(Math.abs(relaxed.bound - 1.5) < 1e-9, 'an LP proven optimal is its own bound');
});

test('an infeasible model reads as infeasible in both', async () => {
  const model: Model = { direction: 'minimize', objective: 'o', constraints: { low: { min: 3 }, high: { max: 2 } }, variables: { x: { o: 1, low: 1, high: 1 } } };
  assert.equal(solve(model).status, 'infeasible');
  const highs = await solveWithHighs(model, { timeLimitSeconds: 10 });
  assert.equal(highs.status, 'infeasible');
  assert.equal(highs.solution.status, 'infeasible');
  assert.deepEqual(highs.solution.variables, []);
});
