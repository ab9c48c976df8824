import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeWith } from '../../../shared/template/analyze.js';
import { analyzeChatTemplate, analyzeTemplate } from '../../../shared/template/index.js';

const variables = (source: string) => {
  const analysis = analyzeTemplate(source);
  assert.deepEqual(analysis.issues, [], `unexpected issues in ${source}`);
  return analysis.variables;
};

describe('template variables', () => {
  it('are the root names read, in order of first appearance, without duplicates', () => {
    assert.deepEqual(variables('Hi {{ name }}, {{ doc.title }} and {{ doc.body }}; {{ name }}'), ['name', 'doc']);
  });

  it('follow attribute access and indexing to the root, reading computed keys', () => {
    assert.deepEqual(variables('{{ a.b.c }} {{ d[0].e }} {{ f[key] }} {{ g["h"] }} {{ i.0 }}'), ['a', 'd', 'f', 'key', 'g', 'i']);
  });

  it('include filter arguments but not filter names', () => {
    assert.deepEqual(variables('{{ text | replace(old, new) | upper }} {{ x | default(fallback) }} {{ list | join(sep) }}'), [
      'text',
      'old',
      'new',
      'x',
      'fallback',
      'list',
      'sep',
    ]);
  });

  it('exclude loop variables and loop, but not the iterable', () => {
    assert.deepEqual(variables('{% for x in items %}{{ x }} {{ loop.index }}{% endfor %}'), ['items']);
    assert.deepEqual(variables('{% for k, v in mapping.items() %}{{ k }}={{ v }}{% endfor %}'), ['mapping']);
    assert.deepEqual(variables('{% for x in items if x.visible and min < x.rank %}{{ x }}{% endfor %}'), ['items', 'min']);
  });

  it('scope loop variables to the loop body', () => {
    assert.deepEqual(variables('{% for x in xs %}{{ x }}{% endfor %}{{ x }}'), ['xs', 'x']);
    assert.deepEqual(variables('{% for x in xs %}{% else %}{{ x }}{% endfor %}'), ['xs', 'x']);
    assert.deepEqual(variables('{% for i in r %}{% set w = i %}{% endfor %}{{ w }}'), ['r', 'w']);
  });

  it('exclude names bound by set, from the set onwards', () => {
    assert.deepEqual(variables('{% set greeting = "Hi " ~ name %}{{ greeting }}'), ['name']);
    assert.deepEqual(variables('{{ total }}{% set total = 1 %}{{ total }}'), ['total']);
    assert.deepEqual(variables('{% set a, b = pair %}{{ a }}{{ b }}'), ['pair']);
    assert.deepEqual(variables('{% if c %}{% set z = 1 %}{% endif %}{{ z }}'), ['c']);
    assert.deepEqual(variables('{% set block %}{{ inner }}{% endset %}{{ block }}'), ['inner']);
  });

  it('exclude macro parameters, caller and the macro itself; include defaults', () => {
    const source = '{% macro card(title, body=default_body) %}{{ title }}{{ body }}{{ caller() }}{{ other }}{% endmacro %}{{ card(heading) }}';
    assert.deepEqual(variables(source), ['default_body', 'other', 'heading']);
    assert.deepEqual(variables('{% call(row) table(rows) %}{{ row }}{{ extra }}{% endcall %}'), ['table', 'rows', 'extra']);
  });

  it('exclude Jinja globals and namespace attributes', () => {
    const source =
      '{% set ns = namespace(count=0) %}{% set ns.count = ns.count + 1 %}{{ ns.count }}' +
      '{{ true }}{{ false }}{{ none }}{{ True }}{{ None }}{{ range(3) }}{{ raise_exception("x") if bad }}{{ strftime_now("%Y") }}';
    assert.deepEqual(variables(source), ['bad']);
  });

  it('read tests, ternaries, comparisons, literals and calls in written order', () => {
    assert.deepEqual(variables('{{ a if b else c }}'), ['a', 'b', 'c']);
    assert.deepEqual(variables('{% if user is defined and user.age >= limit %}{{ {"k": v, "l": [w, 1]} }}{% endif %}'), ['user', 'limit', 'v', 'w']);
    assert.deepEqual(variables('{{ fn(arg, key=value, *rest, **more) }} {{ s[start:stop] }}'), ['fn', 'arg', 'value', 'rest', 'more', 's', 'start', 'stop']);
    assert.deepEqual(variables('{% filter upper %}{{ shout }}{% endfilter %}{% generation %}{{ g }}{% endgeneration %}'), ['shout', 'g']);
  });

  it('are still read from a template with errors', () => {
    const analysis = analyzeTemplate('{{ name }}\n{% if ready %}\n{{ x y }}\n{% for item in items %}{{ item.title }}');
    assert.ok(analysis.issues.length > 0);
    assert.deepEqual(analysis.variables, ['name', 'ready', 'items']);
  });

  it('are the same whether read from the whole template or from its tags one by one', () => {
    const sources = [
      '{% for x in xs if x.ok %}{{ x }}{% else %}{{ y }}{% endfor %}{{ x }}',
      '{% if a %}{{ b }}{% elif c %}{% set d = e %}{{ d }}{% else %}{{ f }}{% endif %}{{ d }}',
      '{% macro m(p, q=r) %}{{ p }}{{ s }}{% endmacro %}{% call(t) m(u) %}{{ t }}{{ v }}{% endcall %}',
      '{% set blk %}{{ w }}{% endset %}{% filter upper %}{{ blk }}{{ z }}{% endfilter %}',
    ];
    const forcedPerTag = () => {
      throw new Error('take the per-tag path');
    };
    for (const source of sources) assert.deepEqual(analyzeWith(source, forcedPerTag).variables, variables(source), source);
  });

  it('are deduplicated across the messages of a chat template', () => {
    const analysis = analyzeChatTemplate({
      messages: [
        { role: 'system', content: 'You write for {{ audience }}.' },
        { role: 'user', content: '{{ text }} for {{ audience }}' },
        { role: 'assistant', content: '{% for s in steps %}{{ s }}{% endfor %}' },
      ],
    });
    assert.deepEqual(analysis.variables, ['audience', 'text', 'steps']);
  });
});
