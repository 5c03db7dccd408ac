// Artillery processor for compare.mjs (loaded by Artillery's workers, hence CommonJS). Artillery has no
// time-bounded loop, only `loop` with a count or a `whileTrue` function: each VU loops the workload until one
// deadline, set by the first VU that starts in this worker `benchSeconds` later, so all VUs stop together and the
// run lasts about as long as `apiplay load --duration`.
let deadline;

module.exports = {
  startClock(context, _events, done) {
    deadline ??= Date.now() + Number(context.vars.benchSeconds) * 1000;
    return done();
  },
  beforeDeadline(_context, next) {
    return next(Date.now() < deadline);
  },
};
