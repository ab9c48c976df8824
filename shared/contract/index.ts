import { z } from 'zod';
import { appMethods, preferencesMethods } from './app.js';
import { compareMethods } from './compare.js';
import type { MethodSpec } from './define.js';
import { datasetEvents, datasetMethods } from './datasets.js';
import { experimentEvents, experimentMethods } from './experiments.js';
import { exportMethods } from './export.js';
import { annotatorMethods, labelingEvents, labelingMethods } from './labeling.js';
import { judgeEvents, judgeMethods, leaderboardMethods } from './leaderboard.js';
import { modelEvents, modelMethods, playgroundMethods, secretMethods } from './models.js';
import { monitorEvents, monitorMethods } from './monitor.js';
import { promptMethods } from './prompts.js';
import { scoringEvents, scoringMethods } from './scoring.js';
import { workspaceMethods } from './workspace.js';
import { preferencesSchema } from '../preferences.js';

/**
 * The whole API between the renderer and the backend, as data. Both transports (Electron IPC
 * and headless HTTP) are generated from it, so a method exists everywhere or nowhere.
 */
export const contract = {
  methods: {
    app: appMethods,
    workspace: workspaceMethods,
    preferences: preferencesMethods,
    prompts: promptMethods,
    models: modelMethods,
    secrets: secretMethods,
    playground: playgroundMethods,
    datasets: datasetMethods,
    experiments: experimentMethods,
    compare: compareMethods,
    annotators: annotatorMethods,
    labeling: labelingMethods,
    leaderboard: leaderboardMethods,
    judges: judgeMethods,
    export: exportMethods,
    scoring: scoringMethods,
    monitor: monitorMethods,
  },
  events: {
    'prompts.changed': z.object({ promptId: z.string() }),
    'preferences.changed': preferencesSchema,
    ...modelEvents,
    ...experimentEvents,
    ...datasetEvents,
    ...labelingEvents,
    ...judgeEvents,
    ...scoringEvents,
    ...monitorEvents,
  },
} as const;

type Methods = typeof contract.methods;
export type Namespace = keyof Methods;
export type MethodOf<N extends Namespace> = keyof Methods[N] & string;
type Spec<N extends Namespace, M extends MethodOf<N>> = Methods[N][M] extends MethodSpec ? Methods[N][M] : never;

export type MethodInput<N extends Namespace, M extends MethodOf<N>> = z.input<Spec<N, M>['input']>;
export type ParsedInput<N extends Namespace, M extends MethodOf<N>> = z.output<Spec<N, M>['input']>;
export type MethodOutput<N extends Namespace, M extends MethodOf<N>> = z.output<Spec<N, M>['output']>;

export type EventName = keyof typeof contract.events;
export type EventPayload<E extends EventName> = z.output<(typeof contract.events)[E]>;

/** `"prompts.list"` and friends: the channel name of every method. */
export type Channel = { [N in Namespace]: `${N}.${MethodOf<N>}` }[Namespace];

export interface MethodEntry {
  readonly namespace: string;
  readonly method: string;
  readonly channel: string;
  readonly spec: MethodSpec;
}

/** Every method of the contract, flat, in a stable order. */
export const methodEntries: readonly MethodEntry[] = Object.freeze(
  Object.entries(contract.methods).flatMap(([namespace, methods]) =>
    Object.entries(methods as Record<string, MethodSpec>).map(([name, spec]) => ({
      namespace,
      method: name,
      channel: `${namespace}.${name}`,
      spec,
    })),
  ),
);

/** The one IPC channel on which the desktop transport forwards contract events to the renderer. */
export const backendEventChannel = 'arbiter:event';

export const eventNames = Object.freeze(Object.keys(contract.events) as EventName[]);

export function findMethod(channel: string): MethodEntry | undefined {
  return methodEntries.find((entry) => entry.channel === channel);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(contract.events, name);
}

export * from './app.js';
export * from './workspace.js';
export * from './prompts.js';
export * from './models.js';
export * from './generation.js';
export * from './datasets.js';
export * from './experiments.js';
export * from './compare.js';
export * from './labeling.js';
export * from './leaderboard.js';
export * from './export.js';
export * from './scoring.js';
export * from './monitor.js';
export type { MethodSpec } from './define.js';
