// @ts-check
// Sandbox: The entry points the host calls: run() and finish(). Part of the QuickJS prelude (see README.md).

/*
 * run(fn, meta, restoreAll): meta is the host's parts joined by \u0001 (JSON text never holds that raw character):
 * phase, response token (0: none), variables tag (see vslots), environment name (JSON), info (JSON), context
 * cookies (JSON or empty), then — only when the response changed — its status, reason, size, body encoding, time
 * and, last, the body (which may itself hold \u0001: the rest of the parts, joined again). JSON parts are parsed on
 * first use, and the header and cookie lists are asked of the host only then (respJson): QuickJS parses JSON slowly,
 * and most scripts read few of them.
 *
 * A script that finished synchronously is summed up at once: run returns 'F' + the summary, and the host needs no
 * second call unless promise jobs or host operations are still pending (then it runs them and calls finish(),
 * which sums up again). An async script makes run return 'P'.
 */
function run(fn, meta, restoreAll) {
  var p = meta.split('\u0001');
  var m = { phase: p[0], rt: +p[1], envJson: p[3], infoJson: p[4], cookiesJson: p[5] };
  if (p.length > 6) {
    respCache = {
      token: m.rt,
      head: [+p[6], p[7], +p[8], p[9], +p[10]],
      hj: null,
      cj: null,
      body: p.length === 12 ? p[11] : p.slice(11).join('\u0001'),
    };
  }
  // Writes of the previous run were handed over with its summary.
  vops = [];
  useVarTag(p[2]);
  /** @type {SandboxRun} */
  var r = {
    m: m,
    pm: null,
    tests: {},
    over: {},
    lazy: {},
    resp: undefined,
    req: undefined,
    info: undefined,
    cookies: undefined,
    env: undefined,
    asserts: [],
    settled: 1,
  };
  r.pm = new Pm(r);
  cur = r;
  G.pm = r.pm;
  var ret;
  try {
    ret = fn.call(undefined);
  } catch (e) {
    if (e !== SKIP_SIGNAL) {
      reportFailure(e);
    }
    return 'F' + summary(r, restoreAll);
  }
  if (ret && typeof ret.then === 'function') {
    r.settled = 0;
    ret.then(
      function () {
        r.settled = 1;
      },
      function (e) {
        r.settled = 1;
        if (e !== SKIP_SIGNAL) {
          reportFailure(e);
        }
      },
    );
    return 'P';
  }
  return 'F' + summary(r, restoreAll);
}
// The run's outcome for the host: { a: assertions, q: the request if a script touched it, s: 0 if still awaiting,
// v: variable writes not yet handed over }.
// The summary is written by hand: QuickJS's JSON.stringify costs more than the rest of a short script's run.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matches text that needs no JSON escaping
var PLAIN_TEXT = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
var regexpTest = RegExp.prototype.test;
function jsonText(s) {
  return regexpTest.call(PLAIN_TEXT, s) ? '"' + s + '"' : JSONstringify(s);
}
function summary(r, restoreAll) {
  restoreBuiltins(restoreAll);
  var out = '{"a":[';
  var n = 0;
  function entry(name, passed, error, flag) {
    out +=
      (n++ ? ',[' : '[') +
      jsonText(String(name)) +
      ',' +
      (passed ? 1 : 0) +
      ',' +
      jsonText(String(error)) +
      ',' +
      (flag === 1 || flag === 2 ? flag : 0) +
      ']';
  }
  for (var i = 0; i < r.asserts.length; i++) {
    var a = r.asserts[i];
    entry(a[0], a[1], a[2], a[3]);
  }
  var tests = r.over.tests !== undefined ? r.over.tests : r.tests;
  if (tests && typeof tests === 'object') {
    var keys = ObjectKeys(tests);
    for (var k = 0; k < keys.length; k++) {
      var ok = !!tests[keys[k]];
      entry(keys[k], ok, ok ? '' : 'expected tests["' + keys[k] + '"] to be truthy', 0);
    }
  }
  out +=
    '],"q":' +
    (r.req === undefined ? 'null' : JSONstringify(serializeRequest(r.req))) +
    ',"s":' +
    (r.settled ? 1 : 0) +
    ',"v":[';
  for (var j = 0; j < vops.length; j++) {
    var op = vops[j];
    out +=
      (j ? ',[' : '[') +
      jsonText(op[0]) +
      ',' +
      jsonText(op[1]) +
      ',' +
      (op[2] === null ? 'null' : jsonText(op[2])) +
      ']';
  }
  return out + ']}';
}
function finish(restoreAll) {
  var r = cur;
  if (!r) {
    restoreBuiltins(restoreAll);
    return '';
  }
  var out = summary(r, restoreAll);
  vops = [];
  cur = null;
  G.pm = undefined;
  return out;
}
