// @ts-check
// Sandbox: pm.request. Part of the QuickJS prelude (see README.md).

function Request(d) {
  this.id = d.id;
  this.name = d.name;
  this.method = d.method;
  this._url = new Url(d.url);
  this.headers = new PropertyList(kvIn(d.headers), true, 'key');
  this._body = d.body ? new RequestBody(d.body) : undefined;
  this.auth = d.auth ? freeze({ type: String(d.auth.type) }) : undefined;
}
// postman-collection's isRequest() looks for this name on the constructor (require('postman-collection')).
defineProperty(Request, '_postman_propertyName', { value: 'Request' });
Request.prototype = {
  constructor: Request,
  get url() {
    return this._url;
  },
  set url(v) {
    this._url = v instanceof Url ? v : new Url(v);
  },
  get body() {
    return this._body;
  },
  set body(v) {
    this._body =
      v === undefined || v === null ? undefined : v instanceof RequestBody ? v : new RequestBody(v);
  },
  addHeader: function (h) {
    this.headers.add(h);
  },
  upsertHeader: function (h) {
    this.headers.upsert(h);
  },
  removeHeader: function (h) {
    this.headers.remove(typeof h === 'object' && h !== null ? h.key : h);
  },
  getHeaders: function (opts) {
    var out = {};
    this.headers.all().forEach(function (m) {
      if (opts && opts.enabled && m.disabled) {
        return;
      }
      var k = opts && opts.ignoreCase ? String(m.key).toLowerCase() : m.key;
      out[k] = m.value;
    });
    return out;
  },
  toJSON: function () {
    return serializeRequest(this);
  },
};
function serializeRequest(r) {
  var out = {
    method: String(r.method || 'GET').toUpperCase(),
    url: r._url.toString(),
    headers: kvOut(r.headers),
  };
  if (r.id !== undefined) {
    out.id = String(r.id);
  }
  if (r.name !== undefined) {
    out.name = String(r.name);
  }
  if (r._body !== undefined) {
    out.body = serializeBody(r._body);
  }
  return out;
}
