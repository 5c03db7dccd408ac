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
      throw new Error('pm.cookies.jar() is not available in this sandbox');
    },
  });
}
