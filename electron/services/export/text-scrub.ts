import type { PiiMask } from '../../../shared/contract/export.js';
import { quote } from './sql-text.js';

/**
 * What is taken out of every text field of an export before it is written. Two layers:
 * - always: the values of the API keys this backend knows, strings shaped like provider keys,
 *   the local model files' paths, the workspace folder and the user's home folder;
 * - on request: PII (emails, phone numbers, card numbers, IP addresses, the user's patterns).
 * Done in SQL (RE2 through DuckDB's regexp_replace), so a million rows never pass through JS.
 */
export interface ScrubSources {
  /** Secret values (API keys) the backend holds. */
  secrets: readonly string[];
  /** Absolute paths of the workspace's local model files. */
  modelPaths: readonly string[];
  homeDir: string;
  workspaceDir: string;
}

interface Literal {
  find: string;
  replace: string;
}

interface Pattern {
  re: string;
  replace: string;
}

/** Provider key shapes: OpenAI, Anthropic, Google, Hugging Face, GitHub, AWS access keys, bearer tokens. */
const keyShapes = String.raw`(sk-(ant-|proj-)?[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35}|hf_[A-Za-z0-9]{30,}|gh[pousr]_[A-Za-z0-9]{30,}|AKIA[0-9A-Z]{16}|Bearer [A-Za-z0-9._~+/-]{20,}=*)`;

const keyPrefixes = ['sk-', 'AIza', 'hf_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'AKIA', 'Bearer '];

export const piiPatterns = {
  emails: String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`,
  // IPv4, then full and compressed IPv6.
  ips: String.raw`\b((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\b|\b([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b|\b([0-9A-Fa-f]{1,4}:){1,6}:([0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4}\b`,
  // 13 to 19 digits, optionally grouped by single spaces or dashes (Visa, Mastercard, Amex, …).
  cards: String.raw`\b[0-9]([ -]?[0-9]){12,18}\b`,
  // +international, (area) local, 3-3-4 with dots or dashes, and national numbers with a trunk 0.
  phones: String.raw`\+[0-9]{1,3}[ .-]?(\([0-9]{1,4}\)[ .-]?)?[0-9]{1,4}([ .-]?[0-9]{2,4}){2,4}\b|\([0-9]{3}\) ?[0-9]{3}[ .-][0-9]{4}\b|\b[0-9]{3}[.-][0-9]{3}[.-][0-9]{4}\b|\b0[0-9]{2,4}[ ][0-9]{3,4}[ ][0-9]{3,4}\b`,
} as const;

export const maskTokens = { emails: '[EMAIL]', ips: '[IP]', cards: '[CARD]', phones: '[PHONE]', patterns: '[REDACTED]', secret: '[SECRET]', path: '[PATH]' } as const;

export class TextScrub {
  private readonly literals: Literal[];
  private readonly patterns: Pattern[];

  constructor(sources: ScrubSources, mask: PiiMask) {
    const literals: Literal[] = [];
    for (const secret of sources.secrets) if (secret.trim().length >= 8) literals.push({ find: secret.trim(), replace: maskTokens.secret });
    for (const path of sources.modelPaths) if (path.length >= 4) literals.push({ find: path, replace: maskTokens.path });
    if (sources.workspaceDir.length >= 4) literals.push({ find: sources.workspaceDir, replace: '[WORKSPACE]' });
    if (sources.homeDir.length >= 4 && sources.homeDir !== '/') literals.push({ find: sources.homeDir, replace: '~' });
    // Longest first: a model path inside the home folder goes as a whole.
    this.literals = literals.sort((a, b) => b.find.length - a.find.length || a.find.localeCompare(b.find));

    // Order matters: an email holds digits, an IP looks like a phone number to a loose pattern.
    const patterns: Pattern[] = [];
    for (const re of mask.patterns) patterns.push({ re, replace: maskTokens.patterns });
    if (mask.emails) patterns.push({ re: piiPatterns.emails, replace: maskTokens.emails });
    if (mask.ips) patterns.push({ re: piiPatterns.ips, replace: maskTokens.ips });
    if (mask.cards) patterns.push({ re: piiPatterns.cards, replace: maskTokens.cards });
    if (mask.phones) patterns.push({ re: piiPatterns.phones, replace: maskTokens.phones });
    this.patterns = patterns;
  }

  /** The SQL expression of `column` scrubbed. */
  sql(column: string): string {
    // Key shapes first, behind a cheap test for their prefixes: the regular expression costs ten
    // times as much as the test, and almost no text holds a key.
    const prefixes = keyPrefixes.map((prefix) => `contains(${column}, ${quote(prefix)})`).join(' OR ');
    let expression = `CASE WHEN ${prefixes} THEN regexp_replace(${column}, ${quote(keyShapes)}, ${quote(maskTokens.secret)}, 'g') ELSE ${column} END`;
    for (const literal of this.literals) expression = `replace(${expression}, ${quote(literal.find)}, ${quote(literal.replace)})`;
    for (const pattern of this.patterns) expression = `regexp_replace(${expression}, ${quote(pattern.re)}, ${quote(pattern.replace)}, 'g')`;
    return expression;
  }

  /** A list of chat messages (STRUCT(role, content)[]) with each content scrubbed. */
  messagesSql(column: string): string {
    return `list_transform(${column}, m -> {'role': m.role, 'content': ${this.sql('m.content')}})`;
  }
}
