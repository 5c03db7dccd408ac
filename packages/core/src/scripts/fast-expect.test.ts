import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeScriptEngine } from '../node/script-modules';
import { makeCtx, makeResponse } from './test-utils';
import type { ScriptEngine } from './types';

let engine: ScriptEngine;

beforeAll(async () => {
  engine = await createNodeScriptEngine({ timeoutMs: 5000 });
});

afterAll(() => {
  engine.dispose();
});

/**
 * Each case is `[value expression, chain]`. The sandbox runs `pm.expect(value)<chain>` (the fast path) and
 * `chai.expect(value)<chain>` (chai itself, with the postman plugin) and reports both outcomes: they must be the
 * same — pass, or fail with the same message.
 */
const CASES: ReadonlyArray<readonly [string, string]> = [
  // equal
  ['1', '.to.equal(1)'],
  ['1', ".to.equal('1')"],
  ["'a'", ".to.eq('a')"],
  ['null', '.to.equal(undefined)'],
  ['NaN', '.to.equal(NaN)'],
  ['0', '.to.equal(-0)'],
  ['({})', '.to.equal({})'],
  ['1', '.to.not.equal(2)'],
  ['1', '.to.not.equal(1)'],
  ['1', ".to.equals(1, 'custom message')"],
  ['2', ".to.equal(1, 'custom message')"],
  ['1', '.to.equal(1).and.not.equal(2)'],
  ['1', '.to.equal(1).and.equal(2)'],
  ['1', '.not.not.equal(1)'],
  // a message given to expect, with flags (own fields of that assertion only: the next ones start clean)
  ["1, 'why'", '.to.not.equal(1)'],
  ["1, 'why'", '.to.equal(1)'],
  ["({ a: 1 }), 'why'", '.to.deep.equal({ a: 2 })'],
  ["[1], 'why'", '.to.not.deep.equal([1])'],
  ['[1]', '.to.equal([1])'],
  // deep equality
  ['({ a: 1, b: [1, { c: 2 }] })', '.to.eql({ b: [1, { c: 2 }], a: 1 })'],
  ['({ a: 1 })', '.to.eql({ a: 2 })'],
  ['({ a: 1 })', '.to.not.eql({ a: 2 })'],
  ['({ a: 1 })', '.to.not.eql({ a: 1 })'],
  ['({ a: 1 })', '.to.deep.equal({ a: 1 })'],
  ['({ a: 1 })', '.to.not.deep.equal({ a: 1, b: 2 })'],
  ['[1, 2]', '.to.eql([2, 1])'],
  ['[1, 2]', '.to.eqls([1, 2])'],
  ['[]', '.to.eql({})'],
  ['({})', '.to.not.eql([])'],
  ['({ a: undefined })', '.to.eql({})'],
  ['({ a: undefined })', '.to.not.eql({})'],
  ['NaN', '.to.eql(NaN)'],
  ['NaN', '.to.not.eql(NaN)'],
  ['0', '.to.eql(-0)'],
  ['0', '.to.not.eql(-0)'],
  ['new Date(5)', '.to.eql(new Date(5))'],
  ['new Date(5)', '.to.not.eql(new Date(6))'],
  ['Object.assign(Object.create(null), { a: 1 })', '.to.eql({ a: 1 })'],
  ['Object.assign(Object.create(null), { a: 1 })', '.to.not.eql({ a: 1 })'],
  ["(function () { var o = { a: 1 }; o[Symbol('s')] = 1; return o; })()", '.to.eql({ a: 1 })'],
  ["(function () { var o = { a: 1 }; o[Symbol('s')] = 1; return o; })()", '.to.not.eql({ a: 1 })'],
  ['new Map([[1, 2]])', '.to.eql(new Map([[1, 2]]))'],
  ['(function () { var a = []; a.push(a); return a; })()', '.to.not.eql([])'],
  ['1', ".to.eql('1')"],
  ['1', ".to.not.eql('1')"],
  ['null', '.to.eql(undefined)'],
  ['null', '.to.not.eql({})'],
  // comparisons
  ['5', '.to.be.above(3)'],
  ['5', '.to.be.above(5)'],
  ['5', '.to.not.be.above(5)'],
  ['5', '.to.be.gt(9)'],
  ["'5'", '.to.be.above(3)'],
  ['5', ".to.be.above('3')"],
  ['new Date(5)', '.to.be.above(new Date(1))'],
  ['1', '.to.be.below(2)'],
  ['1', '.to.be.lessThan(1)'],
  ['2', '.to.be.at.least(2)'],
  ['2', '.to.be.gte(3)'],
  ['2', '.to.be.at.most(2)'],
  ['2', '.to.be.lte(1)'],
  ['NaN', '.to.not.be.above(1)'],
  ['5', '.to.be.within(1, 10).and.not.be.above(6)'],
  // oneOf, match
  ['2', '.to.be.oneOf([1, 2])'],
  ['3', '.to.be.oneOf([1, 2])'],
  ['3', '.to.not.be.oneOf([1, 2])'],
  ['NaN', '.to.be.oneOf([NaN])'],
  ["'a'", ".to.be.oneOf('abc')"],
  ['({ a: 1 })', '.to.deep.be.oneOf([{ a: 1 }])'],
  ["'abc'", '.to.match(/b/)'],
  ["'abc'", '.to.match(/z/)'],
  ["'abc'", '.to.not.match(/b/)'],
  ['123', '.to.match(/1/)'],
  ["'abc'", '.to.match(/b/g)'],
  ["'abc'", '.to.matches(/^a/y)'],
  // properties
  ['1', '.to.be.ok'],
  ['0', '.to.be.ok'],
  ['0', '.to.not.be.ok'],
  ['true', '.to.be.true'],
  ['1', '.to.be.true'],
  ['false', '.to.be.false'],
  ['true', '.to.not.be.false'],
  ['null', '.to.be.null'],
  ['undefined', '.to.be.null'],
  ['undefined', '.to.be.undefined'],
  ['null', '.to.not.be.undefined'],
  ['0', '.to.exist'],
  ['null', '.to.exist'],
  ['undefined', '.to.not.exist'],
  ['1', '.to.not.exists'],
  ['null', '.to.not.be.null.and.equal(1)'],
  // chainable words: called, negated, and chained on to chai
  ["'x'", ".to.be.a('string')"],
  ["'x'", ".to.be.a('String')"],
  ['3', ".to.be.a('string')"],
  ['3', ".to.not.be.a('string')"],
  ['3', ".to.be.a('number', 'custom message')"],
  ['null', ".to.be.a('null')"],
  ['undefined', ".to.be.an('undefined')"],
  ['[1]', ".to.be.an('array')"],
  ['[1]', ".to.be.an('object')"],
  ['({})', ".to.be.an('object')"],
  ['({})', ".to.not.be.an('array')"],
  ['Object.create(null)', ".to.be.an('object')"],
  ['new Date(1)', ".to.be.a('date')"],
  ['/x/', ".to.be.a('regexp')"],
  ["(function () { var o = {}; o[Symbol.toStringTag] = 'Thing'; return o; })()", ".to.be.an('object')"],
  ['(function () {})', ".to.be.a('function')"],
  ['true', ".to.be.a('boolean')"],
  ['1', '.to.be.a(1)'],
  ["'hello'", ".to.include('ell')"],
  ["'hello'", ".to.include('xyz')"],
  ["'hello'", ".to.not.contain('ell')"],
  ["'hello'", '.to.include(1)'],
  ['[1, 2]', '.to.include(2)'],
  ['[1, 2]', '.to.includes(3)'],
  ['[1, 2]', '.to.not.include(2)'],
  ['[1, 2]', ".to.contains('1')"],
  ['[NaN]', '.to.include(NaN)'],
  ['[{ a: 1 }]', '.to.deep.include({ a: 1 })'],
  ['[{ a: 1 }]', '.to.include({ a: 1 })'],
  ['({ a: 1, b: 2 })', '.to.include({ a: 1 })'],
  ['({ a: 1 })', ".to.include('a')"],
  ['new Set([1])', '.to.include(1)'],
  ['[1, 2, 3]', '.to.have.lengthOf(3)'],
  ['[1, 2, 3]', '.to.have.lengthOf(2)'],
  ['[1, 2, 3]', '.to.not.have.lengthOf(3)'],
  ["'abc'", '.to.have.length(3)'],
  ["'abc'", ".to.have.lengthOf('3')"],
  ['({ length: 2 })', '.to.have.lengthOf(2)'],
  ['new Map([[1, 2]])', '.to.have.lengthOf(1)'],
  ['5', '.to.have.lengthOf(1)'],
  ['[1, 2, 3]', '.to.have.lengthOf.above(2)'],
  ['[1, 2, 3]', '.to.have.lengthOf.at.most(2)'],
  ['[1, 2, 3]', '.to.have.length.below(2)'],
  ['({ a: 1, b: 2 })', ".to.include.keys('a')"],
  ['({ a: 1, b: 2 })', ".to.contain.all.keys('a', 'c')"],
  ['[1, 2, 3]', '.to.include.members([1, 2])'],
  ['[1, 2, 3]', '.to.include.members([4])'],
  ["'abc'", ".to.be.a('string').that.includes('b').and.has.lengthOf(3)"],
  ['[1, 2]', ".to.be.an('array').that.is.not.empty"],
  ['[]', ".to.be.an('array').that.is.not.empty"],
  ['[1, 2]', '.to.have.lengthOf(2).and.include(1)'],
  ['[1, 2]', ".to.be.an('array').and.have.lengthOf.within(1, 3)"],
  // words the fast path leaves to chai, before and after fast ones
  ["'x'", ".to.be.a('string').and.have.lengthOf(1)"],
  ['3', ".to.be.a('string')"],
  ['[1, 2]', ".to.be.an('array').that.includes(2).and.has.lengthOf(2)"],
  ['[1, 2]', '.to.not.include(2)'],
  ["'hello'", ".to.include('ell')"],
  ['[1, 2, 3]', '.to.have.lengthOf.above(2)'],
  ['[1, 2, 3]', '.to.have.length.below(2)'],
  ['[1, 2]', '.to.have.length(2)'],
  ['({ a: { b: 1 } })', ".to.have.property('a').that.deep.equals({ b: 1 })"],
  ['({ a: 1 })', ".to.have.property('b')"],
  ['({ a: 1, b: 2 })', ".to.include.all.keys('a', 'b')"],
  ['({ a: 1 })', ".to.have.nested.property('a')"],
  ['[]', '.to.be.empty'],
  ["''", '.to.not.be.empty'],
  ['1', '.to.be.equal(1).and.be.a("number")'],
  ["(function () { throw new TypeError('x'); })", '.to.throw(TypeError)'],
  ['1', '.to.be.tru'],
  ['1', '.to.eqaul(1)'],
  // responses (the postman plugin)
  ['pm.response', '.to.have.status(200)'],
  ['pm.response', '.to.have.status(404)'],
  ['pm.response', '.to.not.have.status(200)'],
  ['pm.response', ".to.have.status('OK')"],
  ['pm.response', '.to.be.ok'],
  ['pm.response', '.to.be.success'],
  ['pm.response', '.to.not.be.error'],
  ['pm.response', ".to.have.header('content-type')"],
  ['pm.response', ".to.have.header('x-missing')"],
  ['pm.response', '.to.be.json'],
  ['pm.response.code', '.to.equal(200)'],
  ['1', '.to.have.status(200)'],
];

function sandboxCode(cases: ReadonlyArray<readonly [string, string]>): string {
  const lines = cases.map(
    ([value, chain]) =>
      `out.push([outcome(function () { return pm.expect(${value})${chain}; }), outcome(function () { return chai.expect(${value})${chain}; })]);`,
  );
  return [
    "var chai = require('chai');",
    'var out = [];',
    "function outcome(f) { try { f(); return 'pass'; } catch (e) { return 'fail: ' + (e && e.message); } }",
    ...lines,
    'console.log(JSON.stringify(out));',
  ].join('\n');
}

describe('pm.expect fast path', () => {
  it('passes and fails exactly as chai does, with chai’s messages', async () => {
    const r = await engine.run({
      phase: 'test',
      source: 'fast-expect test',
      code: sandboxCode(CASES),
      ctx: makeCtx({ response: makeResponse() }),
    });
    expect(r.failure).toBeUndefined();
    const outcomes = JSON.parse(r.console[0]?.message ?? '[]') as [string, string][];
    expect(outcomes).toHaveLength(CASES.length);
    const rows = CASES.map(([value, chain], i) => ({
      expr: `expect(${value})${chain}`,
      fast: outcomes[i]?.[0],
      chai: outcomes[i]?.[1],
    }));
    expect(rows.filter((row) => row.fast !== row.chai)).toEqual([]);
    // The table covers both outcomes, so agreement is not two always-passing sides.
    expect(rows.filter((row) => row.chai === 'pass').length).toBeGreaterThan(40);
    expect(rows.filter((row) => row.chai?.startsWith('fail')).length).toBeGreaterThan(40);
    expect(rows.find((row) => row.expr === 'expect(1).to.be.tru')?.fast).toBe(
      'fail: Invalid Chai property: tru. Did you mean "true"?',
    );
  });

  it('reports chai’s message in a failing pm.test and keeps arrow tests that return an assertion synchronous', async () => {
    const r = await engine.run({
      phase: 'test',
      source: 'fast-expect test',
      code: `pm.test('arrow', () => pm.expect(1).to.equal(1));
        pm.test('fails', () => pm.expect('a', 'custom').to.equal('b'));
        pm.test('status', () => pm.response.to.have.status(201));`,
      ctx: makeCtx({ response: makeResponse() }),
    });
    expect(r.assertions).toEqual([
      { name: 'arrow', passed: true, skipped: false },
      { name: 'fails', passed: false, skipped: false, error: "custom: expected 'a' to equal 'b'" },
      {
        name: 'status',
        passed: false,
        skipped: false,
        error: 'expected response to have status code 201 but got 200',
      },
    ]);
  });
});
