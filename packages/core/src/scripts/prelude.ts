/**
 * The JavaScript evaluated ONCE per QuickJS context: the `pm` API, legacy Postman globals, console, timers,
 * `require` and the chai-postman assertions. It is an expression yielding `function (host) → { run, finish }`.
 *
 * It is kept as plain ES5-style text (not a TS function stringified) so that bundlers, coverage instrumentation
 * or minifiers can never inject references to host variables into the sandbox. Everything per-run is read
 * through `cur` so user code compiled once can be called again and again with fresh data.
 *
 * Host functions (installed by engine.ts) exchange only strings, numbers and booleans with this code.
 */
import { FAST_EXPECT } from './fast-expect';

export const SANDBOX_PRELUDE: string = String.raw`(function (host) {
'use strict';
var G = globalThis;
var JSONparse = JSON.parse;
var JSONstringify = JSON.stringify;
var ObjectKeys = Object.keys;
var defineProperty = Object.defineProperty;
var freeze = Object.freeze;
var isArray = Array.isArray;
var HOST_ERR_PREFIX = '';
var cur = null;
var moduleCache = Object.create(null);
var loadingModules = Object.create(null);
var chaiLib = null;
// The last response sent by the host (its token, its parts as the host sent them) and the body text.
var respCache = { token: 0, head: null, hj: null, cj: null, body: '' };

function hasOwn(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

/*
 * One context serves every script of a run, so a script that replaces a builtin (Array.prototype.push = …) would
 * break the pm machinery — and chai — for every later script. After each script the builtins below are put
 * back; ADDED properties (the Postman trick Object.prototype.myHelpers = …) are left alone on purpose.
 */
var PRISTINE = [];
var reflectDefine = Reflect.defineProperty;
function keepBuiltins(obj, names) {
  for (var i = 0; i < names.length; i++) {
    var d = Object.getOwnPropertyDescriptor(obj, names[i]);
    if (d && 'value' in d) { PRISTINE.push(obj, names[i], d.value, d); }
  }
}
// Checked after every script: what the pm machinery and chai call all the time.
keepBuiltins(Object.prototype, ['hasOwnProperty', 'toString']);
keepBuiltins(Array.prototype, ['push', 'slice', 'map', 'filter', 'join', 'indexOf', 'forEach', 'concat', 'splice']);
keepBuiltins(String.prototype, ['replace', 'split', 'slice', 'indexOf', 'charAt', 'charCodeAt', 'toLowerCase', 'trim']);
keepBuiltins(Function.prototype, ['call', 'apply', 'bind']);
keepBuiltins(Object, ['keys', 'create', 'defineProperty', 'getOwnPropertyNames', 'getPrototypeOf', 'freeze']);
keepBuiltins(JSON, ['parse', 'stringify']);
keepBuiltins(Promise.prototype, ['then']);
var CRITICAL = PRISTINE.length;
// Checked only after scripts whose text looks like it reaches for builtins (see engine.ts).
keepBuiltins(Object.prototype, ['valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString']);
keepBuiltins(Array.prototype, ['pop', 'shift', 'unshift', 'reduce', 'some', 'every', 'find', 'findIndex', 'includes',
  'sort', 'reverse', 'keys', 'values', 'entries', 'fill', 'toString', Symbol.iterator]);
keepBuiltins(String.prototype, ['lastIndexOf', 'substring', 'substr', 'toUpperCase', 'repeat', 'match', 'includes',
  'startsWith', 'endsWith', 'padStart', 'concat', 'toString', 'valueOf', Symbol.iterator]);
keepBuiltins(Function.prototype, ['toString']);
keepBuiltins(Object, ['defineProperties', 'isFrozen', 'getOwnPropertyDescriptor', 'getOwnPropertySymbols',
  'setPrototypeOf', 'assign', 'entries', 'values', 'is']);
keepBuiltins(Array, ['isArray', 'from', 'of']);
keepBuiltins(Promise, ['resolve', 'reject', 'all', 'race']);
keepBuiltins(Promise.prototype, ['catch', 'finally']);
keepBuiltins(RegExp.prototype, ['exec', 'test', 'toString', Symbol.replace, Symbol.split, Symbol.match]);
keepBuiltins(Number.prototype, ['toString', 'toFixed', 'valueOf']);
keepBuiltins(Error.prototype, ['toString', 'name', 'message']);
keepBuiltins(Math, ['min', 'max', 'floor', 'ceil', 'abs', 'round', 'random', 'pow']);
keepBuiltins(Reflect, ['get', 'set', 'has', 'ownKeys', 'getPrototypeOf', 'apply', 'construct', 'defineProperty']);
keepBuiltins(G, ['Object', 'Array', 'String', 'Number', 'Boolean', 'JSON', 'Promise', 'Math', 'Reflect', 'Proxy', 'Error',
  'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'RegExp', 'Date', 'Symbol', 'Map', 'Set', 'WeakMap',
  'Uint8Array', 'ArrayBuffer', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent',
  'escape', 'unescape', 'eval', 'Function']);
function restoreBuiltin(i) {
  try { reflectDefine(PRISTINE[i], PRISTINE[i + 1], PRISTINE[i + 3]); } catch (e) { /* non-configurable now: leave it */ }
}
// The checks as straight-line code with the property names written out: this runs after every script, and QuickJS
// turns a computed key (obj[key]) into an atom with a hash lookup on every read.
function compileChecks(from, to) {
  var body = '';
  for (var i = from; i < to; i += 4) {
    var key = PRISTINE[i + 1];
    var read = typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? '.' + key : '[P[' + (i + 1) + ']]';
    body += 'if (P[' + i + ']' + read + ' !== P[' + (i + 2) + ']) { fix(' + i + '); }\n';
  }
  return Function('P', 'fix', body);
}
var checkCritical = compileChecks(0, CRITICAL);
var checkRest = compileChecks(CRITICAL, PRISTINE.length);
function restoreBuiltins(all) {
  checkCritical(PRISTINE, restoreBuiltin);
  if (all) { checkRest(PRISTINE, restoreBuiltin); }
}

/* ---------- value encoding between sandbox and host ---------- */
function enc(v) {
  if (typeof v === 'string') { return 's' + v; }
  if (v === undefined) { return 'u'; }
  var j;
  try { j = JSONstringify(v); } catch (e) { j = undefined; }
  return j === undefined ? 's' + String(v) : 'j' + j;
}
function dec(s) {
  if (typeof s !== 'string') { return undefined; }
  var t = s.charAt(0);
  if (t === 's') { return s.slice(1); }
  if (t === 'j') { return JSONparse(s.slice(1)); }
  return undefined;
}
function errMessage(e) {
  if (e && typeof e === 'object' && e.message !== undefined) { return String(e.message); }
  return String(e);
}
function errText(e) {
  if (e && typeof e === 'object' && e.message !== undefined) {
    var name = e.name ? String(e.name) : 'Error';
    return name + ': ' + String(e.message);
  }
  return String(e);
}
function reportFailure(e) {
  var stack = '';
  try { stack = e && typeof e === 'object' && typeof e.stack === 'string' ? e.stack : ''; } catch (x) { stack = ''; }
  host.fail(errText(e), stack);
}

/* ---------- base64 ---------- */
var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function btoa(input) {
  var s = String(input);
  var out = '';
  for (var i = 0; i < s.length; i += 3) {
    var a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
    if (a > 255 || b > 255 || c > 255) { throw new Error('btoa: the string contains characters outside of the Latin1 range'); }
    var n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64.charAt((n >> 18) & 63) + B64.charAt((n >> 12) & 63) +
      (i + 1 < s.length ? B64.charAt((n >> 6) & 63) : '=') + (i + 2 < s.length ? B64.charAt(n & 63) : '=');
  }
  return out;
}
function atob(input) {
  var s = String(input).replace(/[\t\n\f\r ]+/g, '');
  if (s.length % 4 === 0) { s = s.replace(/==?$/, ''); }
  if (s.length % 4 === 1 || /[^+\/0-9A-Za-z]/.test(s)) { throw new Error('atob: the string is not correctly encoded'); }
  var out = '', bits = 0, acc = 0;
  for (var i = 0; i < s.length; i++) {
    acc = (acc << 6) | B64.indexOf(s.charAt(i));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 255);
      acc = acc & ((1 << bits) - 1);
    }
  }
  return out;
}

/* ---------- console ---------- */
function quoteKey(k) { return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSONstringify(k); }
function inspect(v, depth, seen) {
  var t = typeof v;
  if (t === 'string') { return depth === 0 ? v : "'" + v + "'"; }
  if (v === null || t === 'number' || t === 'boolean' || t === 'undefined') { return String(v); }
  if (t === 'bigint') { return String(v) + 'n'; }
  if (t === 'symbol') { return v.toString(); }
  if (t === 'function') { return '[Function: ' + (v.name || 'anonymous') + ']'; }
  try {
    if (v instanceof Error) { return errText(v); }
    if (v instanceof Date) { return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString(); }
    if (v instanceof RegExp) { return String(v); }
  } catch (e) { return '[object]'; }
  if (seen.indexOf(v) >= 0) { return '[Circular]'; }
  if (depth > 4) { return isArray(v) ? '[Array]' : '[Object]'; }
  seen.push(v);
  var parts = [], out, i;
  try {
    if (isArray(v)) {
      var n = Math.min(v.length, 100);
      for (i = 0; i < n; i++) { parts.push(inspect(v[i], depth + 1, seen)); }
      if (v.length > n) { parts.push('... ' + (v.length - n) + ' more items'); }
      out = parts.length ? '[ ' + parts.join(', ') + ' ]' : '[]';
    } else {
      var keys = ObjectKeys(v);
      var m = Math.min(keys.length, 100);
      for (i = 0; i < m; i++) {
        var val;
        try { val = inspect(v[keys[i]], depth + 1, seen); } catch (e) { val = '[Getter threw]'; }
        parts.push(quoteKey(keys[i]) + ': ' + val);
      }
      if (keys.length > m) { parts.push('... ' + (keys.length - m) + ' more keys'); }
      out = parts.length ? '{ ' + parts.join(', ') + ' }' : '{}';
    }
  } catch (e) {
    out = '[object]';
  }
  seen.pop();
  return out;
}
function formatArgs(args) {
  var out = [];
  var start = 0;
  if (typeof args[0] === 'string' && args[0].indexOf('%') >= 0 && args.length > 1) {
    var idx = 1;
    out.push(args[0].replace(/%([sdifjoOc%])/g, function (m, f) {
      if (f === '%') { return '%'; }
      if (idx >= args.length) { return m; }
      var a = args[idx++];
      switch (f) {
        case 's': return typeof a === 'string' ? a : inspect(a, 1, []);
        case 'd': case 'i': return String(f === 'i' ? parseInt(a, 10) : Number(a));
        case 'f': return String(parseFloat(a));
        case 'j': try { return JSONstringify(a); } catch (e) { return '[Circular]'; }
        case 'c': return '';
        default: return inspect(a, 1, []);
      }
    }));
    start = idx;
  }
  for (var i = start; i < args.length; i++) { out.push(inspect(args[i], 0, [])); }
  return out.join(' ');
}
function consoleMethod(level) {
  return function () {
    var text;
    try { text = formatArgs(Array.prototype.slice.call(arguments)); } catch (e) { text = '[unprintable]'; }
    if (!host.console(level, text)) { throw new Error('Console output limit exceeded'); }
  };
}
var sandboxConsole = freeze({
  log: consoleMethod('log'), info: consoleMethod('info'), warn: consoleMethod('warn'),
  error: consoleMethod('error'), debug: consoleMethod('debug'), trace: consoleMethod('debug'),
  dir: consoleMethod('log'), table: consoleMethod('log')
});

/* ---------- crypto.getRandomValues (uuid, crypto-js) ---------- */
var sandboxCrypto = freeze({
  getRandomValues: function (arr) {
    if (!arr || typeof arr.byteLength !== 'number') { throw new TypeError('getRandomValues expects a typed array'); }
    if (arr.byteLength > 65536) { throw new Error('getRandomValues: at most 65536 bytes'); }
    var u8 = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    var s = host.random(u8.length);
    for (var i = 0; i < u8.length; i++) { u8[i] = s.charCodeAt(i) & 255; }
    return arr;
  }
});

/* ---------- timers (host-driven, bounded by the script's deadline) ---------- */
var timerSeq = 0;
var liveTimers = Object.create(null);
function startTimer(fn, ms, args, repeat) {
  if (typeof fn !== 'function') { throw new TypeError('The callback must be a function'); }
  var r = cur;
  var id = ++timerSeq;
  var delay = Math.max(0, Number(ms) || 0);
  liveTimers[id] = true;
  function tick() {
    host.timer(id, delay).then(function () {
      if (!liveTimers[id] || r !== cur) { return; }
      if (!repeat) { delete liveTimers[id]; }
      try { fn.apply(G, args); } catch (e) { delete liveTimers[id]; reportFailure(e); return; }
      if (repeat && liveTimers[id]) { tick(); }
    });
  }
  tick();
  return id;
}
function clearTimer(id) {
  if (liveTimers[id]) { delete liveTimers[id]; host.cancelTimer(Number(id)); }
}
function setTimeout_(fn, ms) { return startTimer(fn, ms, Array.prototype.slice.call(arguments, 2), false); }
function setInterval_(fn, ms) { return startTimer(fn, ms, Array.prototype.slice.call(arguments, 2), true); }
function setImmediate_(fn) { return startTimer(fn, 0, Array.prototype.slice.call(arguments, 1), false); }

/* ---------- PropertyList (headers, query params, cookies, form fields) ---------- */
function PropertyList(members, caseInsensitive, keyName) {
  this._m = members;
  this._ci = !!caseInsensitive;
  this._k = keyName || 'key';
}
function toMember(item, keyName) {
  if (typeof item === 'string') {
    var at = item.indexOf(':');
    var m0 = {};
    m0[keyName] = at >= 0 ? item.slice(0, at).trim() : item.trim();
    m0.value = at >= 0 ? item.slice(at + 1).trim() : '';
    return m0;
  }
  var m = {};
  if (item && typeof item === 'object') {
    for (var k in item) { if (hasOwn(item, k)) { m[k] = item[k]; } }
  }
  m[keyName] = m[keyName] === undefined ? '' : String(m[keyName]);
  return m;
}
PropertyList.prototype = {
  constructor: PropertyList,
  _same: function (a, b) {
    return this._ci ? String(a).toLowerCase() === String(b).toLowerCase() : String(a) === String(b);
  },
  // Like postman-collection: with repeated keys (headers, query params) the LAST one is what get/one/upsert see.
  _index: function (key) {
    for (var i = this._m.length - 1; i >= 0; i--) { if (this._same(this._m[i][this._k], key)) { return i; } }
    return -1;
  },
  one: function (key) { var i = this._index(key); return i < 0 ? undefined : this._m[i]; },
  get: function (key) { var m = this.one(key); return m === undefined ? undefined : m.value; },
  has: function (key, value) {
    if (key && typeof key === 'object') { return this._m.indexOf(key) >= 0; }
    for (var i = 0; i < this._m.length; i++) {
      var m = this._m[i];
      if (this._same(m[this._k], key) && (arguments.length < 2 || m.value === value)) { return true; }
    }
    return false;
  },
  all: function () { return this._m.slice(); },
  count: function () { return this._m.length; },
  idx: function (i) { return this._m[i]; },
  each: function (fn, ctx) { this._m.slice().forEach(function (m) { fn.call(ctx, m); }); },
  map: function (fn, ctx) { return this._m.map(function (m) { return fn.call(ctx, m); }); },
  filter: function (fn, ctx) { return this._m.filter(function (m) { return fn.call(ctx, m); }); },
  find: function (fn, ctx) { return this._m.find(function (m) { return fn.call(ctx, m); }); },
  reduce: function (fn, acc, ctx) { return this._m.reduce(function (a, m) { return fn.call(ctx, a, m); }, acc); },
  indexOf: function (item) { return typeof item === 'string' ? this._index(item) : this._m.indexOf(item); },
  add: function (item) { if (item !== undefined && item !== null) { this._m.push(toMember(item, this._k)); } },
  append: function (item) { this.add(item); },
  prepend: function (item) { if (item !== undefined && item !== null) { this._m.unshift(toMember(item, this._k)); } },
  insert: function (item) { this.add(item); },
  upsert: function (item) {
    var m = toMember(item, this._k);
    var i = this._index(m[this._k]);
    if (i < 0) { this._m.push(m); return true; }
    for (var k in m) { if (hasOwn(m, k)) { this._m[i][k] = m[k]; } }
    return false;
  },
  remove: function (predicate, ctx) {
    var self = this;
    var test;
    if (typeof predicate === 'function') { test = function (m) { return predicate.call(ctx, m); }; }
    else if (predicate && typeof predicate === 'object') { test = function (m) { return m === predicate || self._same(m[self._k], predicate[self._k]); }; }
    else { test = function (m) { return self._same(m[self._k], predicate); }; }
    for (var i = this._m.length - 1; i >= 0; i--) { if (test(this._m[i])) { this._m.splice(i, 1); } }
  },
  clear: function () { this._m.length = 0; },
  populate: function (items) { var self = this; (items || []).forEach(function (it) { self.add(it); }); },
  repopulate: function (items) { this.clear(); this.populate(items); },
  // Headers and query params allow repeated keys in postman-collection: toObject() gathers them in an array.
  toObject: function (excludeDisabled, caseSensitive, multiValue) {
    var obj = {};
    var multi = multiValue !== false;
    for (var i = 0; i < this._m.length; i++) {
      var m = this._m[i];
      if (excludeDisabled && m.disabled) { continue; }
      var key = this._ci && !caseSensitive ? String(m[this._k]).toLowerCase() : String(m[this._k]);
      var value = m.value === null || m.value === undefined ? '' : m.value;
      if (multi && hasOwn(obj, key)) {
        if (!isArray(obj[key])) { obj[key] = [obj[key]]; }
        obj[key].push(value);
      } else {
        obj[key] = value;
      }
    }
    return obj;
  },
  toJSON: function () { return this._m.map(function (m) { var o = {}; for (var k in m) { if (hasOwn(m, k)) { o[k] = m[k]; } } return o; }); },
  toString: function () {
    var k = this._k;
    return this._m.filter(function (m) { return !m.disabled; }).map(function (m) { return m[k] + ': ' + m.value; }).join('\n');
  }
};

function kvIn(list) {
  var out = [];
  for (var i = 0; i < (list || []).length; i++) {
    var h = list[i];
    var m = { key: h.key, value: h.value };
    if (h.enabled === false) { m.disabled = true; }
    out.push(m);
  }
  return out;
}
function kvOut(list) {
  return list.all().map(function (m) {
    return { key: String(m.key), value: m.value === undefined || m.value === null ? '' : String(m.value), enabled: !m.disabled };
  });
}

/* ---------- Url (lenient: the raw text may still hold {{variables}}) ---------- */
var URL_RE = /^(?:([A-Za-z][A-Za-z0-9+.\-]*|\{\{[^{}]*\}\}):\/\/)?([^\/?#]*)([^?#]*)(?:\?([^#]*))?(?:#([\s\S]*))?$/;
function Url(raw) { this.update(raw); }
Url.prototype = {
  constructor: Url,
  update: function (raw) {
    if (raw && typeof raw === 'object') { raw = raw.raw !== undefined ? raw.raw : String(raw); }
    var text = raw === undefined || raw === null ? '' : String(raw);
    var m = URL_RE.exec(text) || [];
    var authority = m[2] || '';
    var at = authority.lastIndexOf('@');
    this.auth = undefined;
    if (at >= 0) {
      var userinfo = authority.slice(0, at);
      var colon = userinfo.indexOf(':');
      this.auth = colon >= 0 ? { user: userinfo.slice(0, colon), password: userinfo.slice(colon + 1) } : { user: userinfo };
      authority = authority.slice(at + 1);
    }
    var portMatch = /:(\d*|\{\{[^{}]*\}\})$/.exec(authority);
    this.port = portMatch ? portMatch[1] : undefined;
    if (portMatch) { authority = authority.slice(0, portMatch.index); }
    this.protocol = m[1];
    this.host = authority ? authority.split('.') : [];
    var path = m[3] || '';
    this.path = path ? path.replace(/^\//, '').split('/') : [];
    this.query = new PropertyList([], false, 'key');
    if (m[4] !== undefined && m[4] !== '') {
      var pairs = m[4].split('&');
      for (var i = 0; i < pairs.length; i++) {
        var eq = pairs[i].indexOf('=');
        this.query._m.push(eq >= 0 ? { key: pairs[i].slice(0, eq), value: pairs[i].slice(eq + 1) } : { key: pairs[i], value: null });
      }
    }
    this.hash = m[5];
  },
  getHost: function () { return this.host.join('.'); },
  getRemote: function (forcePort) {
    var port = this.port || (forcePort ? (this.protocol === 'https' ? '443' : '80') : '');
    return this.getHost() + (port ? ':' + port : '');
  },
  getPath: function () { return '/' + this.path.join('/'); },
  getQueryString: function () {
    return this.query._m.filter(function (q) { return !q.disabled; }).map(function (q) {
      return q.value === null || q.value === undefined ? String(q.key) : q.key + '=' + q.value;
    }).join('&');
  },
  getPathWithQuery: function () { var q = this.getQueryString(); return this.getPath() + (q ? '?' + q : ''); },
  addQueryParams: function (params) {
    var self = this;
    if (typeof params === 'string') { params = new Url('?' + params).query.all(); }
    (isArray(params) ? params : [params]).forEach(function (p) { self.query.add(p); });
  },
  removeQueryParams: function (keys) {
    var self = this;
    (isArray(keys) ? keys : [keys]).forEach(function (k) { self.query.remove(typeof k === 'object' ? k.key : k); });
  },
  toString: function () {
    var s = '';
    if (this.protocol) { s += this.protocol + '://'; }
    if (this.auth && this.auth.user !== undefined) {
      s += this.auth.user + (this.auth.password !== undefined ? ':' + this.auth.password : '') + '@';
    }
    s += this.getHost();
    if (this.port) { s += ':' + this.port; }
    if (this.path.length) { s += '/' + this.path.join('/'); }
    var q = this.getQueryString();
    if (q) { s += '?' + q; }
    if (this.hash !== undefined) { s += '#' + this.hash; }
    return s;
  },
  toJSON: function () { return this.toString(); }
};

/* ---------- request body ---------- */
function RequestBody(b) { this.update(b); }
RequestBody.prototype = {
  constructor: RequestBody,
  update: function (b) {
    if (typeof b === 'string') { b = { mode: 'raw', raw: b }; }
    b = b || { mode: 'none' };
    this.mode = b.mode || 'none';
    this.raw = b.raw;
    this.options = b.options || (b.language ? { raw: { language: b.language } } : undefined);
    this.urlencoded = new PropertyList(kvIn(b.urlencoded), false, 'key');
    this.formdata = new PropertyList(kvIn(b.formdata).map(function (m, i) {
      var f = b.formdata[i];
      m.type = f.type || 'text';
      if (f.src !== undefined) { m.src = f.src; }
      if (f.contentType !== undefined) { m.contentType = f.contentType; }
      return m;
    }), false, 'key');
    this.file = b.file;
    this.graphql = b.graphql;
  },
  isEmpty: function () {
    switch (this.mode) {
      case 'raw': return !this.raw;
      case 'urlencoded': return this.urlencoded.count() === 0;
      case 'formdata': return this.formdata.count() === 0;
      case 'graphql': return !this.graphql || !this.graphql.query;
      case 'file': case 'binary': return !this.file;
      default: return true;
    }
  },
  toString: function () {
    switch (this.mode) {
      case 'raw': return this.raw === undefined || this.raw === null ? '' : String(this.raw);
      case 'urlencoded': return this.urlencoded.all().filter(function (m) { return !m.disabled; }).map(function (m) {
        return encodeURIComponent(m.key) + '=' + encodeURIComponent(m.value);
      }).join('&');
      case 'graphql': return JSONstringify(this.graphql || {});
      default: return '';
    }
  },
  toJSON: function () { return serializeBody(this); }
};
function serializeBody(b) {
  switch (b.mode) {
    case 'raw': {
      var raw = b.raw;
      if (raw !== undefined && raw !== null && typeof raw !== 'string') { raw = typeof raw === 'object' ? JSONstringify(raw) : String(raw); }
      var lang = b.options && b.options.raw && b.options.raw.language;
      var out = { mode: 'raw', raw: raw === undefined || raw === null ? '' : raw };
      if (lang) { out.language = String(lang); }
      return out;
    }
    case 'urlencoded': return { mode: 'urlencoded', urlencoded: kvOut(b.urlencoded) };
    case 'formdata': return { mode: 'formdata', formdata: b.formdata.all().map(function (m) {
      var f = { key: String(m.key), type: m.type === 'file' ? 'file' : 'text', value: m.value === undefined || m.value === null ? '' : String(m.value), enabled: !m.disabled };
      if (m.src !== undefined) { f.src = String(m.src); }
      if (m.contentType !== undefined) { f.contentType = String(m.contentType); }
      return f;
    }) };
    case 'file': case 'binary': return { mode: 'binary', file: { src: String((b.file && b.file.src) || '') } };
    case 'graphql': return { mode: 'graphql', graphql: {
      query: String((b.graphql && b.graphql.query) || ''),
      variables: b.graphql && typeof b.graphql.variables === 'object' ? JSONstringify(b.graphql.variables) : String((b.graphql && b.graphql.variables) || '')
    } };
    default: return { mode: 'none' };
  }
}

/* ---------- request ---------- */
function Request(d) {
  this.id = d.id;
  this.name = d.name;
  this.method = d.method;
  this._url = new Url(d.url);
  this.headers = new PropertyList(kvIn(d.headers), true, 'key');
  this._body = d.body ? new RequestBody(d.body) : undefined;
}
Request.prototype = {
  constructor: Request,
  get url() { return this._url; },
  set url(v) { this._url = v instanceof Url ? v : new Url(v); },
  get body() { return this._body; },
  set body(v) { this._body = v === undefined || v === null ? undefined : (v instanceof RequestBody ? v : new RequestBody(v)); },
  addHeader: function (h) { this.headers.add(h); },
  upsertHeader: function (h) { this.headers.upsert(h); },
  removeHeader: function (h) { this.headers.remove(typeof h === 'object' && h !== null ? h.key : h); },
  getHeaders: function (opts) {
    var out = {};
    this.headers.all().forEach(function (m) {
      if (opts && opts.enabled && m.disabled) { return; }
      var k = opts && opts.ignoreCase ? String(m.key).toLowerCase() : m.key;
      out[k] = m.value;
    });
    return out;
  },
  toJSON: function () { return serializeRequest(this); }
};
function serializeRequest(r) {
  var out = { method: String(r.method || 'GET').toUpperCase(), url: r._url.toString(), headers: kvOut(r.headers) };
  if (r.id !== undefined) { out.id = String(r.id); }
  if (r.name !== undefined) { out.name = String(r.name); }
  if (r._body !== undefined) { out.body = serializeBody(r._body); }
  return out;
}

/* ---------- response ---------- */
function Response(d, body) {
  this.id = d.id;
  this.code = d.status;
  this.status = d.statusText;
  // Header and cookie lists are built on first use (most test scripts read only the code and the body): from the
  // list in d, or from the JSON text the host sent (d.hj, d.cj), parsed only then.
  this._hl = d.headers;
  this._hj = d.hj;
  this._h = undefined;
  this._cl = d.cookies;
  this._cj = d.cj;
  this._c = undefined;
  this.responseTime = d.responseTime !== undefined ? d.responseTime : (d.timings ? d.timings.total : undefined);
  this.responseSize = d.size;
  this._body = body;
  this._b64 = d.bodyEncoding === 'base64';
}
// A response's header or cookie list: as given (sendRequest responses), else parsed from its JSON text — for the
// run's response (null) asked of the host on first use (respJson).
function listIn(list, json, cookies) {
  if (list !== undefined) { return list; }
  return JSONparse((json === null ? respJson(cookies) : json) || '[]');
}
function cookieIn(c) {
  var m = {};
  for (var k in c) { if (hasOwn(c, k)) { m[k] = c[k]; } }
  m.key = c.name;
  return m;
}
Response.prototype = {
  constructor: Response,
  get headers() {
    if (this._h === undefined) {
      this._h = new PropertyList(kvIn(listIn(this._hl, this._hj, false)), true, 'key');
    }
    return this._h;
  },
  set headers(v) { this._h = v; },
  get cookies() {
    if (this._c === undefined) {
      var list = listIn(this._cl, this._cj, true);
      this._c = new PropertyList((list || []).map(function (c) { return cookieIn(c); }), false, 'name');
    }
    return this._c;
  },
  set cookies(v) { this._c = v; },
  reason: function () { return this.status; },
  text: function () { return this._b64 ? atob(this._body) : this._body; },
  json: function (reviver) { return JSONparse(this.text(), reviver); },
  size: function () { return { body: this.responseSize, header: 0, total: this.responseSize }; },
  dataURI: function () {
    var ct = this.headers.get('content-type') || 'application/octet-stream';
    return 'data:' + ct + ';base64,' + (this._b64 ? this._body : btoa(unescape(encodeURIComponent(this._body))));
  },
  toJSON: function () {
    return { code: this.code, status: this.status, header: this.headers.toJSON(), body: this.text(), responseTime: this.responseTime };
  },
  get to() { return new FastAssertion(this); },
  get be() { return new FastAssertion(this); },
  get have() { return new FastAssertion(this); },
  get not() { return new FastAssertion(this).not; }
};

/* ---------- chai + postman assertions ---------- */
function getPath(obj, path) {
  var parts = String(path).replace(/\[(\w+)\]/g, '.$1').replace(/^\./, '').split('.');
  var cur0 = obj;
  for (var i = 0; i < parts.length; i++) {
    if (cur0 === null || cur0 === undefined || !(Object(cur0) === cur0 && parts[i] in cur0)) { return { found: false }; }
    cur0 = cur0[parts[i]];
  }
  return { found: true, value: cur0 };
}
function postmanChai(chai, utils) {
  var A = chai.Assertion;
  function resp(a) {
    var o = utils.flag(a, 'object');
    if (!(o instanceof Response)) {
      throw new chai.AssertionError('expected ' + utils.objDisplay(o) + ' to be a response');
    }
    return o;
  }
  A.addMethod('status', function (code) {
    var r = resp(this);
    if (typeof code === 'number') {
      this.assert(r.code === code, 'expected response to have status code #{exp} but got #{act}',
        'expected response to not have status code #{act}', code, r.code);
    } else {
      this.assert(r.status === code, 'expected response to have status reason #{exp} but got #{act}',
        'expected response to not have status reason #{act}', code, r.status);
    }
  });
  var classes = { info: 1, success: 2, redirection: 3, clientError: 4, serverError: 5 };
  ObjectKeys(classes).forEach(function (name) {
    A.addProperty(name, function () {
      var r = resp(this);
      var c = classes[name];
      this.assert(Math.floor(r.code / 100) === c, 'expected response code to be ' + c + 'XX but found #{act}',
        'expected response code to not be ' + c + 'XX but found #{act}', c * 100, r.code);
    });
  });
  A.addProperty('error', function () {
    var r = resp(this);
    this.assert(r.code >= 400 && r.code < 600, 'expected response code to be 4XX or 5XX but found #{act}',
      'expected response code to not be 4XX or 5XX but found #{act}', 400, r.code);
  });
  var reasons = { accepted: 202, withoutContent: 204, badRequest: 400, unauthorised: 401, unauthorized: 401,
    forbidden: 403, notFound: 404, notAcceptable: 406, rateLimited: 429 };
  ObjectKeys(reasons).forEach(function (name) {
    A.addProperty(name, function () {
      var r = resp(this);
      this.assert(r.code === reasons[name], 'expected response code to be #{exp} but found #{act}',
        'expected response code to not be #{exp} but found #{act}', reasons[name], r.code);
    });
  });
  A.overwriteProperty('ok', function (_super) {
    return function () {
      if (utils.flag(this, 'object') instanceof Response) {
        var r = utils.flag(this, 'object');
        this.assert(r.code === 200, 'expected response code to be 200 but found #{act}',
          'expected response code to not be 200 but found #{act}', 200, r.code);
      } else {
        _super.call(this);
      }
    };
  });
  A.addMethod('header', function (key, value) {
    var r = resp(this);
    var has = r.headers.has(key);
    if (arguments.length < 2) {
      this.assert(has, "expected response to have header with key '" + key + "'",
        "expected response to not have header with key '" + key + "'", key, undefined);
      return;
    }
    var actual = r.headers.get(key);
    this.assert(has && actual === value, "expected '" + key + "' response header to be #{exp} but got #{act}",
      "expected '" + key + "' response header to not be #{act}", value, actual);
  });
  A.addProperty('withBody', function () {
    var r = resp(this);
    this.assert(r.text().length > 0, 'expected response to have content in body', 'expected response to not have content in body');
  });
  A.addProperty('json', function () {
    var r = resp(this);
    var ok = true;
    try { r.json(); } catch (e) { ok = false; }
    this.assert(ok, 'expected response body to be a valid json', 'expected response body to not be a valid json');
  });
  A.addMethod('body', function (expected) {
    var r = resp(this);
    var text = r.text();
    if (arguments.length === 0) {
      this.assert(text.length > 0, 'expected response to have content in body', 'expected response to not have content in body');
    } else if (expected instanceof RegExp) {
      this.assert(expected.test(text), 'expected response body text to match #{exp} but got #{act}',
        'expected response body text #{act} to not match #{exp}', expected, text);
    } else if (typeof expected === 'string') {
      this.assert(text === expected, 'expected response body to equal #{exp} but got #{act}',
        'expected response body to not equal #{exp}', expected, text, true);
    } else {
      var parsed;
      try { parsed = r.json(); } catch (e) { parsed = undefined; }
      this.assert(utils.eql(parsed, expected), 'expected response body json to equal #{exp} but got #{act}',
        'expected response body json to not equal #{exp}', expected, parsed, true);
    }
  });
  // Like Postman: validates the response's JSON body, or any other value given to expect().
  A.addMethod('jsonSchema', function (schema, options) {
    var o = utils.flag(this, 'object');
    var data = o;
    if (o instanceof Response) {
      try { data = o.json(); } catch (e) { throw new chai.AssertionError('expected response body to be a valid json'); }
    }
    var Ajv = loadModule('ajv');
    var ajv = new Ajv(options || { allErrors: true, logger: false });
    var validate = ajv.compile(schema);
    var valid = validate(data);
    this.assert(valid, 'expected data to satisfy schema but found following errors: \n' + ajv.errorsText(validate.errors),
      'expected data to not satisfy schema', true, valid);
  });
  A.addMethod('jsonBody', function (path, value) {
    var r = resp(this);
    var parsed, ok = true;
    try { parsed = r.json(); } catch (e) { ok = false; }
    if (arguments.length === 0) {
      this.assert(ok, 'expected response body to be a valid json', 'expected response body to not be a valid json');
      return;
    }
    if (!ok) { throw new chai.AssertionError('expected response body to be a valid json'); }
    if (typeof path === 'object' && path !== null) {
      this.assert(utils.eql(parsed, path), 'expected response body json to equal #{exp} but got #{act}',
        'expected response body json to not equal #{exp}', path, parsed, true);
      return;
    }
    var found = getPath(parsed, path);
    if (arguments.length < 2) {
      this.assert(found.found, "expected #{act} in response to contain property '" + path + "'",
        "expected #{act} in response to not contain property '" + path + "'", path, parsed);
      return;
    }
    this.assert(found.found && utils.eql(found.value, value),
      "expected response body json at '" + path + "' to contain #{exp} but got #{act}",
      "expected response body json at '" + path + "' to not contain #{exp}", value, found.value, true);
  });
}
/*
 * chai wraps every Assertion in a Proxy so that a typo like expect(x).to.be.tru throws instead of silently
 * passing. In QuickJS that Proxy costs ~40% of every assertion (each internal flag read goes through the trap).
 * Same guarantee, paid only on misses: no per-instance Proxy, and a Proxy as the PROTOTYPE of
 * Assertion.prototype, which property lookups reach only when the name exists nowhere else.
 */
function editDistance(a, b, cap) {
  if (Math.abs(a.length - b.length) >= cap) { return cap; }
  var prev = [], i, j;
  for (j = 0; j <= b.length; j++) { prev[j] = j; }
  for (i = 1; i <= a.length; i++) {
    var row = [i];
    for (j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1));
    }
    prev = row;
  }
  return Math.min(prev[b.length], cap);
}
// chai's language chains: words that only return an equivalent assertion, for readability.
var CHAIN_WORDS = ['to', 'be', 'been', 'is', 'and', 'has', 'have', 'with', 'that', 'which', 'at', 'of', 'same', 'but',
  'does', 'still', 'also'];
// chai's typo error for a name no assertion has, with the nearest name of proto as a suggestion.
function invalidChaiProperty(property, proto) {
  var best = null, bestDistance = 4;
  Object.getOwnPropertyNames(proto).forEach(function (name) {
    var d = editDistance(property, name, bestDistance);
    if (d < bestDistance) { best = name; bestDistance = d; }
  });
  return Error('Invalid Chai property: ' + property + (best ? '. Did you mean "' + best + '"?' : ''));
}
function guardChaiProperties(c) {
  c.config.useProxy = false;
  var proto = c.Assertion.prototype;
  // chai builds a fresh Assertion per chain word to track stack frames; returning the same object halves the
  // allocations of a typical assertion.
  CHAIN_WORDS.forEach(function (chain) {
    if (Object.getOwnPropertyDescriptor(proto, chain)) {
      Object.defineProperty(proto, chain, { get: function () { return this; }, configurable: true });
    }
  });
  var allowed = ['__flags', '__methods', '_obj', 'assert', 'then', 'catch', 'inspect', 'toJSON', 'nodeType'];
  var guard = new Proxy(Object.prototype, {
    get: function (target, property, receiver) {
      if (typeof property === 'string' && !(property in target) && allowed.indexOf(property) < 0) {
        throw invalidChaiProperty(property, proto);
      }
      return Reflect.get(target, property, receiver);
    }
  });
  // Names chai reads before they exist (__flags on every new Assertion, then when a test returns one) are found
  // here, one step before the guard: a Proxy trap per lookup costs more than the rest of a passing assertion.
  var knownMisses = Object.create(guard);
  ['__flags', 'then'].forEach(function (name) {
    Object.defineProperty(knownMisses, name, { value: undefined, writable: true, configurable: true });
  });
  Object.setPrototypeOf(proto, knownMisses);
}
function getChai() {
  if (chaiLib) { return chaiLib; }
  var c = loadModule('chai');
  c.use(postmanChai);
  guardChaiProperties(c);
  chaiLib = c;
  return c;
}
${FAST_EXPECT}

/* ---------- require ---------- */
function loadModule(name) {
  var cached = moduleCache[name];
  if (cached) { return cached.exports; }
  // lodash probes globalThis._ while it initializes; the legacy _ getter must not recurse into it.
  if (loadingModules[name]) { return undefined; }
  loadingModules[name] = true;
  try {
    // The host evaluates the library (a fresh stack budget for parsing big minified files) and returns module.
    var mod = host.module(name);
    moduleCache[name] = mod;
    return mod.exports;
  } finally {
    loadingModules[name] = false;
  }
}
function sandboxRequire(name) {
  var n = String(name);
  if (n === 'atob') { return atob; }
  if (n === 'btoa') { return btoa; }
  if (n === 'chai') { return getChai(); }
  return loadModule(n);
}

/* ---------- variable scopes ---------- */
/*
 * A host call costs more than most of what a script does with a variable, so values are cached here and writes
 * are queued:
 * - vcache: encoded values by layer + \u0001 + name, as the host answered or as this sandbox wrote them. Valid while
 *   the host's tag for the run's scopes (run() meta) is unchanged: the host moves the tag on any change it did
 *   not get from here.
 * - vops: writes not yet handed over, [layer, name, encoded | null to unset]. They go with the run's summary, or
 *   earlier (flushVars) before any host call that reads variables.
 */
var vcache = Object.create(null);
var vtag = '';
var vops = [];
function flushVars() {
  if (vops.length) {
    var ops = vops;
    vops = [];
    host.vops(JSONstringify(ops));
  }
}
function varGet(layer, key) {
  var k = layer + '\u0001' + key;
  var e = vcache[k];
  if (e === undefined) {
    flushVars();
    e = host.vget(layer, key);
    if (e === undefined) { e = 'u'; }
    vcache[k] = e;
  }
  return dec(e);
}
function varWrite(layer, key, encoded) {
  // Indexed, not push(): the script may have replaced Array.prototype.push (builtins are restored after it).
  vops[vops.length] = [layer, key, encoded];
  var e = encoded === null ? 'u' : encoded;
  if (layer === 'all') {
    // pm.variables.set/unset write the local scope, the narrowest: what 'all' sees after a set.
    vcache['local\u0001' + key] = e;
    if (encoded === null) { delete vcache['all\u0001' + key]; } else { vcache['all\u0001' + key] = e; }
    return;
  }
  vcache[layer + '\u0001' + key] = e;
  delete vcache['all\u0001' + key];
}
function varAll(layer) { flushVars(); return JSONparse(host.vall(layer)); }
function varClear(layer) { flushVars(); host.vclear(layer); vcache = Object.create(null); }
function Scope(layer, writable, clearable) { this._l = layer; this._w = writable; this._c = clearable; }
Scope.prototype = {
  constructor: Scope,
  get: function (key) { return varGet(this._l, String(key)); },
  has: function (key) { flushVars(); return host.vhas(this._l, String(key)); },
  toObject: function () { return varAll(this._l); },
  toJSON: function () { return this.toObject(); },
  set: function (key, value) {
    if (!this._w) { throw new TypeError('This scope is read-only'); }
    varWrite(this._l, String(key), enc(value));
  },
  unset: function (key) { varWrite(this._l, String(key), null); },
  clear: function () {
    if (!this._c) { throw new TypeError('This scope cannot be cleared'); }
    varClear(this._l);
  },
  replaceIn: function (template) {
    if (template === undefined || template === null) { return template; }
    flushVars();
    if (typeof template === 'string') { return host.vreplace(this._l, template); }
    return JSONparse(host.vreplace(this._l, JSONstringify(template)));
  }
};
freeze(Scope.prototype);

/* ---------- cookies ---------- */
function makeCookies(list) {
  var pl = new PropertyList((list || []).map(cookieIn), false, 'name');
  return freeze({
    get: function (name) { var m = pl.one(name); return m === undefined ? undefined : m.value; },
    has: function (name) { return pl.has(name); },
    one: function (name) { return pl.one(name); },
    all: function () { return pl.all(); },
    count: function () { return pl.count(); },
    each: function (fn) { pl.each(fn); },
    toObject: function () { var o = {}; pl.all().forEach(function (c) { o[c.name] = c.value; }); return o; },
    jar: function () { throw new Error('pm.cookies.jar() is not available in this sandbox'); }
  });
}

/* ---------- sendRequest ---------- */
function headersFromSpec(h) {
  if (!h) { return []; }
  if (h instanceof PropertyList) { return kvOut(h); }
  if (typeof h === 'string') { return h.split('\n').filter(Boolean).map(function (line) { var m = toMember(line, 'key'); return { key: m.key, value: String(m.value) }; }); }
  if (isArray(h)) {
    return h.map(function (x) { var m = toMember(x, 'key'); return { key: m.key, value: m.value === undefined || m.value === null ? '' : String(m.value), enabled: !m.disabled }; });
  }
  return ObjectKeys(h).map(function (k) { return { key: k, value: String(h[k]) }; });
}
function requestSpec(req) {
  if (typeof req === 'string') { return { method: 'GET', url: req, headers: [] }; }
  if (req instanceof Url) { return { method: 'GET', url: req.toString(), headers: [] }; }
  if (req instanceof Request) { return serializeRequest(req); }
  if (!req || typeof req !== 'object') { throw new TypeError('pm.sendRequest expects a URL or a request object'); }
  var url = req.url;
  var spec = {
    method: String(req.method || 'GET').toUpperCase(),
    url: url && typeof url === 'object' ? (url instanceof Url ? url.toString() : (url.raw !== undefined ? String(url.raw) : String(url))) : String(url || ''),
    headers: headersFromSpec(req.header || req.headers)
  };
  if (req.body !== undefined && req.body !== null) {
    spec.body = serializeBody(req.body instanceof RequestBody ? req.body : new RequestBody(req.body));
  }
  return spec;
}
function sendRequest(req, cb) {
  var r = cur;
  var spec = requestSpec(req);
  flushVars();
  var p = host.send(JSONstringify(spec)).then(function (json) {
    var d = JSONparse(json);
    return new Response(d, d.body);
  });
  if (typeof cb === 'function') {
    p.then(function (res) {
      if (r !== cur) { return; }
      try { cb(null, res); } catch (e) { reportFailure(e); }
    }, function (err) {
      if (r !== cur) { return; }
      try { cb(err, undefined); } catch (e) { reportFailure(e); }
    });
    return p.then(undefined, function () { return undefined; });
  }
  return p;
}

/* ---------- pm.test ---------- */
// Results stay in the sandbox until finish() hands them over in one piece: a host call per test costs more
// than the test. Entries: [name, passed (1/0), error, flag (0 done, 1 skipped, 2 still running)].
function record(r, name, passed, error, flag) {
  var entry = [name, passed, error, flag];
  if (r) { r.asserts.push(entry); }
  return entry;
}
function test(name, fn) {
  var label = String(name);
  var r = cur;
  if (typeof fn !== 'function') { record(r, label, 0, '', 1); return; }
  var ret;
  try {
    if (fn.length > 0) {
      ret = new Promise(function (resolve, reject) { fn(function (err) { if (err) { reject(err); } else { resolve(); } }); });
    } else {
      ret = fn();
    }
  } catch (e) {
    record(r, label, 0, errMessage(e), 0);
    return;
  }
  if (ret && typeof ret.then === 'function') {
    var entry = record(r, label, 0, 'The asynchronous test did not complete', 2);
    ret.then(function () { if (r === cur) { entry[1] = 1; entry[2] = ''; entry[3] = 0; } },
      function (e) { if (r === cur) { entry[2] = errMessage(e); entry[3] = 0; } });
    return;
  }
  record(r, label, 1, '', 0);
}
test.skip = function (name) { record(cur, String(name), 0, '', 1); };
freeze(test);

function expect(value, message) { return new FastAssertion(value, message); }
expect.fail = function () { var c = getChai(); return c.expect.fail.apply(c.expect, arguments); };
freeze(expect);

function setNextRequest(name) { host.next(name === null || name === undefined ? 'n' : 's' + String(name)); }

var scopes = {
  environment: new Scope('environment', true, true),
  globals: new Scope('globals', true, true),
  collectionVariables: new Scope('collection', true, true),
  variables: new Scope('all', true, false),
  iterationData: new Scope('data', false, false)
};
freeze(scopes);

/* ---------- pm ---------- */
function Pm(r) { this._r = r; }
Pm.prototype = {
  constructor: Pm,
  test: test,
  expect: expect,
  sendRequest: sendRequest,
  require: function (name) { return sandboxRequire(name); },
  get environment() {
    var r = this._r;
    if (!r.env) {
      r.env = new Scope('environment', true, true);
      r.env.name = JSONparse(r.m.envJson);
    }
    return r.env;
  },
  get globals() { return scopes.globals; },
  get collectionVariables() { return scopes.collectionVariables; },
  get variables() { return scopes.variables; },
  get iterationData() { return scopes.iterationData; },
  get info() { return this._r.info || (this._r.info = freeze(infoOf(this._r.m))); },
  get response() { return responseOf(this._r); },
  get request() { return requestOf(this._r); },
  get cookies() { return this._r.cookies || (this._r.cookies = makeCookies(cookiesOf(this._r))); },
  get execution() {
    return freeze({
      setNextRequest: setNextRequest,
      skipRequest: function () { host.skip(); },
      location: freeze([infoOf(this._r.m).requestName || ''])
    });
  },
  get visualizer() { return freeze({ set: function () {}, clear: function () {} }); }
};
freeze(Pm.prototype);
freeze(PropertyList.prototype);
freeze(Url.prototype);
freeze(RequestBody.prototype);
freeze(Request.prototype);
freeze(Response.prototype);

function infoOf(m) {
  var i = m.infoJson ? JSONparse(m.infoJson) : {};
  return {
    eventName: m.phase === 'test' ? 'test' : 'prerequest',
    iteration: i.iteration || 0,
    iterationCount: i.iterationCount || 1,
    requestName: i.requestName || '',
    requestId: i.requestId || ''
  };
}
// The run's response header and cookie lists as JSON text: asked of the host on first use (most test scripts read
// neither) and kept for the other scripts of the same response.
function respJson(cookies) {
  if (respCache.hj === null) {
    var t = host.resp();
    var i = t.indexOf('\u0001');
    respCache.hj = t.slice(0, i);
    respCache.cj = t.slice(i + 1);
  }
  return cookies ? respCache.cj : respCache.hj;
}
function responseOf(r) {
  if (r.resp !== undefined) { return r.resp; }
  if (!r.m.rt) { r.resp = undefined; return undefined; }
  var h = respCache.head;
  r.resp = new Response({ status: h[0], statusText: h[1], size: h[2], bodyEncoding: h[3], responseTime: h[4],
    hj: respCache.hj, cj: respCache.cj }, respCache.body);
  return r.resp;
}
function requestOf(r) {
  // Fetched on first use only: most test scripts never look at the request, and its body may be large.
  if (r.req === undefined) { r.req = new Request(JSONparse(host.request())); }
  return r.req;
}
function cookiesOf(r) {
  if (r.m.cookiesJson) { return JSONparse(r.m.cookiesJson); }
  return r.m.rt ? JSONparse(respJson(true) || '[]') : [];
}

/* ---------- legacy postman object and globals ---------- */
var postman = freeze({
  setNextRequest: setNextRequest,
  setEnvironmentVariable: function (k, v) { varWrite('environment', String(k), enc(v)); },
  getEnvironmentVariable: function (k) { return varGet('environment', String(k)); },
  clearEnvironmentVariable: function (k) { varWrite('environment', String(k), null); },
  clearEnvironmentVariables: function () { varClear('environment'); },
  setGlobalVariable: function (k, v) { varWrite('globals', String(k), enc(v)); },
  getGlobalVariable: function (k) { return varGet('globals', String(k)); },
  clearGlobalVariable: function (k) { varWrite('globals', String(k), null); },
  clearGlobalVariables: function () { varClear('globals'); },
  getResponseHeader: function (name) { var res = cur && responseOf(cur); return res ? res.headers.get(name) : undefined; },
  getResponseCookie: function (name) { var res = cur && responseOf(cur); return res ? res.cookies.one(name) : undefined; }
});

function legacy(name, compute) {
  defineProperty(G, name, {
    configurable: false,
    enumerable: false,
    get: function () {
      if (!cur) { return undefined; }
      if (hasOwn(cur.over, name)) { return cur.over[name]; }
      if (hasOwn(cur.lazy, name)) { return cur.lazy[name]; }
      var v = compute(cur);
      if (v !== undefined) { cur.lazy[name] = v; }
      return v;
    },
    set: function (v) { if (cur) { cur.over[name] = v; } }
  });
}
// pm is read a dozen times by a typical script: a plain global that every run sets (and finish clears) costs less
// than the lazy accessor below. Assigning to it still lasts only until the next script, as in Postman.
defineProperty(G, 'pm', { value: undefined, writable: true, enumerable: false, configurable: false });
legacy('tests', function (r) { return r.tests; });
legacy('postman', function () { return postman; });
legacy('responseBody', function (r) { var res = responseOf(r); return res ? res.text() : undefined; });
legacy('responseTime', function (r) { var res = responseOf(r); return res ? res.responseTime : undefined; });
legacy('responseCode', function (r) {
  var res = responseOf(r);
  return res ? { code: res.code, name: res.status, detail: res.status } : undefined;
});
legacy('responseHeaders', function (r) { var res = responseOf(r); return res ? res.headers.toObject(false, true) : undefined; });
legacy('responseCookies', function (r) { var res = responseOf(r); return res ? res.cookies.all() : undefined; });
legacy('request', function (r) {
  var q = requestOf(r);
  var body = q.body;
  var data = {};
  if (body && body.mode === 'raw') { data = body.toString(); }
  else if (body && body.mode === 'urlencoded') { data = body.urlencoded.toObject(true); }
  else if (body && body.mode === 'formdata') { data = body.formdata.toObject(true); }
  return { id: q.id, name: q.name, url: q.url.toString(), method: q.method, headers: q.getHeaders({ enabled: true }), data: data };
});
legacy('environment', function () { return varAll('environment'); });
legacy('globals', function () { return varAll('globals'); });
legacy('data', function () { return varAll('data'); });
legacy('iteration', function (r) { return infoOf(r.m).iteration; });
legacy('_', function () { return loadModule('lodash'); });
legacy('CryptoJS', function () { return loadModule('crypto-js'); });

var statics = {
  console: sandboxConsole, require: sandboxRequire, atob: atob, btoa: btoa, crypto: sandboxCrypto,
  setTimeout: setTimeout_, clearTimeout: clearTimer, setInterval: setInterval_, clearInterval: clearTimer,
  setImmediate: setImmediate_, clearImmediate: clearTimer
};
ObjectKeys(statics).forEach(function (k) {
  defineProperty(G, k, { value: statics[k], writable: true, configurable: true, enumerable: false });
});

/* ---------- entry points used by the host ---------- */
/*
 * run(fn, meta, restoreAll): meta is the host's parts joined by \u0001 (JSON text never holds that raw character):
 * phase, response token (0: none), variables tag (see vcache), environment name (JSON), info (JSON), context
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
      token: m.rt, head: [+p[6], p[7], +p[8], p[9], +p[10]], hj: null, cj: null,
      body: p.length === 12 ? p[11] : p.slice(11).join('\u0001')
    };
  }
  // Writes of the previous run were handed over with its summary.
  vops = [];
  if (p[2] !== vtag) {
    vtag = p[2];
    vcache = Object.create(null);
  }
  var r = { m: m, pm: null, tests: {}, over: {}, lazy: {}, resp: undefined, req: undefined, info: undefined, cookies: undefined, env: undefined, asserts: [], settled: 1 };
  r.pm = new Pm(r);
  cur = r;
  G.pm = r.pm;
  var ret;
  try {
    ret = fn.call(undefined);
  } catch (e) {
    reportFailure(e);
    return 'F' + summary(r, restoreAll);
  }
  if (ret && typeof ret.then === 'function') {
    r.settled = 0;
    ret.then(function () { r.settled = 1; }, function (e) { r.settled = 1; reportFailure(e); });
    return 'P';
  }
  return 'F' + summary(r, restoreAll);
}
// The run's outcome for the host: { a: assertions, q: the request if a script touched it, s: 0 if still awaiting,
// v: variable writes not yet handed over }.
// The summary is written by hand: QuickJS's JSON.stringify costs more than the rest of a short script's run.
var PLAIN_TEXT = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
var regexpTest = RegExp.prototype.test;
function jsonText(s) { return regexpTest.call(PLAIN_TEXT, s) ? '"' + s + '"' : JSONstringify(s); }
function summary(r, restoreAll) {
  restoreBuiltins(restoreAll);
  var out = '{"a":[';
  var n = 0;
  function entry(name, passed, error, flag) {
    out += (n++ ? ',[' : '[') + jsonText(String(name)) + ',' + (passed ? 1 : 0) + ',' + jsonText(String(error)) + ',' +
      (flag === 1 || flag === 2 ? flag : 0) + ']';
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
  out += '],"q":' + (r.req === undefined ? 'null' : JSONstringify(serializeRequest(r.req))) + ',"s":' + (r.settled ? 1 : 0) + ',"v":[';
  for (var j = 0; j < vops.length; j++) {
    var op = vops[j];
    out += (j ? ',[' : '[') + jsonText(op[0]) + ',' + jsonText(op[1]) + ',' + (op[2] === null ? 'null' : jsonText(op[2])) + ']';
  }
  return out + ']}';
}
function finish(restoreAll) {
  var r = cur;
  if (!r) { restoreBuiltins(restoreAll); return ''; }
  var out = summary(r, restoreAll);
  vops = [];
  cur = null;
  G.pm = undefined;
  return out;
}
return { run: run, finish: finish };
})`;
