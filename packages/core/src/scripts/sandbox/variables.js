// @ts-check
// Sandbox: Variable scopes: pm.environment, pm.globals, pm.collectionVariables, pm.variables, pm.iterationData. Part of the QuickJS prelude (see README.md).

/*
 * A host call costs more than most of what a script does with a variable, so values are cached here and writes
 * are queued:
 * - vcache: encoded values by layer + \u0001 + name, as the host answered or as this sandbox wrote them. Valid while
 *   the host's tag for the run's scopes (run() meta: scopes id + '.' + epoch) is unchanged: the host moves the
 *   epoch on any change it did not get from here.
 * - vslots: one vcache per scopes id (useVarTag), so runs that alternate between scopes keep theirs: the virtual
 *   users of a load test share one context, and otherwise every run started from an empty cache and paid a host
 *   call per variable. At most MAX_VSLOTS of them holding about MAX_VSLOT_CHARS (a long-lived engine serves many
 *   runs in a capped heap: other runs' values must not crowd this one's out); past either, a run that switches
 *   scopes drops them all (each refills on its next run).
 * - vops: writes not yet handed over, [layer, name, encoded | null to unset]. They go with the run's summary, or
 *   earlier (flushVars) before any host call that reads variables.
 */
var vcache = Object.create(null);
var MAX_VSLOTS = 256;
var MAX_VSLOT_CHARS = 1 << 20;
/**
 * @type {{ t: string, c: Record<string, string>, a: number }} the slot of the run in progress; `a` counts the
 * 'all' entries its cache may hold (a write to another layer removes the name's 'all' entry only when there may be
 * one: deleting a key QuickJS has no atom for makes one, then frees it)
 */
var vslot = { t: '', c: vcache, a: 0 };
/** @type {Record<string, { t: string, c: Record<string, string>, a: number }>} */
var vslots = Object.create(null);
var vslotCount = 0;
/** Characters cached since the slots were last dropped (an over-count: a replaced cache is not subtracted). */
var vslotChars = 0;
function useVarTag(tag) {
  if (tag === vslot.t) {
    return;
  }
  var id = tag.slice(0, tag.indexOf('.'));
  var slot = vslots[id];
  if ((slot === undefined && vslotCount >= MAX_VSLOTS) || vslotChars > MAX_VSLOT_CHARS) {
    vslots = Object.create(null);
    vslotCount = 0;
    vslotChars = 0;
    slot = vslots[id];
  }
  if (slot === undefined) {
    slot = { t: '', c: vcache, a: 0 };
    vslots[id] = slot;
    vslotCount++;
  }
  if (slot.t !== tag) {
    // A new epoch: the host changed these scopes since this cache was filled.
    slot.t = tag;
    slot.c = Object.create(null);
    slot.a = 0;
  }
  vslot = slot;
  vcache = slot.c;
}
var vops = [];
function flushVars() {
  if (vops.length) {
    var ops = vops;
    vops = [];
    host.vops(JSONstringify(ops));
  }
}
function varGet(layer, key) {
  var k = layer + '\u0001' + key;
  var e = vcache[k];
  if (e === undefined) {
    flushVars();
    e = host.vget(layer, key);
    if (e === undefined) {
      e = 'u';
    }
    vcache[k] = e;
    vslotChars += k.length + e.length;
    if (layer === 'all') {
      vslot.a++;
    }
  }
  return dec(e);
}
function varWrite(layer, key, encoded) {
  // Indexed, not push(): the script may have replaced Array.prototype.push (builtins are restored after it).
  vops[vops.length] = [layer, key, encoded];
  var e = encoded === null ? 'u' : encoded;
  vslotChars += 2 * (key.length + e.length);
  if (layer === 'all') {
    // pm.variables.set/unset write the local scope, the narrowest: what 'all' sees after a set.
    vcache['local\u0001' + key] = e;
    if (encoded === null) {
      delete vcache['all\u0001' + key];
    } else {
      vcache['all\u0001' + key] = e;
      vslot.a++;
    }
    return;
  }
  vcache[layer + '\u0001' + key] = e;
  if (vslot.a > 0) {
    delete vcache['all\u0001' + key];
  }
}
function varAll(layer) {
  flushVars();
  return JSONparse(host.vall(layer));
}
function varClear(layer) {
  flushVars();
  host.vclear(layer);
  vcache = Object.create(null);
  vslot.c = vcache;
  vslot.a = 0;
}
function Scope(layer, writable, clearable) {
  this._l = layer;
  this._w = writable;
  this._c = clearable;
}
Scope.prototype = {
  constructor: Scope,
  get: function (key) {
    return varGet(this._l, String(key));
  },
  has: function (key) {
    flushVars();
    return host.vhas(this._l, String(key));
  },
  toObject: function () {
    return varAll(this._l);
  },
  toJSON: function () {
    return this.toObject();
  },
  set: function (key, value) {
    if (!this._w) {
      throw new TypeError('This scope is read-only');
    }
    varWrite(this._l, String(key), enc(value));
  },
  unset: function (key) {
    varWrite(this._l, String(key), null);
  },
  clear: function () {
    if (!this._c) {
      throw new TypeError('This scope cannot be cleared');
    }
    varClear(this._l);
  },
  replaceIn: function (template) {
    if (template === undefined || template === null) {
      return template;
    }
    flushVars();
    if (typeof template === 'string') {
      return host.vreplace(this._l, template);
    }
    return JSONparse(host.vreplace(this._l, JSONstringify(template)));
  },
};
freeze(Scope.prototype);
