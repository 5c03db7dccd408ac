// @ts-check
// Sandbox: The legacy postman object and globals (tests, responseBody, environment, …). Part of the QuickJS prelude (see README.md).

// Postman's legacy setters store text: a value with a toString is stored as that string (3 → "3").
function legacyValue(v) {
  return (v === false || v) && typeof (v && v.toString) === 'function' ? String(v) : v;
}
var postman = freeze({
  setNextRequest: setNextRequest,
  setEnvironmentVariable: function (k, v) {
    varWrite('environment', String(k), enc(legacyValue(v)));
  },
  getEnvironmentVariable: function (k) {
    return varGet('environment', String(k));
  },
  clearEnvironmentVariable: function (k) {
    varWrite('environment', String(k), null);
  },
  clearEnvironmentVariables: function () {
    varClear('environment');
  },
  setGlobalVariable: function (k, v) {
    varWrite('globals', String(k), enc(legacyValue(v)));
  },
  getGlobalVariable: function (k) {
    return varGet('globals', String(k));
  },
  clearGlobalVariable: function (k) {
    varWrite('globals', String(k), null);
  },
  clearGlobalVariables: function () {
    varClear('globals');
  },
  getResponseHeader: function (name) {
    var res = cur && responseOf(cur);
    return res ? res.headers.get(name) : undefined;
  },
  getResponseCookie: function (name) {
    var res = cur && responseOf(cur);
    return res ? res.cookies.one(name) : undefined;
  },
});

// The run's legacy state, made when a script first touches a legacy global (most never do): the tests object,
// values the script assigned to the globals (over) and values computed once per run (lazy).
function legacyOf(r) {
  if (r.legacy === null) {
    r.legacy = { tests: {}, over: {}, lazy: {} };
  }
  return r.legacy;
}
function legacy(name, compute, live) {
  defineProperty(G, name, {
    configurable: false,
    enumerable: false,
    get: function () {
      if (!cur) {
        return undefined;
      }
      var lg = legacyOf(cur);
      if (hasOwn(lg.over, name)) {
        return lg.over[name];
      }
      if (hasOwn(lg.lazy, name)) {
        return lg.lazy[name];
      }
      var v = compute(cur);
      if (v !== undefined && !live) {
        lg.lazy[name] = v;
      }
      return v;
    },
    set: function (v) {
      if (cur) {
        legacyOf(cur).over[name] = v;
      }
    },
  });
}
// pm is read a dozen times by a typical script: a plain global that every run sets (and finish clears) costs less
// than the lazy accessor below. Assigning to it still lasts only until the next script, as in Postman.
defineProperty(G, 'pm', { value: undefined, writable: true, enumerable: false, configurable: false });
legacy('tests', function (r) {
  return legacyOf(r).tests;
});
legacy('postman', function () {
  return postman;
});
legacy('responseBody', function (r) {
  var res = responseOf(r);
  return res ? res.text() : undefined;
});
legacy('responseTime', function (r) {
  var res = responseOf(r);
  return res ? res.responseTime : undefined;
});
legacy('responseCode', function (r) {
  var res = responseOf(r);
  return res ? { code: res.code, name: res.status, detail: res.status } : undefined;
});
legacy('responseHeaders', function (r) {
  var res = responseOf(r);
  return res ? res.headers.toObject(false, true) : undefined;
});
legacy('responseCookies', function (r) {
  var res = responseOf(r);
  return res ? res.cookies.all() : undefined;
});
legacy('request', function (r) {
  var q = requestOf(r);
  var body = q.body;
  var data = {};
  if (body && body.mode === 'raw') {
    data = body.toString();
  } else if (body && body.mode === 'urlencoded') {
    data = body.urlencoded.toObject(true);
  } else if (body && body.mode === 'formdata') {
    data = body.formdata.toObject(true);
  }
  return {
    id: q.id,
    name: q.name,
    url: q.url.toString(),
    method: q.method,
    headers: q.getHeaders({ enabled: true, ignoreCase: true }),
    data: data,
  };
});
// Read afresh each time, as in Postman: postman.setEnvironmentVariable shows in `environment` at once.
legacy(
  'environment',
  function () {
    return varAll('environment');
  },
  true,
);
legacy(
  'globals',
  function () {
    return varAll('globals');
  },
  true,
);
legacy('data', function () {
  return varAll('data');
});
legacy('iteration', function (r) {
  return infoOf(r).iteration;
});
legacy('_', function () {
  return loadModule('lodash');
});
legacy('CryptoJS', function () {
  return loadModule('crypto-js');
});
legacy('tv4', function () {
  return loadModule('tv4');
});
legacy('cheerio', function () {
  return loadModule('cheerio');
});
legacy('Backbone', function () {
  return loadModule('backbone');
});

// Buffer is a global in postman-sandbox (browserify's pure-JS buffer, no host access). Loaded on first use; the
// bundled libraries that mention Buffer (xml2js, cheerio, …) reach it here too. A script may replace it.
var bufferOverride = { set: false, value: undefined };
defineProperty(G, 'Buffer', {
  configurable: false,
  enumerable: false,
  get: function () {
    return bufferOverride.set ? bufferOverride.value : loadModule('buffer').Buffer;
  },
  set: function (v) {
    bufferOverride = { set: true, value: v };
  },
});

var statics = {
  console: sandboxConsole,
  require: sandboxRequire,
  atob: atob,
  btoa: btoa,
  xml2Json: xml2Json,
  crypto: sandboxCrypto,
  setTimeout: setTimeout_,
  clearTimeout: clearTimer,
  setInterval: setInterval_,
  clearInterval: clearTimer,
  setImmediate: setImmediate_,
  clearImmediate: clearTimer,
};
ObjectKeys(statics).forEach(function (k) {
  defineProperty(G, k, { value: statics[k], writable: true, configurable: true, enumerable: false });
});
