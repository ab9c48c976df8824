import type { MethodOutput, ParsedInput } from '../../../shared/contract/index.js';
import { AppError } from '../../../shared/errors.js';
import type { EventBus } from '../event-bus.js';
import type { Database } from '../storage/database.js';

type In<M extends Parameters<typeof notBuilt>[0]> = ParsedInput<'datasets', M>;
type Out<M extends Parameters<typeof notBuilt>[0]> = Promise<MethodOutput<'datasets', M>>;

function notBuilt(method: 'list' | 'get' | 'preview' | 'import' | 'quickAdd' | 'rows'): never {
  throw new AppError('INTERNAL', `datasets.${method} is not built yet.`);
}

/** Datasets: imports through DuckDB's own readers, each import a new immutable version. */
export class DatasetService {
  constructor(
    readonly db: Database,
    readonly events: EventBus,
  ) {}

  async list(): Out<'list'> {
    return notBuilt('list');
  }
  async get(_input: In<'get'>): Out<'get'> {
    return notBuilt('get');
  }
  async preview(_input: In<'preview'>): Out<'preview'> {
    return notBuilt('preview');
  }
  async import(_input: In<'import'>): Out<'import'> {
    return notBuilt('import');
  }
  async quickAdd(_input: In<'quickAdd'>): Out<'quickAdd'> {
    return notBuilt('quickAdd');
  }
  async rows(_input: In<'rows'>): Out<'rows'> {
    return notBuilt('rows');
  }
}
