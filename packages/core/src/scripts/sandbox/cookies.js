// @ts-check
// Sandbox: pm.cookies. Part of the QuickJS prelude (see README.md).

function makeCookies(list) {
  var pl = new PropertyList((list || []).map(cookieIn), false, 'name');
  return freeze({
    get: function (name) {
      var m = pl.one(name);
      return m === undefined ? undefined : m.value;
    },
    has: function (name) {
      return pl.has(name);
    },
    one: function (name) {
      return pl.one(name);
    },
    all: function () {
      return pl.all();
    },
    count: function () {
      return pl.count();
    },
    each: function (fn) {
      pl.each(fn);
    },
    toObject: function () {
      var o = {};
      pl.all().forEach(function (c) {
        o[c.name] = c.value;
      });
      return o;
    },
    jar: function () {
      return cookieJar;
    },
  });
}

/*
 * pm.cookies.jar(): the run's cookie jar, with postman-sandbox's argument checks and callbacks (err, result).
 * Each call goes to the host (host.jar); the callback runs when it settles, and a throw in it fails the script.
 */
function jarUrl(url, method) {
  var u = url instanceof Url ? url.toString() : typeof url === 'string' && url ? url : null;
  if (!u) {
    throw new TypeError('CookieJar.' + method + '() requires a valid url');
  }
  return u;
}
function jarCall(op, args, cb, map) {
  var r = cur;
  host.jar(op, JSONstringify(args)).then(
    function (json) {
      if (r !== cur || typeof cb !== 'function') {
        return;
      }
      var value = map(json === '' ? undefined : JSONparse(json));
      try {
        cb(null, value);
      } catch (e) {
        reportFailure(e);
      }
    },
    function (err) {
      if (r !== cur || typeof cb !== 'function') {
        return;
      }
      try {
        cb(err);
      } catch (e) {
        reportFailure(e);
      }
    },
  );
}
function jarCookie(c) {
  return c ? cookieIn(c) : null;
}
function noResult() {
  return undefined;
}
var cookieJar = freeze({
  get: function (url, name, cb) {
    var u = jarUrl(url, 'get');
    if (typeof cb !== 'function') {
      throw new TypeError('CookieJar.get() requires a callback function');
    }
    if (typeof name !== 'string') {
      throw new TypeError('CookieJar.get() requires cookie name to be a string');
    }
    jarCall('getAll', [u], cb, function (list) {
      for (var i = 0; i < list.length; i++) {
        if (list[i].name === name) {
          return list[i].value;
        }
      }
      return null;
    });
  },
  getAll: function (url, options, cb) {
    var u = jarUrl(url, 'getAll');
    var callback = typeof options === 'function' && !cb ? options : cb;
    if (typeof callback !== 'function') {
      throw new TypeError('CookieJar.getAll() requires a callback function');
    }
    jarCall('getAll', [u], callback, function (list) {
      return makeCookies(list);
    });
  },
  set: function (url, name, value, cb) {
    var u = jarUrl(url, 'set');
    var callback = cb;
    var v = value;
    if (typeof v === 'function' && !callback) {
      callback = v;
      v = null;
    }
    var cookie;
    if (name && v) {
      cookie = { name: String(name), value: String(v) };
    } else if (name && typeof name === 'object') {
      cookie = {
        name: String(name.name || name.key || ''),
        value: name.value === undefined || name.value === null ? '' : String(name.value),
      };
      ['domain', 'path', 'expires'].forEach(function (k) {
        if (name[k] !== undefined && name[k] !== null) {
          cookie[k] = name[k] instanceof Date ? name[k].toISOString() : String(name[k]);
        }
      });
      ['httpOnly', 'secure'].forEach(function (k) {
        if (name[k]) {
          cookie[k] = true;
        }
      });
    } else if (typeof name === 'string') {
      cookie = name;
    } else {
      throw new TypeError('CookieJar.set() requires a valid set cookie arguments');
    }
    jarCall('set', [u, cookie], callback, jarCookie);
  },
  unset: function (url, name, cb) {
    var u = jarUrl(url, 'unset');
    if (typeof name !== 'string') {
      throw new TypeError('CookieJar.unset() requires cookie name to be a string');
    }
    jarCall('unset', [u, name], cb, noResult);
  },
  clear: function (url, cb) {
    jarCall('clear', [jarUrl(url, 'clear')], cb, noResult);
  },
});
