// @ts-check
// Sandbox: chai, loaded on first use, with the Postman response assertions and chai's typo guard. Part of the QuickJS prelude (see README.md).

function getPath(obj, path) {
  var parts = String(path)
    .replace(/\[(\w+)\]/g, '.$1')
    .replace(/^\./, '')
    .split('.');
  var cur0 = obj;
  for (var i = 0; i < parts.length; i++) {
    if (cur0 === null || cur0 === undefined || !(Object(cur0) === cur0 && parts[i] in cur0)) {
      return { found: false };
    }
    cur0 = cur0[parts[i]];
  }
  return { found: true, value: cur0 };
}
/**
 * @param {ChaiStatic} chai
 * @param {ChaiUtils} utils
 */
function postmanChai(chai, utils) {
  var A = chai.Assertion;
  function resp(a) {
    var o = utils.flag(a, 'object');
    if (!(o instanceof Response)) {
      throw new chai.AssertionError('expected ' + utils.objDisplay(o) + ' to be a response');
    }
    return o;
  }
  A.addMethod('status', function (code) {
    var r = resp(this);
    if (typeof code === 'number') {
      this.assert(
        r.code === code,
        'expected response to have status code #{exp} but got #{act}',
        'expected response to not have status code #{act}',
        code,
        r.code,
      );
    } else {
      this.assert(
        r.status === code,
        'expected response to have status reason #{exp} but got #{act}',
        'expected response to not have status reason #{act}',
        code,
        r.status,
      );
    }
  });
  var classes = { info: 1, success: 2, redirection: 3, clientError: 4, serverError: 5 };
  ObjectKeys(classes).forEach(function (name) {
    A.addProperty(name, function () {
      var r = resp(this);
      var c = classes[name];
      this.assert(
        Math.floor(r.code / 100) === c,
        'expected response code to be ' + c + 'XX but found #{act}',
        'expected response code to not be ' + c + 'XX but found #{act}',
        c * 100,
        r.code,
      );
    });
  });
  A.addProperty('error', function () {
    var r = resp(this);
    this.assert(
      r.code >= 400 && r.code < 600,
      'expected response code to be 4XX or 5XX but found #{act}',
      'expected response code to not be 4XX or 5XX but found #{act}',
      400,
      r.code,
    );
  });
  var reasons = {
    accepted: 202,
    withoutContent: 204,
    badRequest: 400,
    unauthorised: 401,
    unauthorized: 401,
    forbidden: 403,
    notFound: 404,
    notAcceptable: 406,
    rateLimited: 429,
  };
  ObjectKeys(reasons).forEach(function (name) {
    A.addProperty(name, function () {
      var r = resp(this);
      this.assert(
        r.code === reasons[name],
        'expected response code to be #{exp} but found #{act}',
        'expected response code to not be #{exp} but found #{act}',
        reasons[name],
        r.code,
      );
    });
  });
  A.overwriteProperty('ok', function (_super) {
    return function () {
      if (utils.flag(this, 'object') instanceof Response) {
        var r = utils.flag(this, 'object');
        this.assert(
          r.code === 200,
          'expected response code to be 200 but found #{act}',
          'expected response code to not be 200 but found #{act}',
          200,
          r.code,
        );
      } else {
        _super.call(this);
      }
    };
  });
  // The rest of chai-postman's response words, with its messages.
  A.addMethod('statusCode', function (code) {
    var r = resp(this);
    this.assert(
      r.code === Number(code),
      'expected response to have status code #{exp} but got #{act}',
      'expected response to not have status code #{act}',
      Number(code),
      r.code,
    );
  });
  A.addMethod('statusReason', function (reason) {
    var r = resp(this);
    this.assert(
      r.reason() === String(reason),
      'expected response to have status reason #{exp} but got #{act}',
      'expected response to not have status reason #{act}',
      String(reason),
      r.reason(),
    );
  });
  A.addMethod('statusCodeClass', function (c) {
    var r = resp(this);
    this.assert(
      Math.floor(r.code / 100) === c,
      'expected response code to be #{exp}XX but found #{act}',
      'expected response code to not be #{exp}XX',
      c,
      r.code,
    );
  });
  A.addProperty('postmanResponse', function () {
    this.assert(
      utils.flag(this, 'object') instanceof Response,
      'expecting a postman response object but got #{this}',
      'not expecting a postman response object',
    );
  });
  A.addProperty('postmanRequest', function () {
    this.assert(
      utils.flag(this, 'object') instanceof Request,
      'expecting a postman request object but got #{this}',
      'not expecting a postman request object',
    );
  });
  A.addProperty('postmanRequestOrResponse', function () {
    var o = utils.flag(this, 'object');
    this.assert(
      o instanceof Response || o instanceof Request,
      'expecting a postman request or response object but got #{this}',
      'not expecting a postman request or response object',
    );
  });
  // `.responseTime` / `.responseSize` move the chain onto the number (`.responseTime.below(200)`); called, they
  // check that it is a number, or equal to the argument.
  function measured(name, measure, what, equalMessages) {
    A.addChainableMethod(
      name,
      function (expected) {
        var n = utils.flag(this, 'number');
        this.assert(
          typeof n === 'number' && !Number.isNaN(n),
          'expected response to have a valid ' + what + ' but got #{act}',
          'expected response to not have a valid ' + what + ' but got #{act}',
          null,
          n,
        );
        if (arguments.length) {
          this.assert(n === expected, equalMessages[0], equalMessages[1], expected, n);
        }
      },
      function () {
        var n = measure(resp(this));
        utils.flag(this, 'number', n);
        utils.flag(this, 'object', n);
      },
    );
  }
  measured(
    'responseTime',
    function (r) {
      return r.responseTime;
    },
    'response time',
    [
      'expected response to have a valid response time but got #{act}',
      'expected response to not have a valid response time but got #{act}',
    ],
  );
  measured(
    'responseSize',
    function (r) {
      var size = r.size();
      return (size.header || 0) + (size.body || 0);
    },
    'response size',
    [
      'expected response size to equal #{act} but got #{exp}',
      'expected response size to not equal #{act} but got #{exp}',
    ],
  );
  A.addMethod('header', function (key, value) {
    var r = resp(this);
    var has = r.headers.has(key);
    if (arguments.length < 2) {
      this.assert(
        has,
        "expected response to have header with key '" + key + "'",
        "expected response to not have header with key '" + key + "'",
        key,
        undefined,
      );
      return;
    }
    var actual = r.headers.get(key);
    this.assert(
      has && actual === value,
      "expected '" + key + "' response header to be #{exp} but got #{act}",
      "expected '" + key + "' response header to not be #{act}",
      value,
      actual,
    );
  });
  A.addProperty('withBody', function () {
    var r = resp(this);
    this.assert(
      r.text().length > 0,
      'expected response to have content in body',
      'expected response to not have content in body',
    );
  });
  A.addProperty('json', function () {
    var r = resp(this);
    var ok = true;
    try {
      r.json();
    } catch (e) {
      ok = false;
    }
    this.assert(
      ok,
      'expected response body to be a valid json',
      'expected response body to not be a valid json',
    );
  });
  A.addMethod('body', function (expected) {
    var r = resp(this);
    var text = r.text();
    if (arguments.length === 0) {
      this.assert(
        text.length > 0,
        'expected response to have content in body',
        'expected response to not have content in body',
      );
    } else if (expected instanceof RegExp) {
      this.assert(
        expected.test(text),
        'expected response body text to match #{exp} but got #{act}',
        'expected response body text #{act} to not match #{exp}',
        expected,
        text,
      );
    } else if (typeof expected === 'string') {
      this.assert(
        text === expected,
        'expected response body to equal #{exp} but got #{act}',
        'expected response body to not equal #{exp}',
        expected,
        text,
        true,
      );
    } else {
      var parsed;
      try {
        parsed = r.json();
      } catch (e) {
        parsed = undefined;
      }
      this.assert(
        utils.eql(parsed, expected),
        'expected response body json to equal #{exp} but got #{act}',
        'expected response body json to not equal #{exp}',
        expected,
        parsed,
        true,
      );
    }
  });
  // Like Postman: validates the response's JSON body, or any other value given to expect().
  A.addMethod('jsonSchema', function (schema, options) {
    var o = utils.flag(this, 'object');
    var data = o;
    if (o instanceof Response) {
      try {
        data = o.json();
      } catch (e) {
        throw new chai.AssertionError('expected response body to be a valid json');
      }
    }
    var Ajv = loadModule('ajv');
    var ajv = new Ajv(options || { allErrors: true, logger: false });
    var validate = ajv.compile(schema);
    var valid = validate(data);
    this.assert(
      valid,
      'expected data to satisfy schema but found following errors: \n' + ajv.errorsText(validate.errors),
      'expected data to not satisfy schema',
      true,
      valid,
    );
  });
  A.addMethod('jsonBody', function (path, value) {
    var r = resp(this);
    var parsed,
      ok = true;
    try {
      parsed = r.json();
    } catch (e) {
      ok = false;
    }
    if (arguments.length === 0) {
      this.assert(
        ok,
        'expected response body to be a valid json',
        'expected response body to not be a valid json',
      );
      return;
    }
    if (!ok) {
      throw new chai.AssertionError('expected response body to be a valid json');
    }
    if (typeof path === 'object' && path !== null) {
      this.assert(
        utils.eql(parsed, path),
        'expected response body json to equal #{exp} but got #{act}',
        'expected response body json to not equal #{exp}',
        path,
        parsed,
        true,
      );
      return;
    }
    var found = getPath(parsed, path);
    if (arguments.length < 2) {
      this.assert(
        found.found,
        "expected #{act} in response to contain property '" + path + "'",
        "expected #{act} in response to not contain property '" + path + "'",
        path,
        parsed,
      );
      return;
    }
    this.assert(
      found.found && utils.eql(found.value, value),
      "expected response body json at '" + path + "' to contain #{exp} but got #{act}",
      "expected response body json at '" + path + "' to not contain #{exp}",
      value,
      found.value,
      true,
    );
  });
}
/*
 * chai wraps every Assertion in a Proxy so that a typo like expect(x).to.be.tru throws instead of silently
 * passing. In QuickJS that Proxy costs ~40% of every assertion (each internal flag read goes through the trap).
 * Same guarantee, paid only on misses: no per-instance Proxy, and a Proxy as the PROTOTYPE of
 * Assertion.prototype, which property lookups reach only when the name exists nowhere else.
 */
function editDistance(a, b, cap) {
  if (Math.abs(a.length - b.length) >= cap) {
    return cap;
  }
  var prev = [],
    i,
    j;
  for (j = 0; j <= b.length; j++) {
    prev[j] = j;
  }
  for (i = 1; i <= a.length; i++) {
    var row = [i];
    for (j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j] + 1,
        row[j - 1] + 1,
        prev[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1),
      );
    }
    prev = row;
  }
  return Math.min(prev[b.length], cap);
}
// chai's language chains: words that only return an equivalent assertion, for readability.
var CHAIN_WORDS = [
  'to',
  'be',
  'been',
  'is',
  'and',
  'has',
  'have',
  'with',
  'that',
  'which',
  'at',
  'of',
  'same',
  'but',
  'does',
  'still',
  'also',
];
// chai's typo error for a name no assertion has, with the nearest name of proto as a suggestion.
function invalidChaiProperty(property, proto) {
  var best = null,
    bestDistance = 4;
  Object.getOwnPropertyNames(proto).forEach(function (name) {
    var d = editDistance(property, name, bestDistance);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  });
  return Error('Invalid Chai property: ' + property + (best ? '. Did you mean "' + best + '"?' : ''));
}
function guardChaiProperties(c) {
  c.config.useProxy = false;
  var proto = c.Assertion.prototype;
  // chai builds a fresh Assertion per chain word to track stack frames; returning the same object halves the
  // allocations of a typical assertion.
  CHAIN_WORDS.forEach(function (chain) {
    if (Object.getOwnPropertyDescriptor(proto, chain)) {
      Object.defineProperty(proto, chain, {
        get: function () {
          return this;
        },
        configurable: true,
      });
    }
  });
  var allowed = ['__flags', '__methods', '_obj', 'assert', 'then', 'catch', 'inspect', 'toJSON', 'nodeType'];
  var guard = new Proxy(Object.prototype, {
    get: function (target, property, receiver) {
      if (typeof property === 'string' && !(property in target) && allowed.indexOf(property) < 0) {
        throw invalidChaiProperty(property, proto);
      }
      return Reflect.get(target, property, receiver);
    },
  });
  // Names chai reads before they exist (__flags on every new Assertion, then when a test returns one) are found
  // here, one step before the guard: a Proxy trap per lookup costs more than the rest of a passing assertion.
  var knownMisses = Object.create(guard);
  ['__flags', 'then'].forEach(function (name) {
    Object.defineProperty(knownMisses, name, { value: undefined, writable: true, configurable: true });
  });
  Object.setPrototypeOf(proto, knownMisses);
}
function getChai() {
  if (chaiLib) {
    return chaiLib;
  }
  var c = loadModule('chai');
  c.use(postmanChai);
  guardChaiProperties(c);
  chaiLib = c;
  return c;
}
