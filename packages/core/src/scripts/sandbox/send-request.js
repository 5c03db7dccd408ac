// @ts-check
// Sandbox: pm.sendRequest. Part of the QuickJS prelude (see README.md).

function headersFromSpec(h) {
  if (!h) {
    return [];
  }
  if (h instanceof PropertyList) {
    return kvOut(h);
  }
  if (typeof h === 'string') {
    return h
      .split('\n')
      .filter(Boolean)
      .map(function (line) {
        var m = toMember(line, 'key');
        return { key: m.key, value: String(m.value) };
      });
  }
  if (isArray(h)) {
    return h.map(function (x) {
      var m = toMember(x, 'key');
      return {
        key: m.key,
        value: m.value === undefined || m.value === null ? '' : String(m.value),
        enabled: !m.disabled,
      };
    });
  }
  return ObjectKeys(h).map(function (k) {
    return { key: k, value: String(h[k]) };
  });
}
function requestSpec(req) {
  if (typeof req === 'string') {
    return { method: 'GET', url: req, headers: [] };
  }
  if (req instanceof Url) {
    return { method: 'GET', url: req.toString(), headers: [] };
  }
  if (req instanceof Request) {
    return serializeRequest(req);
  }
  if (!req || typeof req !== 'object') {
    throw new TypeError('pm.sendRequest expects a URL or a request object');
  }
  var url = req.url;
  var spec = {
    method: String(req.method || 'GET').toUpperCase(),
    url:
      url && typeof url === 'object'
        ? url instanceof Url
          ? url.toString()
          : url.raw !== undefined
            ? String(url.raw)
            : String(url)
        : String(url || ''),
    headers: headersFromSpec(req.header || req.headers),
  };
  if (req.body !== undefined && req.body !== null) {
    spec.body = serializeBody(req.body instanceof RequestBody ? req.body : new RequestBody(req.body));
  }
  return spec;
}
function sendRequest(req, cb) {
  var r = cur;
  var spec = requestSpec(req);
  flushVars();
  var p = host.send(JSONstringify(spec)).then(function (json) {
    var d = JSONparse(json);
    return new Response(d, d.body);
  });
  if (typeof cb === 'function') {
    p.then(
      function (res) {
        if (r !== cur) {
          return;
        }
        try {
          cb(null, res);
        } catch (e) {
          reportFailure(e);
        }
      },
      function (err) {
        if (r !== cur) {
          return;
        }
        // As in newman, the callback also gets an empty response (no code, no body) rather than undefined.
        try {
          cb(err, new Response({ headers: [], cookies: [] }, undefined));
        } catch (e) {
          reportFailure(e);
        }
      },
    );
    return p.then(undefined, function () {
      return undefined;
    });
  }
  return p;
}
