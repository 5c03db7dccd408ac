// @ts-check
// Sandbox: Shared aliases of builtins captured before any user code runs, per-run state, and the put-back of builtins a script replaced. Part of the QuickJS prelude (see README.md).

var G = globalThis;
var JSONparse = JSON.parse;
var JSONstringify = JSON.stringify;
var ObjectKeys = Object.keys;
var defineProperty = Object.defineProperty;
var freeze = Object.freeze;
var isArray = Array.isArray;
var HOST_ERR_PREFIX = '';
/** @type {SandboxRun | null} The run in progress (entry.js). */
var cur = null;
/**
 * @type {Pm | null} The run's pm (the global). Not a field of the run record: pm holds the record (pm._r), and a
 * cycle is garbage QuickJS's reference counting cannot free — every run would leave one for its cycle collector,
 * which walks the whole heap.
 */
var curPm = null;
var moduleCache = Object.create(null);
var loadingModules = Object.create(null);
var chaiLib = null;
// The last response sent by the host (its token, its parts as the host sent them) and the body text.
/** @type {SandboxResponseCache} */
var respCache = { token: 0, head: null, hj: null, cj: null, body: '' };

function hasOwn(o, k) {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is ES2022; this is the call the sandbox always made
  return Object.prototype.hasOwnProperty.call(o, k);
}

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
    if (d && 'value' in d) {
      PRISTINE.push(obj, names[i], d.value, d);
    }
  }
}
// Checked after every script: what the pm machinery and chai call all the time.
keepBuiltins(Object.prototype, ['hasOwnProperty', 'toString']);
keepBuiltins(Array.prototype, [
  'push',
  'slice',
  'map',
  'filter',
  'join',
  'indexOf',
  'forEach',
  'concat',
  'splice',
]);
keepBuiltins(String.prototype, [
  'replace',
  'split',
  'slice',
  'indexOf',
  'charAt',
  'charCodeAt',
  'toLowerCase',
  'trim',
]);
keepBuiltins(Function.prototype, ['call', 'apply', 'bind']);
keepBuiltins(Object, ['keys', 'create', 'defineProperty', 'getOwnPropertyNames', 'getPrototypeOf', 'freeze']);
keepBuiltins(JSON, ['parse', 'stringify']);
keepBuiltins(Promise.prototype, ['then']);
var CRITICAL = PRISTINE.length;
// Checked only after scripts whose text looks like it reaches for builtins (TOUCHES_BUILTINS in wasm-runtime.ts).
keepBuiltins(Object.prototype, ['valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString']);
keepBuiltins(Array.prototype, [
  'pop',
  'shift',
  'unshift',
  'reduce',
  'some',
  'every',
  'find',
  'findIndex',
  'includes',
  'sort',
  'reverse',
  'keys',
  'values',
  'entries',
  'fill',
  'toString',
  Symbol.iterator,
]);
keepBuiltins(String.prototype, [
  'lastIndexOf',
  'substring',
  'substr',
  'toUpperCase',
  'repeat',
  'match',
  'includes',
  'startsWith',
  'endsWith',
  'padStart',
  'concat',
  'toString',
  'valueOf',
  Symbol.iterator,
]);
keepBuiltins(Function.prototype, ['toString']);
keepBuiltins(Object, [
  'defineProperties',
  'isFrozen',
  'getOwnPropertyDescriptor',
  'getOwnPropertySymbols',
  'setPrototypeOf',
  'assign',
  'entries',
  'values',
  'is',
]);
keepBuiltins(Array, ['isArray', 'from', 'of']);
keepBuiltins(Promise, ['resolve', 'reject', 'all', 'race']);
keepBuiltins(Promise.prototype, ['catch', 'finally']);
keepBuiltins(RegExp.prototype, ['exec', 'test', 'toString', Symbol.replace, Symbol.split, Symbol.match]);
keepBuiltins(Number.prototype, ['toString', 'toFixed', 'valueOf']);
keepBuiltins(Error.prototype, ['toString', 'name', 'message']);
keepBuiltins(Math, ['min', 'max', 'floor', 'ceil', 'abs', 'round', 'random', 'pow']);
keepBuiltins(Reflect, [
  'get',
  'set',
  'has',
  'ownKeys',
  'getPrototypeOf',
  'apply',
  'construct',
  'defineProperty',
]);
keepBuiltins(G, [
  'Object',
  'Array',
  'String',
  'Number',
  'Boolean',
  'JSON',
  'Promise',
  'Math',
  'Reflect',
  'Proxy',
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'RegExp',
  'Date',
  'Symbol',
  'Map',
  'Set',
  'WeakMap',
  'Uint8Array',
  'ArrayBuffer',
  'parseInt',
  'parseFloat',
  'isNaN',
  'isFinite',
  'encodeURIComponent',
  'decodeURIComponent',
  'escape',
  'unescape',
  'eval',
  'Function',
]);
function restoreBuiltin(i) {
  try {
    reflectDefine(PRISTINE[i], PRISTINE[i + 1], PRISTINE[i + 3]);
  } catch (e) {
    /* non-configurable now: leave it */
  }
}
// The checks as straight-line code with the property names written out: this runs after every script, and QuickJS
// turns a computed key (obj[key]) into an atom with a hash lookup on every read.
function compileChecks(from, to) {
  var body = '';
  for (var i = from; i < to; i += 4) {
    var key = PRISTINE[i + 1];
    var read =
      typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? '.' + key : '[P[' + (i + 1) + ']]';
    body += 'if (P[' + i + ']' + read + ' !== P[' + (i + 2) + ']) { fix(' + i + '); }\n';
  }
  return Function('P', 'fix', body);
}
var checkCritical = compileChecks(0, CRITICAL);
var checkRest = compileChecks(CRITICAL, PRISTINE.length);
function restoreBuiltins(all) {
  checkCritical(PRISTINE, restoreBuiltin);
  if (all) {
    checkRest(PRISTINE, restoreBuiltin);
  }
}
