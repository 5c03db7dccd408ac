// @ts-check
// Sandbox: Url (lenient: the raw text may still hold {{variables}}). Part of the QuickJS prelude (see README.md).

var URL_RE =
  /^(?:([A-Za-z][A-Za-z0-9+.-]*|\{\{[^{}]*\}\}):\/\/)?([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#([\s\S]*))?$/;
function Url(raw) {
  this.update(raw);
}
Url.prototype = {
  constructor: Url,
  update: function (raw) {
    if (raw && typeof raw === 'object') {
      raw = raw.raw !== undefined ? raw.raw : String(raw);
    }
    var text = raw === undefined || raw === null ? '' : String(raw);
    var m = URL_RE.exec(text) || [];
    var authority = m[2] || '';
    var at = authority.lastIndexOf('@');
    this.auth = undefined;
    if (at >= 0) {
      var userinfo = authority.slice(0, at);
      var colon = userinfo.indexOf(':');
      this.auth =
        colon >= 0
          ? { user: userinfo.slice(0, colon), password: userinfo.slice(colon + 1) }
          : { user: userinfo };
      authority = authority.slice(at + 1);
    }
    var portMatch = /:(\d*|\{\{[^{}]*\}\})$/.exec(authority);
    this.port = portMatch ? portMatch[1] : undefined;
    if (portMatch) {
      authority = authority.slice(0, portMatch.index);
    }
    this.protocol = m[1];
    this.host = authority ? authority.split('.') : [];
    var path = m[3] || '';
    this.path = path ? path.replace(/^\//, '').split('/') : [];
    this.query = new PropertyList([], false, 'key');
    if (m[4] !== undefined && m[4] !== '') {
      var pairs = m[4].split('&');
      for (var i = 0; i < pairs.length; i++) {
        var eq = pairs[i].indexOf('=');
        this.query._m.push(
          eq >= 0
            ? { key: pairs[i].slice(0, eq), value: pairs[i].slice(eq + 1) }
            : { key: pairs[i], value: null },
        );
      }
    }
    this.hash = m[5];
  },
  getHost: function () {
    return this.host.join('.');
  },
  getRemote: function (forcePort) {
    var port = this.port || (forcePort ? (this.protocol === 'https' ? '443' : '80') : '');
    return this.getHost() + (port ? ':' + port : '');
  },
  getPath: function () {
    return '/' + this.path.join('/');
  },
  getQueryString: function () {
    return this.query._m
      .filter(function (q) {
        return !q.disabled;
      })
      .map(function (q) {
        return q.value === null || q.value === undefined ? String(q.key) : q.key + '=' + q.value;
      })
      .join('&');
  },
  getPathWithQuery: function () {
    var q = this.getQueryString();
    return this.getPath() + (q ? '?' + q : '');
  },
  addQueryParams: function (params) {
    var self = this;
    if (typeof params === 'string') {
      params = new Url('?' + params).query.all();
    }
    (isArray(params) ? params : [params]).forEach(function (p) {
      self.query.add(p);
    });
  },
  removeQueryParams: function (keys) {
    var self = this;
    (isArray(keys) ? keys : [keys]).forEach(function (k) {
      self.query.remove(typeof k === 'object' ? k.key : k);
    });
  },
  toString: function () {
    var s = '';
    if (this.protocol) {
      s += this.protocol + '://';
    }
    if (this.auth && this.auth.user !== undefined) {
      s += this.auth.user + (this.auth.password !== undefined ? ':' + this.auth.password : '') + '@';
    }
    s += this.getHost();
    if (this.port) {
      s += ':' + this.port;
    }
    if (this.path.length) {
      s += '/' + this.path.join('/');
    }
    var q = this.getQueryString();
    if (q) {
      s += '?' + q;
    }
    if (this.hash !== undefined) {
      s += '#' + this.hash;
    }
    return s;
  },
  toJSON: function () {
    return this.toString();
  },
};
