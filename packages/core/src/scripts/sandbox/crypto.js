// @ts-check
// Sandbox: crypto.getRandomValues for uuid and crypto-js. Part of the QuickJS prelude (see README.md).

var sandboxCrypto = freeze({
  getRandomValues: function (arr) {
    if (!arr || typeof arr.byteLength !== 'number') {
      throw new TypeError('getRandomValues expects a typed array');
    }
    if (arr.byteLength > 65536) {
      throw new Error('getRandomValues: at most 65536 bytes');
    }
    var u8 = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    var s = host.random(u8.length);
    for (var i = 0; i < u8.length; i++) {
      u8[i] = s.charCodeAt(i) & 255;
    }
    return arr;
  },
});
