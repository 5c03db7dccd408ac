// @ts-check
// Sandbox: setTimeout / setInterval, driven by the host. Part of the QuickJS prelude (see README.md).

var timerSeq = 0;
var liveTimers = Object.create(null);
function startTimer(fn, ms, args, repeat) {
  if (typeof fn !== 'function') {
    throw new TypeError('The callback must be a function');
  }
  var r = cur;
  var id = ++timerSeq;
  var delay = Math.max(0, Number(ms) || 0);
  liveTimers[id] = true;
  function tick() {
    host.timer(id, delay).then(function () {
      if (!liveTimers[id] || r !== cur) {
        return;
      }
      if (!repeat) {
        delete liveTimers[id];
      }
      try {
        fn.apply(G, args);
      } catch (e) {
        delete liveTimers[id];
        reportFailure(e);
        return;
      }
      if (repeat && liveTimers[id]) {
        tick();
      }
    });
  }
  tick();
  return id;
}
function clearTimer(id) {
  if (liveTimers[id]) {
    delete liveTimers[id];
    host.cancelTimer(Number(id));
  }
}
function setTimeout_(fn, ms) {
  return startTimer(fn, ms, Array.prototype.slice.call(arguments, 2), false);
}
function setInterval_(fn, ms) {
  return startTimer(fn, ms, Array.prototype.slice.call(arguments, 2), true);
}
function setImmediate_(fn) {
  return startTimer(fn, 0, Array.prototype.slice.call(arguments, 1), false);
}
