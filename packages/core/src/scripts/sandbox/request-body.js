// @ts-check
// Sandbox: The request body (raw, urlencoded, formdata, graphql, file). Part of the QuickJS prelude (see README.md).

function RequestBody(b) {
  this.update(b);
}
RequestBody.prototype = {
  constructor: RequestBody,
  update: function (b) {
    if (typeof b === 'string') {
      b = { mode: 'raw', raw: b };
    }
    b = b || { mode: 'none' };
    this.mode = b.mode || 'none';
    this.raw = b.raw;
    this.options = b.options || (b.language ? { raw: { language: b.language } } : undefined);
    this.urlencoded = new PropertyList(kvIn(b.urlencoded), false, 'key');
    this.formdata = new PropertyList(
      kvIn(b.formdata).map(function (m, i) {
        var f = b.formdata[i];
        m.type = f.type || 'text';
        if (f.src !== undefined) {
          m.src = f.src;
        }
        if (f.contentType !== undefined) {
          m.contentType = f.contentType;
        }
        return m;
      }),
      false,
      'key',
    );
    this.file = b.file;
    this.graphql = b.graphql;
  },
  isEmpty: function () {
    switch (this.mode) {
      case 'raw':
        return !this.raw;
      case 'urlencoded':
        return this.urlencoded.count() === 0;
      case 'formdata':
        return this.formdata.count() === 0;
      case 'graphql':
        return !this.graphql || !this.graphql.query;
      case 'file':
      case 'binary':
        return !this.file;
      default:
        return true;
    }
  },
  toString: function () {
    switch (this.mode) {
      case 'raw':
        return this.raw === undefined || this.raw === null ? '' : String(this.raw);
      case 'urlencoded':
        return this.urlencoded
          .all()
          .filter(function (m) {
            return !m.disabled;
          })
          .map(function (m) {
            return encodeURIComponent(m.key) + '=' + encodeURIComponent(m.value);
          })
          .join('&');
      case 'graphql':
        return JSONstringify(this.graphql || {});
      default:
        return '';
    }
  },
  toJSON: function () {
    return serializeBody(this);
  },
};
function serializeBody(b) {
  switch (b.mode) {
    case 'raw': {
      var raw = b.raw;
      if (raw !== undefined && raw !== null && typeof raw !== 'string') {
        raw = typeof raw === 'object' ? JSONstringify(raw) : String(raw);
      }
      var lang = b.options && b.options.raw && b.options.raw.language;
      var out = { mode: 'raw', raw: raw === undefined || raw === null ? '' : raw };
      if (lang) {
        out.language = String(lang);
      }
      return out;
    }
    case 'urlencoded':
      return { mode: 'urlencoded', urlencoded: kvOut(b.urlencoded) };
    case 'formdata':
      return {
        mode: 'formdata',
        formdata: b.formdata.all().map(function (m) {
          var f = {
            key: String(m.key),
            type: m.type === 'file' ? 'file' : 'text',
            value: m.value === undefined || m.value === null ? '' : String(m.value),
            enabled: !m.disabled,
          };
          if (m.src !== undefined) {
            f.src = String(m.src);
          }
          if (m.contentType !== undefined) {
            f.contentType = String(m.contentType);
          }
          return f;
        }),
      };
    case 'file':
    case 'binary':
      return { mode: 'binary', file: { src: String((b.file && b.file.src) || '') } };
    case 'graphql':
      return {
        mode: 'graphql',
        graphql: {
          query: String((b.graphql && b.graphql.query) || ''),
          variables:
            b.graphql && typeof b.graphql.variables === 'object'
              ? JSONstringify(b.graphql.variables)
              : String((b.graphql && b.graphql.variables) || ''),
        },
      };
    default:
      return { mode: 'none' };
  }
}
