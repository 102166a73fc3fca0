export type { Engine, EngineOptions } from './engine-types';
export { createEngine } from './engine';
