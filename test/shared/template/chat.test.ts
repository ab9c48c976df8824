import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatTemplate } from '../../../shared/contract/prompts.js';
import { analyzeChatTemplate, describeIssue } from '../../../shared/template/index.js';

const template: ChatTemplate = {
  messages: [
    { role: 'system', content: 'You are {{ persona }}.' },
    { role: 'user', content: 'Summarize:\n{{ text }}\n\nTone: {{ tone | shout }}' },
    { role: 'assistant', content: '{% if draft %}{{ draft }}' },
  ],
};

describe('chat template analysis', () => {
  it('collects variables across messages and tags each issue with its message', () => {
    const analysis = analyzeChatTemplate(template);
    assert.deepEqual(analysis.variables, ['persona', 'text', 'tone', 'draft']);
    assert.deepEqual(analysis.issues, [
      { message: "Unknown filter 'shout'", line: 4, column: 17, endLine: 4, endColumn: 22, messageIndex: 1, role: 'user' },
      {
        message: 'This {% if %} is never closed (expected {% endif %})',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 15,
        messageIndex: 2,
        role: 'assistant',
      },
    ]);
  });

  it('describes an issue for people, counting messages from 1', () => {
    const [first, second] = analyzeChatTemplate(template).issues;
    assert.ok(first && second);
    assert.equal(describeIssue(first), "Message 2 (user), line 4, column 17: Unknown filter 'shout'");
    assert.equal(describeIssue(second), 'Message 3 (assistant), line 1, column 1: This {% if %} is never closed (expected {% endif %})');
  });

  it('has no issues for a valid template', () => {
    const valid: ChatTemplate = {
      messages: [
        { role: 'system', content: 'Plain text, no variables.' },
        { role: 'user', content: '{% for q in questions %}{{ loop.index }}. {{ q | trim }}\n{% endfor %}' },
      ],
    };
    assert.deepEqual(analyzeChatTemplate(valid), { variables: ['questions'], issues: [] });
  });

  it('never throws, even on input that skipped validation', () => {
    const broken = { messages: [{ role: 'user', content: 42 }, null] } as unknown as ChatTemplate;
    assert.doesNotThrow(() => analyzeChatTemplate(broken));
    assert.deepEqual(analyzeChatTemplate({} as unknown as ChatTemplate), { variables: [], issues: [] });
  });
});
