// @ts-check
// Sandbox: atob / btoa. Part of the QuickJS prelude (see README.md).

var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function btoa(input) {
  var s = String(input);
  var out = '';
  for (var i = 0; i < s.length; i += 3) {
    var a = s.charCodeAt(i),
      b = s.charCodeAt(i + 1),
      c = s.charCodeAt(i + 2);
    if (a > 255 || b > 255 || c > 255) {
      throw new Error('btoa: the string contains characters outside of the Latin1 range');
    }
    var n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out +=
      B64.charAt((n >> 18) & 63) +
      B64.charAt((n >> 12) & 63) +
      (i + 1 < s.length ? B64.charAt((n >> 6) & 63) : '=') +
      (i + 2 < s.length ? B64.charAt(n & 63) : '=');
  }
  return out;
}
function atob(input) {
  var s = String(input).replace(/[\t\n\f\r ]+/g, '');
  if (s.length % 4 === 0) {
    s = s.replace(/==?$/, '');
  }
  // Lenient like the atob package Postman serves (Buffer's base64 decoder): characters outside the alphabet are
  // skipped, a dangling sixth bit group is dropped.
  s = s.replace(/[^+/0-9A-Za-z]/g, '');
  var out = '',
    bits = 0,
    acc = 0;
  for (var i = 0; i < s.length; i++) {
    acc = (acc << 6) | B64.indexOf(s.charAt(i));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 255);
      acc = acc & ((1 << bits) - 1);
    }
  }
  return out;
}
