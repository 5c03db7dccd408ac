// @ts-check
// Sandbox: the legacy xml2Json global — xml2js's parseString with Postman's options (explicitArray: false,
// trim: true): attributes under "$", text under "_", repeated children as arrays, invalid XML gives undefined.
// Part of the QuickJS prelude (see README.md).

var XML_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function xmlDecode(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, function (_m, e) {
    if (e.charAt(0) === '#') {
      var code = e.charAt(1) === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(code);
    }
    if (!hasOwn(XML_ENTITIES, e)) {
      throw new Error('Invalid character entity');
    }
    return XML_ENTITIES[e];
  });
}
function xmlClose(frame) {
  var obj = frame.obj;
  if (/^\s*$/.test(obj._) && !frame.cdata) {
    var emptyStr = obj._;
    delete obj._;
    return ObjectKeys(obj).length === 0 ? emptyStr : obj;
  }
  obj._ = obj._.trim();
  return ObjectKeys(obj).length === 1 ? obj._ : obj;
}
var XML_NAME = /^[^\s/>=]+/;
var XML_ATTR = /^\s+([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/;
function parseXml(text) {
  var s = String(text);
  var i = 0;
  var stack = [];
  var root;
  while (i < s.length) {
    var lt = s.indexOf('<', i);
    var chunk = lt < 0 ? s.slice(i) : s.slice(i, lt);
    if (chunk !== '') {
      if (stack.length > 0) {
        stack[stack.length - 1].obj._ += xmlDecode(chunk);
      } else if (!/^\s*$/.test(chunk)) {
        throw new Error('Non-whitespace outside the root element');
      }
    }
    if (lt < 0) {
      break;
    }
    if (s.startsWith('<!--', lt)) {
      i = s.indexOf('-->', lt);
      if (i < 0) {
        throw new Error('Unclosed comment');
      }
      i += 3;
    } else if (s.startsWith('<![CDATA[', lt)) {
      var end = s.indexOf(']]>', lt);
      if (end < 0 || stack.length === 0) {
        throw new Error('Bad CDATA');
      }
      var top = stack[stack.length - 1];
      top.obj._ += s.slice(lt + 9, end);
      top.cdata = true;
      i = end + 3;
    } else if (s.startsWith('<?', lt) || s.startsWith('<!', lt)) {
      i = s.indexOf('>', lt);
      if (i < 0) {
        throw new Error('Unclosed declaration');
      }
      i += 1;
    } else if (s.charAt(lt + 1) === '/') {
      var close = s.indexOf('>', lt);
      var name = close < 0 ? '' : s.slice(lt + 2, close).trim();
      var frame = stack.pop();
      if (!frame || frame.name !== name) {
        throw new Error('Unexpected close tag');
      }
      xmlAttach(stack, frame.name, xmlClose(frame), function (v) {
        root = v;
      });
      i = close + 1;
    } else {
      var rest = s.slice(lt + 1);
      var m = XML_NAME.exec(rest);
      if (!m || (root !== undefined && stack.length === 0)) {
        throw new Error('Bad tag');
      }
      var at = m[0].length;
      var obj = { _: '' };
      var am = XML_ATTR.exec(rest.slice(at));
      while (am) {
        if (!obj.$) {
          obj.$ = {};
        }
        obj.$[am[1]] = xmlDecode(am[3] !== undefined ? am[3] : am[4]);
        at += am[0].length;
        am = XML_ATTR.exec(rest.slice(at));
      }
      var tail = /^\s*(\/?)>/.exec(rest.slice(at));
      if (!tail) {
        throw new Error('Bad tag');
      }
      var fr = { name: m[0], obj: obj, cdata: false };
      i = lt + 1 + at + tail[0].length;
      if (tail[1] === '/') {
        xmlAttach(stack, fr.name, xmlClose(fr), function (v) {
          root = v;
        });
      } else {
        stack.push(fr);
      }
    }
  }
  if (stack.length > 0 || root === undefined) {
    throw new Error('Unclosed root element');
  }
  return root;
}
function xmlAttach(stack, name, value, setRoot) {
  var parent = stack[stack.length - 1];
  if (!parent) {
    var r = {};
    r[name] = value;
    setRoot(r);
    return;
  }
  var o = parent.obj;
  if (!hasOwn(o, name)) {
    o[name] = value;
  } else if (Array.isArray(o[name])) {
    o[name].push(value);
  } else {
    o[name] = [o[name], value];
  }
}
function xml2Json(text) {
  try {
    return parseXml(text);
  } catch (e) {
    return undefined;
  }
}
