/** Bad load-test input (options, thresholds, stages, collection): reported before the first request is sent. */
export class LoadInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadInputError';
  }
}
