import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Template } from '@huggingface/jinja';
import { filtersWithArguments, filtersWithoutArguments, templateGlobals } from '../../../shared/template/builtins.js';
import { knownFilters, knownTests } from '../../../shared/template/index.js';

/** One operand of each runtime type the library knows. */
const operands: unknown[] = ['abc', 'a\nb', 3, -1.5, true, null, [2, 1], [{ a: 1 }], { a: 1 }];

/** Arguments that suit each filter usable with arguments. */
const argumentsFor: Record<string, string> = {
  default: "('x')",
  dictsort: '()',
  float: '(0)',
  get: "('a')",
  indent: '(2)',
  int: '(0)',
  items: '()',
  join: "(',')",
  keys: '()',
  map: "(attribute='a')",
  rejectattr: "('a')",
  replace: "('a', 'b')",
  selectattr: "('a')",
  sort: '()',
  tojson: '(indent=2)',
  values: '()',
};

/** Whether the library renders `{{ v | <filter> }}` for at least one operand. */
function worksOnSomeOperand(filter: string): boolean {
  return operands.some((v) => {
    try {
      new Template(`{{ v | ${filter} }}`).render({ v });
      return true;
    } catch {
      return false;
    }
  });
}

/** Jinja's own filters that this library does not implement. */
const jinjaFiltersNotImplemented = [
  'attr', 'batch', 'center', 'count', 'd', 'e', 'escape', 'filesizeformat', 'forceescape', 'format', 'groupby',
  'max', 'min', 'pprint', 'random', 'reject', 'round', 'select', 'slice', 'striptags', 'sum', 'truncate',
  'urlencode', 'urlize', 'wordcount', 'wordwrap', 'xmlattr',
];

describe('what the library implements', () => {
  it('knownFilters is every filter usable without or with arguments', () => {
    assert.deepEqual([...knownFilters].sort(), [...new Set([...filtersWithoutArguments, ...filtersWithArguments])].sort());
    assert.equal(knownFilters.size, 31);
  });

  it('every filter listed as usable without arguments renders that way', () => {
    for (const name of filtersWithoutArguments) assert.ok(worksOnSomeOperand(name), name);
  });

  it('every filter listed as usable with arguments renders that way', () => {
    for (const name of filtersWithArguments) {
      const args = argumentsFor[name];
      assert.ok(args, `no sample arguments for ${name}`);
      assert.ok(worksOnSomeOperand(`${name}${args}`), `${name}${args}`);
    }
  });

  it('no filter works in a form it is not listed for', () => {
    for (const name of knownFilters) {
      if (!filtersWithoutArguments.has(name)) assert.ok(!worksOnSomeOperand(name), `${name} works without arguments`);
      if (!filtersWithArguments.has(name)) assert.ok(!worksOnSomeOperand(`${name}()`), `${name}() works`);
    }
  });

  it("Jinja filters the library lacks are unknown, and fail when rendered", () => {
    for (const name of jinjaFiltersNotImplemented) {
      assert.ok(!knownFilters.has(name), name);
      assert.ok(!worksOnSomeOperand(name) && !worksOnSomeOperand(`${name}(1)`), `${name} renders after all`);
    }
  });

  it('knownTests come from the library and each one works', () => {
    assert.ok(knownTests.has('defined') && knownTests.has('none') && knownTests.has('odd'));
    assert.ok(!knownTests.has('eq') && !knownTests.has('equalto')); // need an argument `is` cannot pass
    for (const test of knownTests) {
      const works = operands.some((v) => {
        try {
          return ['true', 'false'].includes(new Template(`{{ v is ${test} }}`).render({ v }));
        } catch {
          return false;
        }
      });
      assert.ok(works, test);
    }
  });

  it('template globals are defined by the library when rendering', () => {
    for (const name of templateGlobals) {
      const source = name === 'loop' ? '{% for _ in [1] %}{{ loop is defined }}{% endfor %}' : `{{ ${name} is defined }}`;
      assert.equal(new Template(source).render({}), 'true', name);
    }
    assert.equal(new Template('{{ something_else is defined }}').render({}), 'false');
  });
});
