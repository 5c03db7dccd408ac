// @ts-check
// Sandbox: The entry points the host calls: run() and finish(). Part of the QuickJS prelude (see README.md).

/*
 * run(fn, meta, restoreAll, body): meta is the host's parts joined by \u0001 (JSON text never holds that raw
 * character): phase, response token (0: none), variables tag (see vslots), environment name (JSON), context cookies
 * (JSON or empty), then — only when the response changed, and then `body` is given too — its status, reason, size,
 * body encoding and time. JSON parts are parsed on first use, and the header and cookie lists (respJson) and
 * pm.info are asked of the host only then: QuickJS parses JSON slowly, and most scripts read few of them.
 *
 * A script that finished synchronously is summed up at once: run returns 'F' + the summary, and the host needs no
 * second call unless promise jobs or host operations are still pending (then it runs them and calls finish(),
 * which sums up again). An async script makes run return 'P'.
 */
function run(fn, meta, restoreAll, body) {
  var p = meta.split('\u0001');
  if (body !== undefined) {
    // Written in place: QuickJS pays for every property of a new object (each one a shape lookup).
    respCache.token = +p[1];
    respCache.head = p;
    respCache.hj = null;
    respCache.cj = null;
    respCache.body = body;
  }
  // Writes of the previous run were handed over with its summary.
  if (vops.length) {
    vops = [];
  }
  useVarTag(p[2]);
  // Only what every run needs is built here; the rest (legacy globals' state, info, …) on first use.
  /** @type {SandboxRun} */
  var r = {
    m: p,
    phase: p[0],
    rt: +p[1],
    legacy: null,
    resp: undefined,
    req: undefined,
    info: undefined,
    cookies: undefined,
    env: undefined,
    asserts: [],
    settled: 1,
  };
  cur = r;
  // new Pm(r) without the constructor call (see expect in pm-test.js).
  curPm = /** @type {Pm} */ (/** @type {unknown} */ ({ __proto__: Pm.prototype, _r: r }));
  G.pm = curPm;
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
// The summary is written by hand: QuickJS's JSON.stringify costs more than the rest of a short script's run. Its
// pieces are joined once at the end (QuickJS copies the whole left string on every +=), and the texts that repeat
// run after run — a passed test's entry, a variable write's layer and name — are kept (writeHead, passedEntry).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matches text that needs no JSON escaping
var PLAIN_TEXT = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
var regexpTest = RegExp.prototype.test;
function jsonText(s) {
  if (s === '') {
    return '""';
  }
  return regexpTest.call(PLAIN_TEXT, s) ? '"' + s + '"' : JSONstringify(s);
}
// Texts kept by the string they stand for: at most MAX_KEPT_TEXTS of up to MAX_KEPT_TEXT_CHARS each (names built
// per iteration must not grow the heap: past the count, all are dropped and refilled).
var MAX_KEPT_TEXTS = 512;
var MAX_KEPT_TEXT_CHARS = 256;
var keptTexts = Object.create(null);
var keptTextCount = 0;
function keepText(key, text) {
  if (key.length <= MAX_KEPT_TEXT_CHARS) {
    if (keptTextCount >= MAX_KEPT_TEXTS) {
      keptTexts = Object.create(null);
      keptTextCount = 0;
    }
    keptTexts[key] = text;
    keptTextCount++;
  }
  return text;
}
/** The start of a variable write's entry, '[layer,name,' as JSON, kept under 'w' + layer + \u0001 + name. */
function writeHead(layer, name) {
  var key = 'w' + layer + '\u0001' + name;
  var kept = keptTexts[key];
  return kept !== undefined ? kept : keepText(key, '[' + jsonText(layer) + ',' + jsonText(name) + ',');
}
/** The summary entry of a test that passed, kept under 'p' + its name. */
function passedEntry(name) {
  var kept = keptTexts['p' + name];
  return kept !== undefined ? kept : keepText('p' + name, '[' + jsonText(name) + ',1,"",0]');
}
function entryText(name, passed, error, flag) {
  if (passed === 1 && flag === 0 && error === '' && typeof name === 'string') {
    return passedEntry(name);
  }
  return (
    '[' +
    jsonText(String(name)) +
    ',' +
    (passed ? 1 : 0) +
    ',' +
    jsonText(String(error)) +
    ',' +
    (flag === 1 || flag === 2 ? flag : 0) +
    ']'
  );
}
// The texts joined by commas. A few are concatenated (QuickJS's join costs more than a few appends); many are
// joined (past a handful, appending costs more per piece).
var JOIN_FROM = 8;
function commaList(texts) {
  var n = texts.length;
  if (n === 0) {
    return '';
  }
  if (n >= JOIN_FROM) {
    return texts.join(',');
  }
  var s = texts[0];
  for (var i = 1; i < n; i++) {
    s = s + ',' + texts[i];
  }
  return s;
}
function summary(r, restoreAll) {
  restoreBuiltins(restoreAll);
  var entries = [];
  for (var i = 0; i < r.asserts.length; i++) {
    var a = r.asserts[i];
    entries[i] = typeof a === 'string' ? passedEntry(a) : entryText(a[0], a[1], a[2], a[3]);
  }
  var lg = r.legacy;
  var tests = lg === null ? null : lg.over.tests !== undefined ? lg.over.tests : lg.tests;
  if (tests && typeof tests === 'object') {
    var keys = ObjectKeys(tests);
    for (var k = 0; k < keys.length; k++) {
      var ok = tests[keys[k]] ? 1 : 0;
      entries[entries.length] = entryText(
        keys[k],
        ok,
        ok ? '' : 'expected tests["' + keys[k] + '"] to be truthy',
        0,
      );
    }
  }
  var writes = [];
  for (var j = 0; j < vops.length; j++) {
    var op = vops[j];
    writes[j] = writeHead(op[0], op[1]) + (op[2] === null ? 'null' : jsonText(op[2])) + ']';
  }
  return (
    '{"a":[' +
    commaList(entries) +
    '],"q":' +
    (r.req === undefined ? 'null' : JSONstringify(serializeRequest(r.req))) +
    ',"s":' +
    (r.settled ? 1 : 0) +
    ',"v":[' +
    commaList(writes) +
    ']}'
  );
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
  curPm = null;
  G.pm = undefined;
  return out;
}
