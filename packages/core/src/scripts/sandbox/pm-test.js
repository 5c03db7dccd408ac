// @ts-check
// Sandbox: pm.test. Part of the QuickJS prelude (see README.md).

// Results stay in the sandbox until finish() hands them over in one piece: a host call per test costs more
// than the test. Entries: [name, passed (1/0), error, flag (0 done, 1 skipped, 2 still running)], or the name
// alone for a test that passed (test(), below).
function record(r, name, passed, error, flag) {
  var entry = [name, passed, error, flag];
  if (r) {
    // Indexed, not push(): the script may have replaced Array.prototype.push (builtins are restored after it).
    r.asserts[r.asserts.length] = entry;
  }
  return entry;
}
/** Thrown by pm.execution.skipRequest() to end the script without a failure. */
var SKIP_SIGNAL = freeze({ skipRequest: true });
// pm.test returns pm, so calls chain (pm.test(…).test(…)), as in postman-sandbox.
// One function for every kind of test (QuickJS pays for each call); a passed test is recorded as its name alone.
function test(name, fn) {
  var r = cur;
  var label = typeof name === 'string' ? name : String(name);
  var ret;
  if (typeof fn === 'function') {
    try {
      ret = fn.length > 0 ? callbackTest(fn) : fn();
    } catch (e) {
      record(r, label, 0, errMessage(e), 0);
      return cur ? curPm : undefined;
    }
  }
  if (ret && typeof ret.then === 'function') {
    awaitTest(r, label, ret);
  } else if (r) {
    // Passed (newman counts a test without a function as passed too): its name alone. Indexed, not push(): the
    // script may have replaced Array.prototype.push (builtins are restored after it).
    r.asserts[r.asserts.length] = label;
  }
  return cur ? curPm : undefined;
}
// A test taking a `done` callback, as a promise of that callback's call.
function callbackTest(fn) {
  return new Promise(
    /** @param {(value?: unknown) => void} resolve */ function (resolve, reject) {
      fn(function (err) {
        if (err) {
          reject(err);
        } else {
          resolve();
        }
      });
    },
  );
}
// A test whose function returned a promise: recorded as still running until it settles.
function awaitTest(r, label, ret) {
  var entry = record(r, label, 0, 'The asynchronous test did not complete', 2);
  ret.then(
    function () {
      if (r === cur) {
        entry[1] = 1;
        entry[2] = '';
        entry[3] = 0;
      }
    },
    function (e) {
      if (r === cur) {
        entry[2] = errMessage(e);
        entry[3] = 0;
      }
    },
  );
}
test.skip = function (name) {
  record(cur, String(name), 0, '', 1);
  return cur ? curPm : undefined;
};
// How many tests (skipped ones included) this script has started, as postman-sandbox counts them.
test.index = function () {
  return cur ? cur.asserts.length : 0;
};
freeze(test);

// The assertion as an object literal with its prototype: the same object as `new FastAssertion(value, message)`
// without the constructor call, which cost QuickJS about as much as the rest of a passing pm.expect(…).to.equal(…).
function expect(value, message) {
  if (message === undefined) {
    return { __proto__: fastProto, _o: value };
  }
  return new FastAssertion(value, message);
}
expect.fail = function () {
  var c = getChai();
  return c.expect.fail.apply(c.expect, arguments);
};
freeze(expect);

function setNextRequest(name) {
  host.next(name === null || name === undefined ? 'n' : 's' + String(name));
}

var scopes = {
  environment: new Scope('environment', true, true),
  globals: new Scope('globals', true, true),
  collectionVariables: new Scope('collection', true, true),
  variables: new Scope('all', true, false),
  iterationData: new Scope('data', false, false),
};
freeze(scopes);
