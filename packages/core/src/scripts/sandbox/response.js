// @ts-check
// Sandbox: pm.response. Part of the QuickJS prelude (see README.md).

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
  this.responseTime = d.responseTime !== undefined ? d.responseTime : d.timings ? d.timings.total : undefined;
  this.responseSize = d.size;
  this._body = body;
  this._b64 = d.bodyEncoding === 'base64';
}
// A response's header or cookie list: as given (sendRequest responses), else parsed from its JSON text — for the
// run's response (null) asked of the host on first use (respJson).
function listIn(list, json, cookies) {
  if (list !== undefined) {
    return list;
  }
  return JSONparse((json === null ? respJson(cookies) : json) || '[]');
}
function cookieIn(c) {
  var m = {};
  for (var k in c) {
    if (hasOwn(c, k)) {
      m[k] = c[k];
    }
  }
  m.key = c.name;
  return m;
}
// postman-collection's isResponse() looks for this name on the constructor (require('postman-collection')).
defineProperty(Response, '_postman_propertyName', { value: 'Response' });
Response.prototype = {
  constructor: Response,
  get headers() {
    if (this._h === undefined) {
      this._h = new PropertyList(kvIn(listIn(this._hl, this._hj, false)), true, 'key');
    }
    return this._h;
  },
  set headers(v) {
    this._h = v;
  },
  get cookies() {
    if (this._c === undefined) {
      var list = listIn(this._cl, this._cj, true);
      this._c = new PropertyList(
        (list || []).map(function (c) {
          return cookieIn(c);
        }),
        false,
        'name',
      );
    }
    return this._c;
  },
  set cookies(v) {
    this._c = v;
  },
  reason: function () {
    return this.status;
  },
  text: function () {
    return this._b64 ? atob(this._body) : this._body;
  },
  json: function (reviver) {
    return JSONparse(this.text(), reviver);
  },
  size: function () {
    return { body: this.responseSize, header: 0, total: this.responseSize };
  },
  dataURI: function () {
    var ct = this.headers.get('content-type') || 'application/octet-stream';
    return (
      'data:' + ct + ';base64,' + (this._b64 ? this._body : btoa(unescape(encodeURIComponent(this._body))))
    );
  },
  toJSON: function () {
    return {
      code: this.code,
      status: this.status,
      header: this.headers.toJSON(),
      body: this.text(),
      responseTime: this.responseTime,
    };
  },
  get to() {
    return new FastAssertion(this);
  },
  get be() {
    return new FastAssertion(this);
  },
  get have() {
    return new FastAssertion(this);
  },
  get not() {
    return new FastAssertion(this).not;
  },
};
