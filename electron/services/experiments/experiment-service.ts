import type { MethodOutput, ParsedInput } from '../../../shared/contract/index.js';
import { AppError } from '../../../shared/errors.js';
import type { EventBus } from '../event-bus.js';
import type { ModelService } from '../models/model-service.js';
import type { Database } from '../storage/database.js';

type Method = 'list' | 'get' | 'estimate' | 'create' | 'start' | 'cancel' | 'results';
type In<M extends Method> = ParsedInput<'experiments', M>;
type Out<M extends Method> = Promise<MethodOutput<'experiments', M>>;

function notBuilt(method: Method): never {
  throw new AppError('INTERNAL', `experiments.${method} is not built yet.`);
}

/** Experiments: the matrix, its runner, and the stored generations. */
export class ExperimentService {
  constructor(
    readonly db: Database,
    readonly events: EventBus,
    readonly models: ModelService,
  ) {}

  /** At start-up: runs that were running when the process died are marked interrupted. */
  async recoverInterrupted(): Promise<void> {}

  async list(): Out<'list'> {
    return notBuilt('list');
  }
  async get(_input: In<'get'>): Out<'get'> {
    return notBuilt('get');
  }
  async estimate(_input: In<'estimate'>): Out<'estimate'> {
    return notBuilt('estimate');
  }
  async create(_input: In<'create'>): Out<'create'> {
    return notBuilt('create');
  }
  async start(_input: In<'start'>): Out<'start'> {
    return notBuilt('start');
  }
  async cancel(_input: In<'cancel'>): Out<'cancel'> {
    return notBuilt('cancel');
  }
  async results(_input: In<'results'>): Out<'results'> {
    return notBuilt('results');
  }

  /** Stops every run (the backend is closing); their cells resume next time. */
  async close(): Promise<void> {}
}
