// A workspace with two runs of a capitals quiz (prompt v1 and v2) against a fake OpenAI-compatible
// server, for the scoring, Monitor and gate tests and the Monitor's end-to-end test.
import type { ExperimentSummary } from '../../shared/contract/experiments.js';
import type { ScorerConfigInput } from '../../shared/contract/scoring.js';
import type { FakeChatRequest } from './fake-providers/fake-server.js';

export const capitals = [
  { country: 'France', capital: 'Paris', context: 'Paris is the capital and largest city of France.' },
  { country: 'Japan', capital: 'Tokyo', context: 'Tokyo is the capital of Japan.' },
  { country: 'Kenya', capital: 'Nairobi', context: 'Nairobi is the capital of Kenya.' },
  { country: 'Peru', capital: 'Lima', context: 'Lima is the capital of Peru.' },
  { country: 'Chile', capital: 'Santiago', context: 'Santiago is the capital of Chile.' },
  { country: 'Egypt', capital: 'Cairo', context: 'Cairo is the capital of Egypt.' },
];

/**
 * What the fake model answers: v1's prompt ("Capital of X?") gets the right city; v2's prompt
 * ("Name X's capital, with a fun fact") gets a chattier answer that is wrong for Kenya and Peru,
 * so v2 regresses on those rows. A judge prompt gets a JSON verdict.
 */
export function capitalsReply(request: FakeChatRequest): string {
  const user = [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  if (user.includes('OUTPUT:')) {
    const output = user.slice(user.lastIndexOf('OUTPUT:') + 7).trim();
    const right = capitals.some((row) => output.includes(row.capital) && user.includes(row.country));
    return JSON.stringify({ score: right ? 9 : 2, reason: right ? 'Names the right city.' : 'Wrong city.' });
  }
  const row = capitals.find((entry) => user.includes(entry.country));
  if (!row) return 'I do not know.';
  if (user.startsWith('Capital of')) return row.capital;
  const wrong: Record<string, string> = { Kenya: 'Mombasa', Peru: 'Cusco' };
  return `${wrong[row.country] ?? row.capital} is the capital of ${row.country}, and a lovely place to visit.`;
}

export const capitalScorers: ScorerConfigInput[] = [
  { kind: 'contains', name: 'names-capital', value: '{{ reference }}' },
  { kind: 'equals', name: 'exact' },
  { kind: 'rouge-l', threshold: 0.5 },
  { kind: 'length', name: 'short', max: 40 },
  { kind: 'javascript', name: 'mentions-city', code: 'return output.includes(context.reference);' },
];

type Call = <T = any>(channel: string, input?: unknown) => Promise<T>;

export interface CapitalsWorkspace {
  modelId: string;
  datasetVersionId: string;
  promptV1: string;
  promptV2: string;
}

export async function setUpCapitals(call: Call, baseUrl: string): Promise<CapitalsWorkspace> {
  const dataset = await call('datasets.quickAdd', {
    name: 'Capitals',
    rows: capitals.map((row) => ({ country: row.country, capital: row.capital, passage: row.context })),
    reference: 'capital',
    context: 'passage',
  });
  const prompt = await call('prompts.create', { name: 'Capital quiz', template: { messages: [{ role: 'user', content: 'Capital of {{ country }}?' }] } });
  const v2 = await call('prompts.saveVersion', { promptId: prompt.id, template: { messages: [{ role: 'user', content: "Name {{ country }}'s capital, with a fun fact." }] }, note: 'chattier' });
  const model = await call('models.addRemote', { provider: 'openai-compatible', baseUrl, model: 'quiz-model', name: 'Quiz model', prices: { inputPerMillion: 1, outputPerMillion: 2 } });
  return { modelId: model.id, datasetVersionId: dataset.versions[0].id, promptV1: prompt.head.id, promptV2: v2.version.id };
}

export async function runToEnd(call: Call, id: string): Promise<ExperimentSummary> {
  await call('experiments.start', { id });
  for (;;) {
    const summary = await call<ExperimentSummary>('experiments.get', { id });
    if (summary.state !== 'running') return summary;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function scoresSettled(call: Call, experimentId: string): Promise<{ scored: number; expected: number; errors: number }> {
  for (;;) {
    const status = await call('scoring.status', { experimentId });
    if (!status.running && status.scored >= status.expected) return status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
