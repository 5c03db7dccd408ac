// @ts-check
// Sandbox: PropertyList: headers, query params, cookies, form fields. Part of the QuickJS prelude (see README.md).

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
    for (var k in item) {
      if (hasOwn(item, k)) {
        m[k] = item[k];
      }
    }
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
    for (var i = this._m.length - 1; i >= 0; i--) {
      if (this._same(this._m[i][this._k], key)) {
        return i;
      }
    }
    return -1;
  },
  one: function (key) {
    var i = this._index(key);
    return i < 0 ? undefined : this._m[i];
  },
  get: function (key) {
    var m = this.one(key);
    return m === undefined ? undefined : m.value;
  },
  has: function (key, value) {
    if (key && typeof key === 'object') {
      return this._m.indexOf(key) >= 0;
    }
    for (var i = 0; i < this._m.length; i++) {
      var m = this._m[i];
      if (this._same(m[this._k], key) && (arguments.length < 2 || m.value === value)) {
        return true;
      }
    }
    return false;
  },
  all: function () {
    return this._m.slice();
  },
  count: function () {
    return this._m.length;
  },
  idx: function (i) {
    return this._m[i];
  },
  each: function (fn, ctx) {
    this._m.slice().forEach(function (m) {
      fn.call(ctx, m);
    });
  },
  map: function (fn, ctx) {
    return this._m.map(function (m) {
      return fn.call(ctx, m);
    });
  },
  filter: function (fn, ctx) {
    return this._m.filter(function (m) {
      return fn.call(ctx, m);
    });
  },
  find: function (fn, ctx) {
    return this._m.find(function (m) {
      return fn.call(ctx, m);
    });
  },
  reduce: function (fn, acc, ctx) {
    return this._m.reduce(function (a, m) {
      return fn.call(ctx, a, m);
    }, acc);
  },
  indexOf: function (item) {
    return typeof item === 'string' ? this._index(item) : this._m.indexOf(item);
  },
  add: function (item) {
    if (item !== undefined && item !== null) {
      this._m.push(toMember(item, this._k));
    }
  },
  append: function (item) {
    this.add(item);
  },
  prepend: function (item) {
    if (item !== undefined && item !== null) {
      this._m.unshift(toMember(item, this._k));
    }
  },
  insert: function (item) {
    this.add(item);
  },
  upsert: function (item) {
    var m = toMember(item, this._k);
    var i = this._index(m[this._k]);
    if (i < 0) {
      this._m.push(m);
      return true;
    }
    for (var k in m) {
      if (hasOwn(m, k)) {
        this._m[i][k] = m[k];
      }
    }
    return false;
  },
  remove: function (predicate, ctx) {
    var self = this;
    var test;
    if (typeof predicate === 'function') {
      test = function (m) {
        return predicate.call(ctx, m);
      };
    } else if (predicate && typeof predicate === 'object') {
      test = function (m) {
        return m === predicate || self._same(m[self._k], predicate[self._k]);
      };
    } else {
      test = function (m) {
        return self._same(m[self._k], predicate);
      };
    }
    for (var i = this._m.length - 1; i >= 0; i--) {
      if (test(this._m[i])) {
        this._m.splice(i, 1);
      }
    }
  },
  clear: function () {
    this._m.length = 0;
  },
  populate: function (items) {
    var self = this;
    (items || []).forEach(function (it) {
      self.add(it);
    });
  },
  repopulate: function (items) {
    this.clear();
    this.populate(items);
  },
  // Headers and query params allow repeated keys in postman-collection: toObject() gathers them in an array.
  toObject: function (excludeDisabled, caseSensitive, multiValue) {
    var obj = {};
    var multi = multiValue !== false;
    for (var i = 0; i < this._m.length; i++) {
      var m = this._m[i];
      if (excludeDisabled && m.disabled) {
        continue;
      }
      var key = this._ci && !caseSensitive ? String(m[this._k]).toLowerCase() : String(m[this._k]);
      var value = m.value === null || m.value === undefined ? '' : m.value;
      if (multi && hasOwn(obj, key)) {
        if (!isArray(obj[key])) {
          obj[key] = [obj[key]];
        }
        obj[key].push(value);
      } else {
        obj[key] = value;
      }
    }
    return obj;
  },
  toJSON: function () {
    return this._m.map(function (m) {
      var o = {};
      for (var k in m) {
        if (hasOwn(m, k)) {
          o[k] = m[k];
        }
      }
      return o;
    });
  },
  toString: function () {
    var k = this._k;
    var lines = this._m
      .filter(function (m) {
        return !m.disabled;
      })
      .map(function (m) {
        return m[k] + ': ' + m.value;
      });
    // Headers print as on the wire, each line ending in CRLF (postman-collection's HeaderList).
    return this._ci
      ? lines
          .map(function (l) {
            return l + '\r\n';
          })
          .join('')
      : lines.join('\n');
  },
};

function kvIn(list) {
  var out = [];
  for (var i = 0; i < (list || []).length; i++) {
    var h = list[i];
    var m = { key: h.key, value: h.value };
    if (h.enabled === false) {
      m.disabled = true;
    }
    out.push(m);
  }
  return out;
}
function kvOut(list) {
  return list.all().map(function (m) {
    return {
      key: String(m.key),
      value: m.value === undefined || m.value === null ? '' : String(m.value),
      enabled: !m.disabled,
    };
  });
}
