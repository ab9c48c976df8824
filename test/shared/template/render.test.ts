import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Template } from '@huggingface/jinja';
import type { ChatRole } from '../../../shared/contract/prompts.js';
import { compileChatTemplate, renderChatTemplate, TemplateRenderError } from '../../../shared/template/index.js';

const one = (content: string, values: Record<string, unknown> = {}, role: ChatRole = 'user') => {
  const [message] = renderChatTemplate({ messages: [{ role, content }] }, values);
  assert.ok(message);
  return message.content;
};

const renderError = (content: string, values: Record<string, unknown> = {}): TemplateRenderError => {
  try {
    renderChatTemplate({ messages: [{ role: 'system', content: 'ok' }, { role: 'user', content }] }, values);
  } catch (error) {
    assert.ok(error instanceof TemplateRenderError, `expected a TemplateRenderError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${content} to fail`);
};

describe('rendering chat templates', () => {
  it('a compiled template renders row after row exactly as one-off rendering does, whatever each row lacks', () => {
    const template = {
      messages: [
        { role: 'system' as const, content: '{% set ns = namespace(n=0) %}{% for d in docs %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }} passages' },
        { role: 'user' as const, content: '{{ docs | join(", ") }} / {{ question | upper }} / {{ (note ~ "!") }}' },
      ],
    };
    const rows: Record<string, unknown>[] = [
      { docs: ['a', 'b'], question: 'why?', note: 'n1' },
      { docs: ['c'], question: 'how?' },
      { question: 'what?', note: 'n3' },
      {},
      { docs: ['d', 'e', 'f'], question: 'when?', note: 'n5' },
    ];
    const compiled = compileChatTemplate(template);
    for (const row of [...rows, ...rows]) assert.deepEqual(compiled.render(row), renderChatTemplate(template, row), JSON.stringify(row));
    assert.deepEqual(compiled.render(rows[0]!), [
      { role: 'system', content: '2 passages' },
      { role: 'user', content: 'a, b / WHY? / n1!' },
    ]);
    assert.deepEqual(compiled.render(rows[3]!), [
      { role: 'system', content: '0 passages' },
      { role: 'user', content: ' /  / !' },
    ]);
  });

  it('a compiled template that does not parse fails on every render, naming the message', () => {
    const compiled = compileChatTemplate({ messages: [{ role: 'system', content: 'ok' }, { role: 'user', content: 'Hi {{ name' }] });
    for (let i = 0; i < 2; i++) assert.throws(() => compiled.render({ name: 'x' }), (error) => error instanceof TemplateRenderError && error.messageIndex === 1);
  });

  it('renders every message with its values', () => {
    const messages = renderChatTemplate(
      {
        messages: [
          { role: 'system', content: 'You write for {{ audience }}.' },
          { role: 'user', content: '{% for d in docs %}- {{ d.title | upper }}\n{% endfor %}Question: {{ question }}' },
        ],
      },
      { audience: 'children', docs: [{ title: 'a' }, { title: 'b' }], question: 'Why?' },
    );
    assert.deepEqual(messages, [
      { role: 'system', content: 'You write for children.' },
      { role: 'user', content: '- A\n- B\nQuestion: Why?' },
    ]);
  });

  it('keeps the library’s whitespace rules and trims nothing else', () => {
    const source = '  Intro  \n  {% if flag %}\n  yes\n  {% endif %}\n{{- "  tight  " -}}\n  end  \n';
    assert.equal(one(source, { flag: true }), new Template(source).render({ flag: true }));
    assert.equal(one(source, { flag: true }), '  Intro  \n  yes\n  tight  end  ');
  });

  it('renders missing variables as empty strings, for a live preview with partial values', () => {
    assert.equal(one('Hello {{ name }}, re: {{ doc.title }}{{ doc["x"] }}.'), 'Hello , re: .');
    assert.equal(one('[{{ name | upper }}][{{ doc.title | trim | title }}][{{ "Dear " ~ name }}][{{ items | join(", ") }}]'), '[][][Dear ][]');
    assert.equal(one('[{% for x in items %}{{ x }}{% endfor %}][{% for m in msgs | selectattr("role") %}{{ m }}{% endfor %}]'), '[][]');
    assert.equal(one('[{{ list[0] }}][{{ list[0].name | upper }}][{{ d | items | length }}][{{ xs | first }}]'), '[][][0][]');
  });

  it('still lets templates tell missing from given values', () => {
    assert.equal(one('{{ tone | default("neutral") }} {% if name is defined %}named{% else %}anonymous{% endif %}'), 'neutral anonymous');
    assert.equal(one('{{ tone | default("neutral") }} {% if name is defined %}named{% endif %}', { tone: 'warm', name: '' }), 'warm named');
    assert.equal(one('{{ x | tojson }}'), 'null');
  });

  it('treats undefined values as missing and ignores values named like Jinja globals', () => {
    assert.equal(one('[{{ a | upper }}]', { a: undefined }), '[]');
    assert.equal(one('{{ true }} {{ range(2) | join(",") }}', { true: 'no', range: 'no' }), 'true 0,1');
  });

  it('turns a runtime error into a TemplateRenderError naming the message', () => {
    const error = renderError('Line one\n{{ undefined_function() }}');
    assert.equal(error.messageIndex, 1);
    assert.equal(error.role, 'user');
    assert.equal(error.name, 'TemplateRenderError');
    assert.equal(error.message, 'Message 2 (user): Cannot call something that is not a function: got undefined');
    assert.equal(renderError('{{ raise_exception("Bad input") }}').detail, 'Bad input');
  });

  it('turns a syntax error into a TemplateRenderError with its position', () => {
    assert.equal(renderError('ok\n{{ a | }}').message, "Message 2 (user): line 2, column 1: Invalid expression: Unexpected '}}'");
  });

  it('limits range() so a preview cannot hang', () => {
    assert.equal(one('{{ range(2, 8, 3) | join(",") }}'), '2,5');
    assert.match(renderError('{% for i in range(10000000000) %}{% endfor %}').message, /range\(\) is limited to 100000 items/);
  });

  it('gives templates no way into JavaScript objects', () => {
    const values = { x: { a: 1 }, s: 'text', l: [1, 2], n: 3 };
    const probes = [
      '{{ x.constructor }}',
      '{{ x.__proto__ }}',
      '{{ x["constructor"] }}',
      '{{ s.constructor }}',
      '{{ l.constructor }}',
      '{{ n.constructor }}',
      '{{ x.toString }}',
      '{{ x.hasOwnProperty }}',
      '{{ missing.constructor }}',
      '{{ x.__proto__.polluted }}',
    ];
    for (const probe of probes) assert.equal(one(probe, values), '', probe);
    assert.match(renderError('{{ missing | toString }}').message, /Unknown string filter: toString/);
    const escape = renderError("{{ s.constructor.constructor('return globalThis')() }}", values);
    assert.match(escape.message, /not a function/);
    assert.match(renderError('{% set x.polluted = 1 %}', values).message, /cannot assign attribute on non-namespace object/);
    assert.equal(one('{% set ns = namespace() %}{% set ns.__proto__ = 1 %}{{ ns.__proto__ }}'), '1');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
  });
});
