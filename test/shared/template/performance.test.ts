import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Template } from '@huggingface/jinja';
import { analyzeTemplate, renderChatTemplate } from '../../../shared/template/index.js';

/** A realistic ~5 KB message: loops, conditions, filters, comments, whitespace control. */
function fiveKilobytes(tag: string): string {
  const block = `You are {{ persona.name | default('an assistant') }} helping {{ user.name | title }}.
{% if context %}Context:
{% for doc in context.documents if doc.relevant %}
- [{{ loop.index }}] {{ doc.title | upper }}: {{ doc.body | trim }}
{% else %}(no documents)
{% endfor %}{% endif %}
{# A comment about tone #}
{%- set tone = tone_override or 'neutral' -%}
Tone: {{ tone }}; examples: {{ examples | join(', ') }} ${tag}
`;
  let source = '';
  while (source.length < 5000) source += block;
  return source;
}

function measure(run: (i: number) => void): string {
  for (let i = 0; i < 50; i++) run(-i - 1); // warm up
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => (times[Math.floor(q * (times.length - 1))] ?? 0).toFixed(2);
  return `median ${at(0.5)} ms, p90 ${at(0.9)} ms`;
}

describe('performance (printed, not asserted)', () => {
  it('analyses a 5 KB template fast enough for every keystroke', () => {
    const base = fiveKilobytes('');
    const middle = base.indexOf('\n', base.length >> 1) + 1;
    const broken = base.slice(0, middle) + '{% if x %} {{ a b }}\n' + base.slice(middle);
    assert.ok(base.length >= 5000);
    assert.deepEqual(analyzeTemplate(base).issues, []);
    assert.equal(analyzeTemplate(broken).issues.length, 2);

    // "cold": every tag differs from the previous run, so nothing is reused from earlier runs
    const cold = (source: string) => (i: number) => analyzeTemplate(source.replaceAll('doc', `d${i}`));
    // "typing": text is added at the end, as while typing; unchanged tags are reused
    const typing = (source: string) => (i: number) => analyzeTemplate(`${source}typing ${i}`);
    // the floor: the library parsing the same text once (this machine's speed, for comparison)
    console.log(`library parse only, ${base.length} chars: ${measure((i) => new Template(`${base}${i}`))}`);
    console.log(`analyzeTemplate, ${base.length} chars, valid:   cold ${measure(cold(base))}; typing ${measure(typing(base))}`);
    console.log(`analyzeTemplate, ${broken.length} chars, invalid: cold ${measure(cold(broken))}; typing ${measure(typing(broken))}`);
    const template = (i: number) => ({ messages: [{ role: 'user' as const, content: `${base}${i}` }] });
    console.log(`renderChatTemplate, ${base.length} chars: ${measure((i) => renderChatTemplate(template(i), { user: { name: 'ada' } }))}`);
  });
});
