// @ts-check
// Sandbox: Value encoding between sandbox and host, and error reporting. Part of the QuickJS prelude (see README.md).

function enc(v) {
  if (typeof v === 'string') {
    return 's' + v;
  }
  if (v === undefined) {
    return 'u';
  }
  var j;
  try {
    j = JSONstringify(v);
  } catch (e) {
    j = undefined;
  }
  return j === undefined ? 's' + String(v) : 'j' + j;
}
function dec(s) {
  if (typeof s !== 'string') {
    return undefined;
  }
  var t = s.charAt(0);
  if (t === 's') {
    return s.slice(1);
  }
  if (t === 'j') {
    return JSONparse(s.slice(1));
  }
  return undefined;
}
function errMessage(e) {
  if (e && typeof e === 'object' && e.message !== undefined) {
    return String(e.message);
  }
  return String(e);
}
function errText(e) {
  if (e && typeof e === 'object' && e.message !== undefined) {
    var name = e.name ? String(e.name) : 'Error';
    return name + ': ' + String(e.message);
  }
  return String(e);
}
function reportFailure(e) {
  var stack = '';
  try {
    stack = e && typeof e === 'object' && typeof e.stack === 'string' ? e.stack : '';
  } catch (x) {
    stack = '';
  }
  host.fail(errText(e), stack);
}
