export { EventStream } from './event-stream';
export { type ExecuteOneOptions, executeOne } from './execute-one';
export { executeStep, type StepContext, type StepOutcome } from './execute-step';
export { planRun, type RunStep } from './flatten';
export { runCollection } from './run-collection';
export * from './types';
