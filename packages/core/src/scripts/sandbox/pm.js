// @ts-check
// Sandbox: The pm object. Part of the QuickJS prelude (see README.md).

function Pm(r) {
  this._r = r;
}
Pm.prototype = {
  constructor: Pm,
  test: test,
  expect: expect,
  sendRequest: sendRequest,
  require: function (name) {
    return sandboxRequire(name);
  },
  get environment() {
    var r = this._r;
    if (!r.env) {
      // new Scope('environment', true, true) with its name, as one literal (see responseOf).
      r.env = /** @type {Scope} */ (
        /** @type {unknown} */ ({
          __proto__: Scope.prototype,
          _l: 'environment',
          _w: true,
          _c: true,
          name: environmentName(r.m[META_ENVIRONMENT]),
        })
      );
    }
    return r.env;
  },
  get globals() {
    return scopes.globals;
  },
  get collectionVariables() {
    return scopes.collectionVariables;
  },
  get variables() {
    return scopes.variables;
  },
  get iterationData() {
    return scopes.iterationData;
  },
  get info() {
    // biome-ignore lint/suspicious/noAssignInExpressions: computed once per run, on first read
    return this._r.info || (this._r.info = freeze(infoOf(this._r)));
  },
  get response() {
    return responseOf(this._r);
  },
  get request() {
    return requestOf(this._r);
  },
  get cookies() {
    // biome-ignore lint/suspicious/noAssignInExpressions: computed once per run, on first read
    return this._r.cookies || (this._r.cookies = makeCookies(cookiesOf(this._r)));
  },
  get execution() {
    return freeze({
      setNextRequest: setNextRequest,
      // As in Postman, the rest of the script does not run: a signal the entry point recognises ends it.
      // In a test script there is nothing left to skip: a TypeError, as in Postman.
      skipRequest: function () {
        if (cur && cur.phase === 'test') {
          throw new TypeError('pm.execution.skipRequest is not available in test scripts');
        }
        host.skip();
        throw SKIP_SIGNAL;
      },
      location: executionLocation(infoOf(this._r)),
    });
  },
  get visualizer() {
    return freeze({
      set: function (template, data) {
        var json = data === undefined ? '' : JSON.stringify(data);
        host.visualize(String(template), json === undefined ? '' : json);
      },
      clear: function () {
        host.visualize();
      },
    });
  },
};
freeze(Pm.prototype);
freeze(PropertyList.prototype);
freeze(Url.prototype);
freeze(RequestBody.prototype);
freeze(Request.prototype);
freeze(Response.prototype);

// pm.execution.location: [collection, …folders, request] with .current, the request's name (as in Postman).
function executionLocation(info) {
  var list = info.location ? info.location.slice() : [info.requestName];
  defineProperty(list, 'current', { value: info.requestName, enumerable: false });
  return freeze(list);
}
// run()'s meta parts read on first use (entry.js): JSON texts. pm.info is the host's (host.info).
var META_ENVIRONMENT = 3;
var META_COOKIES = 4;
// The environment's name from its JSON text, parsed once while runs keep sending the same one.
var envNameJson = '""';
var envName = '';
function environmentName(json) {
  if (json !== envNameJson) {
    envName = JSONparse(json);
    envNameJson = json;
  }
  return envName;
}
function infoOf(r) {
  var i = JSONparse(host.info());
  return {
    eventName: r.phase === 'test' ? 'test' : 'prerequest',
    iteration: i.iteration || 0,
    iterationCount: i.iterationCount || 1,
    requestName: i.requestName || '',
    requestId: i.requestId || '',
    location: Array.isArray(i.location) ? i.location : undefined,
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
  if (r.resp !== undefined) {
    return r.resp;
  }
  if (!r.rt) {
    r.resp = undefined;
    return undefined;
  }
  var h = /** @type {string[]} */ (respCache.head);
  // What new Response(d, body) makes, straight from run()'s meta parts (entry.js; status, reason, size, body
  // encoding, time at 5–9): no intermediate object, no constructor call (QuickJS pays for each). Its header and
  // cookie lists are respCache's (respJson), asked of the host on first use.
  r.resp = /** @type {Response} */ (
    /** @type {unknown} */ ({
      __proto__: Response.prototype,
      id: undefined,
      code: +h[5],
      status: h[6],
      _hl: undefined,
      _hj: null,
      _h: undefined,
      _cl: undefined,
      _cj: null,
      _c: undefined,
      responseTime: +h[9],
      responseSize: +h[7],
      _body: respCache.body,
      _b64: h[8] === 'base64',
    })
  );
  return r.resp;
}
function requestOf(r) {
  // Fetched on first use only: most test scripts never look at the request, and its body may be large.
  if (r.req === undefined) {
    r.req = new Request(JSONparse(host.request()));
  }
  return r.req;
}
function cookiesOf(r) {
  var json = r.m[META_COOKIES];
  if (json) {
    return JSONparse(json);
  }
  return r.rt ? JSONparse(respJson(true) || '[]') : [];
}
