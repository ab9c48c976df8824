import { Template } from '@huggingface/jinja';
import type { ChatMessage, ChatRole, ChatTemplate } from '../contract/prompts.js';
import { analyzeTemplate } from './analyze.js';
import { templateGlobals } from './builtins.js';
import { describeLibraryError } from './library-errors.js';
import { cappedRange, cappedRangeName, prepareForPreview } from './preview-rewrite.js';
import { collectVariables } from './variables.js';

/** Rendering one message failed; `messageIndex` is 0-based, the message counts from 1. */
export class TemplateRenderError extends Error {
  readonly messageIndex: number;
  readonly role: ChatRole;
  /** What went wrong, without the "Message n (role): " prefix. */
  readonly detail: string;

  constructor(messageIndex: number, role: ChatRole, detail: string, options?: { cause?: unknown }) {
    super(`Message ${messageIndex + 1} (${role}): ${detail}`, options);
    this.name = 'TemplateRenderError';
    this.messageIndex = messageIndex;
    this.role = role;
    this.detail = detail;
  }
}

/**
 * Renders every message with the library (its whitespace rules: trim_blocks, lstrip_blocks, one
 * trailing newline dropped). Variables without a value render as empty strings, so a preview works
 * with partial sample values. Throws TemplateRenderError naming the message that failed.
 */
export function renderChatTemplate(template: ChatTemplate, values: Record<string, unknown>): ChatMessage[] {
  const supplied = suppliedValues(values);
  return template.messages.map((message, index) => ({
    role: message.role,
    content: renderMessage(message.content, supplied, index, message.role),
  }));
}

/** The caller's values, minus undefined ones and names the library reserves (true, range, namespace, ...). */
function suppliedValues(values: Record<string, unknown>): Map<string, unknown> {
  const supplied = new Map<string, unknown>();
  if (typeof values !== 'object' || values === null) return supplied;
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && !templateGlobals.has(name) && name !== cappedRangeName) supplied.set(name, value);
  }
  return supplied;
}

function renderMessage(source: string, supplied: Map<string, unknown>, index: number, role: ChatRole): string {
  let template: Template;
  try {
    template = new Template(source);
  } catch (error) {
    const issue = analyzeTemplate(source).issues[0];
    const detail = issue ? `line ${issue.line}, column ${issue.column}: ${issue.message}` : describeLibraryError(error);
    throw new TemplateRenderError(index, role, detail, { cause: error });
  }
  try {
    const missing = new Set([...collectVariables(template.parsed)].filter((name) => !supplied.has(name)));
    prepareForPreview(template.parsed, missing);
    const items: Record<string, unknown> = Object.fromEntries(supplied);
    items[cappedRangeName] = cappedRange;
    return template.render(items);
  } catch (error) {
    throw new TemplateRenderError(index, role, describeRuntimeError(error), { cause: error });
  }
}

const runtimeTypeNames: Readonly<Record<string, string>> = {
  UndefinedValue: 'undefined',
  NullValue: 'none',
  StringValue: 'string',
  IntegerValue: 'integer',
  FloatValue: 'float',
  BooleanValue: 'boolean',
  ArrayValue: 'list',
  TupleValue: 'tuple',
  ObjectValue: 'object',
  NamespaceValue: 'namespace',
  KeywordArgumentsValue: 'keyword arguments',
  FunctionValue: 'function',
};

function describeRuntimeError(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'Too much recursion';
  if (!(error instanceof Error)) return String(error);
  // break/continue outside a loop escape as errors without a message
  if (!error.message) return '{% break %} or {% continue %} was used outside a loop';
  return error.message.replace(/\b[A-Z][A-Za-z]*Value\b/g, (name) =>
    Object.hasOwn(runtimeTypeNames, name) ? (runtimeTypeNames[name] ?? name) : name,
  );
}
