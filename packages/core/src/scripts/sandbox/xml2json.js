// @ts-check
// Sandbox: the legacy xml2Json global, as postman-sandbox defines it: xml2js's parseString with Postman's options;
// with `async: false` the callback runs before parseString returns. Invalid XML gives undefined.
// Part of the QuickJS prelude (see README.md).

var XML2JSON_OPTIONS = { explicitArray: false, async: false, trim: true, mergeAttrs: false };

function xml2Json(text) {
  var out = {};
  loadModule('xml2js').parseString(text, XML2JSON_OPTIONS, function (_err, result) {
    out = result;
  });
  return out;
}
