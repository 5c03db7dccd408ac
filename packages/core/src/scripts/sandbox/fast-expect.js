// @ts-check
/**
 * `pm.expect` without chai on the common path, evaluated inside the sandbox prelude (plain ES5 text, see
 * prelude.gen.ts for why). chai's BDD chains cost ≈20 µs per `pm.expect(x).to.equal(y)` in QuickJS — more than the
 * rest of a typical test script. A FastAssertion answers the frequent, simple cases itself:
 *
 *   chains   to be been is and has have with that which at of same but does still also (return this)
 *   flags    not, deep
 *   checks   equal/equals/eq, eql/eqls, above/gt/greaterThan, below/lt/lessThan, least/gte/
 *            greaterThanOrEqual, most/lte/lessThanOrEqual (numbers), oneOf (arrays), match/matches (strings),
 *            ok, true, false, null, undefined, exist/exists, status (responses), and the chainable words
 *            a/an (primitives, arrays, plain objects), include/includes/contain/contains (strings, arrays),
 *            length/lengthOf (strings, arrays)
 *
 * A check only decides when the answer is certain AND the assertion passes. Every other case — a failure, an
 * unusual type, any other chai word (property, keys, members, within, …), a chained word after a chainable one
 * (.include.keys, .lengthOf.above), a postman assertion, a chai plugin — is replayed on a real chai Assertion built with the same object, message and flags. chai is the
 * authority: failure messages are chai's own, word for word, and chai is only loaded when a script first needs
 * it. A name neither here nor in chai still throws chai's "Invalid Chai property" error.
 *
 * Needs from the prelude: getChai, Response, CHAIN_WORDS, invalidChaiProperty, isArray, ObjectKeys.
 */
var ObjectProto = Object.prototype;
var ArrayProto = Array.prototype;
var getProto = Object.getPrototypeOf;
var ownSymbols = Object.getOwnPropertySymbols;
var setProto = Object.setPrototypeOf;
var toStringTag = Symbol.toStringTag;

// deep-eql's verdict when it can be known cheaply: true (equal), false (not equal), undefined (ask chai).
// Only primitives, plain objects and arrays are judged; chai handles the rest (dates, maps, cycles, …).
function quickDeepEqual(a, b, depth) {
  if (a === b) {
    return a !== 0 || 1 / a === 1 / b;
  }
  var ta = typeof a,
    tb = typeof b;
  if (ta !== 'object' || tb !== 'object' || a === null || b === null) {
    // biome-ignore lint/suspicious/noSelfCompare: NaN equals NaN for deep-eql
    if (a !== a && b !== b) {
      return true;
    }
    var primitiveA = a === null || (ta !== 'object' && ta !== 'function');
    var primitiveB = b === null || (tb !== 'object' && tb !== 'function');
    return primitiveA || primitiveB ? false : undefined;
  }
  if (depth > 32) {
    return undefined;
  }
  var pa = getProto(a);
  if (pa !== getProto(b) || (pa !== ObjectProto && pa !== ArrayProto)) {
    return undefined;
  }
  var i, verdict;
  if (pa === ArrayProto) {
    if (!isArray(a) || !isArray(b)) {
      return undefined;
    }
    if (a.length !== b.length) {
      return false;
    }
    for (i = 0; i < a.length; i++) {
      verdict = quickDeepEqual(a[i], b[i], depth + 1);
      if (verdict !== true) {
        return verdict;
      }
    }
    return true;
  }
  if (ownSymbols(a).length || ownSymbols(b).length) {
    return undefined;
  }
  var ka = [],
    kb = [],
    k;
  for (k in a) {
    ka.push(k);
  }
  for (k in b) {
    kb.push(k);
  }
  if (ka.length !== kb.length) {
    return ka.length && kb.length ? false : undefined;
  }
  ka.sort();
  kb.sort();
  for (i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) {
      return false;
    }
  }
  for (i = 0; i < ka.length; i++) {
    verdict = quickDeepEqual(a[ka[i]], b[ka[i]], depth + 1);
    if (verdict !== true) {
      return verdict;
    }
  }
  return true;
}

// The message and the flags are read through the prototype's defaults (_m undefined, _n and _d false) and become
// own properties only when set: QuickJS pays ≈0.1 µs for every property of a new object, and most assertions
// carry none of them. (The prototype is frozen, so they are defined, not assigned.)
function FastAssertion(value, message) {
  this._o = value;
  if (message !== undefined) {
    ownField(this, '_m', message);
  }
}
function ownField(fa, name, value) {
  defineProperty(fa, name, { value: value, writable: true, enumerable: true, configurable: true });
}

// The same assertion on chai, with the flags gathered so far.
function chaiAssertion(fa) {
  var a = getChai().expect(fa._o, fa._m);
  if (fa._n) {
    a = a.not;
  }
  if (fa._d) {
    a = a.deep;
  }
  return a;
}
function chaiMethod(proto, name) {
  for (var p = proto; p && p !== ObjectProto; p = getProto(p)) {
    var d = Object.getOwnPropertyDescriptor(p, name);
    if (d) {
      return typeof d.value === 'function' ? d.value : undefined;
    }
  }
  return undefined;
}
// What a[name] is on chai, for a script that goes on to call it with another object as 'this': a method bound to
// the chai assertion a, or the getter's result — a property assertion runs; a chainable word (a, include,
// lengthOf, …) returns chai's callable, which is bound too and keeps it as prototype so .lengthOf.above(1) works.
function chaiMember(a, name) {
  var method = chaiMethod(getChai().Assertion.prototype, name);
  if (method) {
    return function () {
      return method.apply(a, arguments);
    };
  }
  var r = a[name];
  if (typeof r !== 'function') {
    return r;
  }
  var bound = function () {
    return r.apply(a, arguments);
  };
  setProto(bound, r);
  return bound;
}
function onChai(fa, name) {
  return chaiMember(chaiAssertion(fa), name);
}
// A check that did not pass here: chai decides (and throws its own message).
function replay(fa, name, args) {
  var r = onChai(fa, name);
  return typeof r === 'function' ? r.apply(undefined, args) : r;
}

// check's verdict: true/false when known, undefined when only chai can tell. A passing verdict returns the
// assertion; anything else is replayed on chai. Every fast word takes at most (value, message): the arguments are
// passed by name because a function that mentions 'arguments' makes QuickJS allocate the object on every call.
function decide(fa, name, check, v, message) {
  var verdict = check(fa._o, v, fa);
  if (verdict !== undefined && verdict !== fa._n) {
    return fa;
  }
  var r = replay(fa, name, message === undefined ? [v] : [v, message]);
  return r === undefined ? fa : r;
}
function fastMethod(name, check) {
  /** @this {FastAssertion} */
  return function (v, message) {
    return decide(this, name, check, v, message);
  };
}
function fastProperty(name, check) {
  return {
    get: function () {
      return decide(this, name, check);
    },
    configurable: true,
  };
}
// chai's chainable words are both callable (.a('string')) and chains (.include.keys('a')). The fast word is a
// function that checks when called; any property read on it continues on chai (chainGuard, below).
function fastChainable(name, check) {
  return {
    get: function () {
      var fa = this;
      var word = function (v, message) {
        return decide(fa, name, check, v, message);
      };
      word._fa = fa;
      word._w = name;
      setProto(word, chainGuard);
      return word;
    },
    configurable: true,
  };
}
var chainGuard = new Proxy(Function.prototype, {
  get: function (target, property, receiver) {
    if (typeof property !== 'string' || property in target) {
      return Reflect.get(target, property, receiver);
    }
    return chaiMember(onChai(receiver._fa, receiver._w), property);
  },
});

function isNumber(v) {
  return typeof v === 'number';
}
function equalCheck(o, v, fa) {
  return fa._d ? quickDeepEqual(v, o, 0) : v === o;
}
function eqlCheck(o, v) {
  return quickDeepEqual(v, o, 0);
}
function compare(op) {
  return function (o, n) {
    return isNumber(o) && isNumber(n) ? op(o, n) : undefined;
  };
}
var above = compare(function (o, n) {
  return o > n;
});
var below = compare(function (o, n) {
  return o < n;
});
var least = compare(function (o, n) {
  return o >= n;
});
var most = compare(function (o, n) {
  return o <= n;
});
function oneOfCheck(o, list, fa) {
  return isArray(list) && !fa._d ? list.indexOf(o) > -1 : undefined;
}
function matchCheck(o, re) {
  return re instanceof RegExp && typeof o === 'string' && !re.global && !re.sticky ? re.test(o) : undefined;
}
function statusCheck(o, code) {
  return o instanceof Response && isNumber(code) ? o.code === code : undefined;
}
// chai's type-detect name when it is certain: primitives, null, arrays and plain objects.
function quickType(o) {
  if (o === null) {
    return 'null';
  }
  var t = typeof o;
  if (t !== 'object') {
    return t === 'function' ? undefined : t;
  }
  if (toStringTag in o) {
    return undefined;
  }
  if (isArray(o)) {
    return 'array';
  }
  return getProto(o) === ObjectProto ? 'object' : undefined;
}
function typeCheck(o, type) {
  var t = typeof type === 'string' ? quickType(o) : undefined;
  return t === undefined ? undefined : t === type.toLowerCase();
}
function includeCheck(o, v, fa) {
  if (fa._d) {
    return undefined;
  }
  if (typeof o === 'string') {
    return typeof v === 'string' ? o.indexOf(v) !== -1 : undefined;
  }
  return isArray(o) ? o.indexOf(v) !== -1 : undefined;
}
function lengthCheck(o, n) {
  return isNumber(n) && (typeof o === 'string' || isArray(o)) ? o.length === n : undefined;
}
function notResponse(check) {
  return function (o) {
    return o instanceof Response ? undefined : check(o);
  };
}

var fastProto = FastAssertion.prototype;
var fastMethods = {
  equal: equalCheck,
  equals: equalCheck,
  eq: equalCheck,
  eql: eqlCheck,
  eqls: eqlCheck,
  above: above,
  gt: above,
  greaterThan: above,
  below: below,
  lt: below,
  lessThan: below,
  least: least,
  gte: least,
  greaterThanOrEqual: least,
  most: most,
  lte: most,
  lessThanOrEqual: most,
  oneOf: oneOfCheck,
  match: matchCheck,
  matches: matchCheck,
  status: statusCheck,
};
// equal with no flags on the very value: the most frequent assertion, answered before the generic path.
function fastEqual(name) {
  /** @this {FastAssertion} */
  return function (v, message) {
    if (v === this._o && this._n === false && this._d === false) {
      return this;
    }
    return decide(this, name, equalCheck, v, message);
  };
}
ObjectKeys(fastMethods).forEach(function (name) {
  defineProperty(fastProto, name, {
    value: fastMethods[name] === equalCheck ? fastEqual(name) : fastMethod(name, fastMethods[name]),
    writable: true,
    configurable: true,
  });
});
var fastProperties = {
  ok: notResponse(function (o) {
    return !!o;
  }),
  true: function (o) {
    return o === true;
  },
  false: function (o) {
    return o === false;
  },
  null: function (o) {
    return o === null;
  },
  undefined: function (o) {
    return o === undefined;
  },
  exist: function (o) {
    return o !== null && o !== undefined;
  },
  exists: function (o) {
    return o !== null && o !== undefined;
  },
};
ObjectKeys(fastProperties).forEach(function (name) {
  defineProperty(fastProto, name, fastProperty(name, fastProperties[name]));
});
var fastChainables = {
  a: typeCheck,
  an: typeCheck,
  include: includeCheck,
  includes: includeCheck,
  contain: includeCheck,
  contains: includeCheck,
  length: lengthCheck,
  lengthOf: lengthCheck,
};
ObjectKeys(fastChainables).forEach(function (name) {
  defineProperty(fastProto, name, fastChainable(name, fastChainables[name]));
});
CHAIN_WORDS.forEach(function (chain) {
  defineProperty(fastProto, chain, {
    get: function () {
      return this;
    },
    configurable: true,
  });
});
defineProperty(fastProto, 'not', {
  get: function () {
    ownField(this, '_n', true);
    return this;
  },
  configurable: true,
});
defineProperty(fastProto, '_obj', {
  get: function () {
    return this._o;
  },
  configurable: true,
});
defineProperty(fastProto, 'deep', {
  get: function () {
    ownField(this, '_d', true);
    return this;
  },
  configurable: true,
});

// Every other name: chai's, if chai has it (then this assertion continues on chai), else chai's typo error.
var FAST_ALLOWED = ['__flags', '__methods', 'assert', 'then', 'catch', 'inspect', 'toJSON', 'nodeType'];
var fastGuard = new Proxy(ObjectProto, {
  get: function (target, property, receiver) {
    if (typeof property !== 'string' || property in target || FAST_ALLOWED.indexOf(property) >= 0) {
      return Reflect.get(target, property, receiver);
    }
    var chaiProto = getChai().Assertion.prototype;
    if (property in chaiProto) {
      return onChai(receiver, property);
    }
    throw invalidChaiProperty(property, chaiProto);
  },
});
// Read by pm.test (is the returned value a promise?) on every arrow test: answered before the guard's trap.
var fastMisses = Object.create(fastGuard);
defineProperty(fastMisses, 'then', { value: undefined, writable: true, configurable: true });
Object.setPrototypeOf(fastProto, fastMisses);
defineProperty(fastProto, '_m', { value: undefined, writable: true, configurable: true });
defineProperty(fastProto, '_n', { value: false, writable: true, configurable: true });
defineProperty(fastProto, '_d', { value: false, writable: true, configurable: true });
freeze(fastProto);
