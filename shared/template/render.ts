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
  return compileChatTemplate(template).render(values);
}

/** A chat template parsed once, to render many times (an experiment renders one per dataset row). */
export interface CompiledChatTemplate {
  /** As renderChatTemplate; throws TemplateRenderError. */
  render(values: Record<string, unknown>): ChatMessage[];
}

/** Parses each message once; a message that does not parse throws on render, naming itself. */
export function compileChatTemplate(template: ChatTemplate): CompiledChatTemplate {
  const messages = template.messages.map((message, index) => new CompiledMessage(message.content, index, message.role));
  return {
    render(values) {
      const supplied = suppliedValues(values);
      return messages.map((message) => ({ role: message.role, content: message.render(supplied) }));
    },
  };
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

/**
 * One message's template. The preview rewrite (defaults for missing variables) changes the parsed
 * program, so there is one program per set of missing names: rows of one dataset share one.
 */
class CompiledMessage {
  private readonly parseError: TemplateRenderError | null = null;
  private readonly variables: readonly string[] = [];
  private readonly programs = new Map<string, Template>();

  constructor(
    private readonly source: string,
    private readonly index: number,
    readonly role: ChatRole,
  ) {
    try {
      const template = new Template(source);
      this.variables = [...collectVariables(template.parsed)];
    } catch (error) {
      const issue = analyzeTemplate(source).issues[0];
      const detail = issue ? `line ${issue.line}, column ${issue.column}: ${issue.message}` : describeLibraryError(error);
      this.parseError = new TemplateRenderError(index, role, detail, { cause: error });
    }
  }

  render(supplied: Map<string, unknown>): string {
    if (this.parseError) throw this.parseError;
    try {
      const missing = this.variables.filter((name) => !supplied.has(name));
      const key = missing.join('\u0000');
      let template = this.programs.get(key);
      if (!template) {
        template = new Template(this.source);
        prepareForPreview(template.parsed, new Set(missing));
        if (this.programs.size >= maxPrograms) this.programs.clear();
        this.programs.set(key, template);
      }
      const items: Record<string, unknown> = Object.fromEntries(supplied);
      items[cappedRangeName] = cappedRange;
      return template.render(items);
    } catch (error) {
      throw new TemplateRenderError(this.index, this.role, describeRuntimeError(error), { cause: error });
    }
  }
}

/** Distinct sets of missing variables kept per message (a preview typing values goes through many). */
const maxPrograms = 32;

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
