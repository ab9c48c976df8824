import type { Handlers } from '../handlers.js';
import type { CompareService } from './compare-service.js';

/** The `compare` namespace of the contract, one handler per method. */
export function compareHandlers(compare: CompareService): Handlers['compare'] {
  return {
    experiment: (input) => compare.experiment(input),
    rows: (input) => compare.rows(input),
    locate: (input) => compare.locate(input),
    row: (input) => compare.row(input),
  };
}
