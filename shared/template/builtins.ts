import { Environment } from '@huggingface/jinja';

/*
 * What @huggingface/jinja 0.5.11 implements, read from node_modules/@huggingface/jinja/src/runtime.ts.
 * Filters are not a registry there but branches of `Interpreter.applyFilter`, so they are listed by
 * hand; test/shared/template/builtins.test.ts renders every one of them to keep this list honest.
 */

/**
 * Filters usable without arguments (`{{ x | name }}`): the Identifier branch of `applyFilter`
 * (safe, tojson; the ArrayValue, StringValue, numeric, ObjectValue and BooleanValue switches) plus
 * ObjectValue builtins reached by its default case (keys, values, dictsort; `get` needs a key).
 */
export const filtersWithoutArguments: ReadonlySet<string> = new Set([
  'abs',
  'bool',
  'capitalize',
  'dictsort',
  'first',
  'float',
  'indent',
  'int',
  'items',
  'join',
  'keys',
  'last',
  'length',
  'list',
  'lower',
  'reverse',
  'safe',
  'sort',
  'string',
  'title',
  'tojson',
  'trim',
  'unique',
  'upper',
  'values',
]);

/**
 * Filters usable with arguments (`{{ x | name(...) }}`): the CallExpression branch of `applyFilter`
 * (tojson, join, int, float, default; sort, selectattr, rejectattr, map on arrays; indent, replace
 * on strings) plus the ObjectValue builtins it calls (get, items, keys, values, dictsort).
 */
export const filtersWithArguments: ReadonlySet<string> = new Set([
  'default',
  'dictsort',
  'float',
  'get',
  'indent',
  'int',
  'items',
  'join',
  'keys',
  'map',
  'rejectattr',
  'replace',
  'selectattr',
  'sort',
  'tojson',
  'values',
]);

/** Every filter name the library implements, in either form. */
export const knownFilters: ReadonlySet<string> = new Set([...filtersWithoutArguments, ...filtersWithArguments].sort());

/**
 * Tests usable after `is`, read from the library's own registry (`Environment.tests`). Its
 * two-operand tests (`eq`, `equalto`) are left out: the parser takes no argument after `is x`,
 * so they only work by name inside `selectattr`/`rejectattr`.
 */
export const knownTests: ReadonlySet<string> = new Set(
  [...new Environment().tests].filter(([, test]) => test.length <= 1).map(([name]) => name).sort(),
);

/**
 * Names the library defines before rendering (runtime.ts `setupGlobals` and the `namespace`
 * built into every Environment), plus `loop`, which every for-loop defines. None is a variable.
 */
export const templateGlobals: ReadonlySet<string> = new Set([
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
  'raise_exception',
  'range',
  'strftime_now',
  'namespace',
  'loop',
]);
