/**
 * Calls `fn` once the event loop has turned: after the I/O callbacks of this pass (setImmediate in Node), or after
 * a 0 ms timer where there is no setImmediate.
 */
export const nextTurn: (fn: () => void) => void =
  typeof setImmediate === 'function'
    ? (fn) => {
        setImmediate(fn);
      }
    : (fn) => {
        setTimeout(fn, 0);
      };
