// @ts-check
// Sandbox: require: the bundled library allow-list, evaluated by the host. Part of the QuickJS prelude (see README.md).

function loadModule(name) {
  var cached = moduleCache[name];
  if (cached) {
    return cached.exports;
  }
  // lodash probes globalThis._ while it initializes; the legacy _ getter must not recurse into it.
  if (loadingModules[name]) {
    return undefined;
  }
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
  if (n === 'atob') {
    return atob;
  }
  if (n === 'btoa') {
    return btoa;
  }
  if (n === 'chai') {
    return getChai();
  }
  if (n === 'uuid') {
    return uuidLikePostman();
  }
  return loadModule(n);
}

// Postman serves uuid as one function (a v4 generator) that also has a v4 property, not the uuid package's object.
var uuidFn;
function uuidLikePostman() {
  if (!uuidFn) {
    var m = loadModule('uuid');
    var f = function () {
      return m.v4.apply(m, arguments);
    };
    f.v4 = f;
    uuidFn = freeze(f);
  }
  return uuidFn;
}
