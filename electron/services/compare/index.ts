export { compareHandlers } from './compare-handlers.js';
export { CompareService } from './compare-service.js';
