// @ts-check
// Sandbox: console.* (entries are handed to the host). Part of the QuickJS prelude (see README.md).

function quoteKey(k) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSONstringify(k);
}
function inspect(v, depth, seen) {
  var t = typeof v;
  if (t === 'string') {
    return depth === 0 ? v : "'" + v + "'";
  }
  if (v === null || t === 'number' || t === 'boolean' || t === 'undefined') {
    return String(v);
  }
  if (t === 'bigint') {
    return String(v) + 'n';
  }
  if (t === 'symbol') {
    return v.toString();
  }
  if (t === 'function') {
    return '[Function: ' + (v.name || 'anonymous') + ']';
  }
  try {
    if (v instanceof Error) {
      return errText(v);
    }
    if (v instanceof Date) {
      // biome-ignore lint/suspicious/noGlobalIsNan: same verdict as before for a getTime() a script replaced
      return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    }
    if (v instanceof RegExp) {
      return String(v);
    }
  } catch (e) {
    return '[object]';
  }
  if (seen.indexOf(v) >= 0) {
    return '[Circular]';
  }
  if (depth > 4) {
    return isArray(v) ? '[Array]' : '[Object]';
  }
  seen.push(v);
  var parts = [],
    out,
    i;
  try {
    if (isArray(v)) {
      var n = Math.min(v.length, 100);
      for (i = 0; i < n; i++) {
        parts.push(inspect(v[i], depth + 1, seen));
      }
      if (v.length > n) {
        parts.push('... ' + (v.length - n) + ' more items');
      }
      out = parts.length ? '[ ' + parts.join(', ') + ' ]' : '[]';
    } else {
      var keys = ObjectKeys(v);
      var m = Math.min(keys.length, 100);
      for (i = 0; i < m; i++) {
        var val;
        try {
          val = inspect(v[keys[i]], depth + 1, seen);
        } catch (e) {
          val = '[Getter threw]';
        }
        parts.push(quoteKey(keys[i]) + ': ' + val);
      }
      if (keys.length > m) {
        parts.push('... ' + (keys.length - m) + ' more keys');
      }
      out = parts.length ? '{ ' + parts.join(', ') + ' }' : '{}';
    }
  } catch (e) {
    out = '[object]';
  }
  seen.pop();
  return out;
}
function formatArgs(args) {
  var out = [];
  var start = 0;
  if (typeof args[0] === 'string' && args[0].indexOf('%') >= 0 && args.length > 1) {
    var idx = 1;
    out.push(
      args[0].replace(/%([sdifjoOc%])/g, function (m, f) {
        if (f === '%') {
          return '%';
        }
        if (idx >= args.length) {
          return m;
        }
        var a = args[idx++];
        switch (f) {
          case 's':
            return typeof a === 'string' ? a : inspect(a, 1, []);
          case 'd':
          case 'i':
            return String(f === 'i' ? parseInt(a, 10) : Number(a));
          case 'f':
            return String(parseFloat(a));
          case 'j':
            try {
              return JSONstringify(a);
            } catch (e) {
              return '[Circular]';
            }
          case 'c':
            return '';
          default:
            return inspect(a, 1, []);
        }
      }),
    );
    start = idx;
  }
  for (var i = start; i < args.length; i++) {
    out.push(inspect(args[i], 0, []));
  }
  return out.join(' ');
}
function consoleMethod(level) {
  return function () {
    var text;
    try {
      text = formatArgs(Array.prototype.slice.call(arguments));
    } catch (e) {
      text = '[unprintable]';
    }
    if (!host.console(level, text)) {
      throw new Error('Console output limit exceeded');
    }
  };
}
var sandboxConsole = freeze({
  log: consoleMethod('log'),
  info: consoleMethod('info'),
  warn: consoleMethod('warn'),
  error: consoleMethod('error'),
  debug: consoleMethod('debug'),
  trace: consoleMethod('debug'),
  dir: consoleMethod('log'),
  table: consoleMethod('log'),
});
