// More of the sandbox, member by member: the libraries postman-sandbox bundles (each used, not only required),
// the Buffer and legacy globals, chai-postman's response words, pm.test's return value and index, the cookie
// jar's whole API, and disabled collection variables.
import { type DiffCase, probe, single } from './dsl';

function libraries(): DiffCase[] {
  const a = 'lib';
  return [
    probe(a, 'node-stream-events', [
      'typeof require("stream").Readable',
      'typeof require("stream").PassThrough',
      'new (require("string_decoder").StringDecoder)("utf8").write(Buffer.from([0xc3, 0xa9]))',
      'typeof require("timers").setTimeout',
      'require("punycode").toASCII("bücher.example")',
      'require("os").EOL',
      '(function () { var E = require("events"); var e = new E(); var got = []; e.on("x", function (v) { got.push(v); }); e.emit("x", 1); e.emit("x", 2); return got; })()',
    ]),
    probe(a, 'node-util-path-url', [
      'require("util").inspect({ a: [1, { b: 2 }] })',
      'require("util").isDeep === undefined',
      'require("util").inherits.length',
      'require("path").join("/a/b", "../c", "d.txt")',
      'require("path").extname("x/y.json")',
      'require("url").resolve("http://a.b/c/d", "../e")',
      'require("querystring").parse("a=1&b=x%20y&a=2")',
    ]),
    probe(a, 'node-assert', [
      'require("assert").strictEqual(1, 1)',
      'require("assert").deepStrictEqual({ a: [1] }, { a: [2] })',
      'require("assert")(false, "boom")',
      '(function () { try { require("assert").equal(1, 2); } catch (e) { return [e.name, e.code]; } })()',
    ]),
    probe(a, 'buffer', [
      'Buffer.from("hello").toString("base64")',
      'Buffer.from("aGk=", "base64").toString()',
      'Buffer.from("hi").toString("hex")',
      'Buffer.byteLength("é")',
      'Buffer.isBuffer(Buffer.alloc(2))',
      'Buffer.concat([Buffer.from("a"), Buffer.from("b")]).toString()',
      'require("buffer").Buffer === Buffer',
    ]),
    probe(
      a,
      'cheerio-api',
      [
        'require("cheerio").load(responseBody)("li").map(function (i, el) { return require("cheerio")(el).text(); }).get()',
        'require("cheerio").load(responseBody)("h1").attr("id")',
        'require("cheerio").load("<div><p>a</p><p>b</p></div>")("p").last().text()',
        'require("cheerio").load("<ul><li class=x>1</li></ul>")(".x").hasClass("x")',
        'require("cheerio").load("<a href=\\"/x\\">l</a>")("a").attr("href")',
        'require("cheerio").load("<p>x</p>").html()',
      ],
      { req: { url: '{{baseUrl}}/html' } },
    ),
    single(a, 'xml2js-builder-errors', [
      {
        name: 'builder',
        url: '{{baseUrl}}/xml',
        test: `var x = require('xml2js');
console.log(new x.Builder({ headless: true }).buildObject({ root: { a: ['1', '2'], $: { id: 'r' } } }));
x.parseString('<a><b>1</a>', function (err, r) { console.log('bad', err ? 'error' : 'none', JSON.stringify(r)); });
x.parseString('<a x="1"><b>t</b></a>', { mergeAttrs: true, explicitArray: false }, function (err, r) { console.log(JSON.stringify(r)); });
x.parseString(responseBody, { explicitRoot: false }, function (err, r) { console.log(Object.keys(r).join(',')); });`,
      },
    ]),
    probe(a, 'backbone', [
      'typeof require("backbone").Model',
      'new (require("backbone").Model)({ a: 1 }).get("a")',
      'new (require("backbone").Collection)([{ id: 1 }, { id: 2 }]).length',
    ]),
    probe(a, 'postman-collection-sdk', [
      'new (require("postman-collection").Request)({ url: "http://a.b/c?d=1", method: "POST" }).method',
      'new (require("postman-collection").Url)("http://u:p@a.b:81/c/d?e=1#f").getHost()',
      'new (require("postman-collection").Url)("http://a.b:81/c/d?e=1#f").getPathWithQuery()',
      'new (require("postman-collection").HeaderList)(null, [{ key: "A", value: "1" }]).get("a")',
      'require("postman-collection").Response.isResponse(pm.response)',
      'new (require("postman-collection").VariableScope)({ values: [{ key: "k", value: "v" }] }).replaceIn("{{k}}!")',
    ]),
  ];
}

function legacyGlobals(): DiffCase[] {
  const a = 'legacy';
  return [
    probe(a, 'cheerio-backbone-globals', [
      'cheerio.load("<b>t</b>")("b").text()',
      'typeof Backbone.Model',
      'typeof Backbone.Events.on',
    ]),
    probe(
      a,
      'xml2json-shapes',
      [
        'xml2Json(responseBody)',
        'xml2Json("<a><b>1</b><b>2</b><c x=\\"y\\">t</c></a>")',
        'xml2Json("<a>  spaced  </a>")',
        'xml2Json("<a><![CDATA[<raw>]]></a>")',
        'xml2Json("<a>&lt;&amp;&#65;</a>")',
        'xml2Json("not xml")',
        'xml2Json("<a><b></a>")',
        'xml2Json("")',
      ],
      { req: { url: '{{baseUrl}}/xml' } },
    ),
  ];
}

function chaiPostman(): DiffCase[] {
  const a = 'pm';
  return [
    probe(a, 'response-words', [
      '(pm.response.to.have.statusCode(200), "ok")',
      'pm.response.to.have.statusCode(201)',
      '(pm.response.to.have.statusReason("OK"), "ok")',
      'pm.response.to.have.statusReason("Created")',
      '(pm.response.to.have.statusCodeClass(2), "ok")',
      'pm.response.to.have.statusCodeClass(4)',
      '(pm.response.to.be.postmanResponse, "ok")',
      'pm.expect({}).to.be.postmanResponse',
      '(pm.expect(pm.request).to.be.postmanRequest, "ok")',
      '(pm.expect(pm.request).to.be.postmanRequestOrResponse, "ok")',
      '(pm.response.to.have.responseTime.below(100000), "ok")',
      '(pm.response.to.have.responseTime.above(-1), "ok")',
      '(pm.response.to.have.responseTime(), "ok")',
      '(pm.response.to.have.responseSize.above(0), "ok")',
      '(pm.response.to.not.have.statusCode(500), "ok")',
    ]),
  ];
}

function pmTestMembers(): DiffCase[] {
  const a = 'pmtest';
  const t = (name: string, test: string) => single(a, name, [{ name, url: '{{baseUrl}}/echo/t', test }]);
  return [
    t(
      'index-counts',
      `console.log(pm.test.index());
pm.test('one', function () {});
pm.test.skip('skipped');
pm.test('two', function () { throw new Error('no'); });
console.log(pm.test.index());`,
    ),
    t(
      'returns-pm',
      `var r = pm.test('chained', function () {});
console.log(r === pm, typeof r.test);
pm.test('a', function () {}).test('b', function () {});`,
    ),
  ];
}

function cookieJar(): DiffCase[] {
  const a = 'cookie';
  return [
    single(a, 'jar-getall-unset-clear', [
      { name: 'seed', url: '{{baseUrl}}/cookies/set?a=1&b=2&c=3' },
      {
        name: 'jar',
        url: '{{baseUrl}}/cookies',
        test: `var jar = pm.cookies.jar(); var u = pm.request.url.toString();
jar.getAll(u, function (err, list) { console.log('all', JSON.stringify(err), list.count(), JSON.stringify(list.toObject())); });
jar.unset(u, 'a', function (err) { console.log('unset', JSON.stringify(err)); });
jar.get(u, 'a', function (err, v) { console.log('after unset', JSON.stringify(v)); });
jar.set(u, { name: 'd', value: '4', path: '/' }, function (err, c) { console.log('set object', JSON.stringify(err), c.name, c.value); });
jar.set(u, 'e=5; Path=/', function (err, c) { console.log('set string', JSON.stringify(err), c.name, c.value); });`,
      },
      { name: 'sees', url: '{{baseUrl}}/cookies', test: `console.log(pm.response.json().cookie);` },
      {
        name: 'clear',
        url: '{{baseUrl}}/cookies',
        test: `pm.cookies.jar().clear(pm.request.url.toString(), function (err) { console.log('clear', JSON.stringify(err)); });`,
      },
      {
        name: 'empty',
        url: '{{baseUrl}}/cookies',
        test: `console.log(JSON.stringify(pm.response.json().cookie));`,
      },
    ]),
    single(a, 'jar-argument-errors', [
      {
        name: 'bad',
        url: '{{baseUrl}}/cookies',
        test: `var jar = pm.cookies.jar();
show('get without callback', function () { return jar.get(pm.request.url.toString(), 'x'); });
show('get without url', function () { return jar.get('', 'x', function () {}); });
show('get with number name', function () { return jar.get(pm.request.url.toString(), 1, function () {}); });
show('set without cookie', function () { return jar.set(pm.request.url.toString(), 1); });
show('unset without name', function () { return jar.unset(pm.request.url.toString()); });`,
      },
    ]),
  ];
}

function disabledVariables(): DiffCase[] {
  const a = 'vars';
  return [
    probe(
      a,
      'disabled-collection-var-ops',
      [
        'pm.collectionVariables.has("c")',
        'pm.variables.get("c")',
        '(pm.collectionVariables.set("c", "now"), pm.collectionVariables.get("c"))',
        'pm.collectionVariables.toObject()',
        '(pm.collectionVariables.unset("d"), pm.collectionVariables.toObject())',
      ],
      {
        rest: {
          extra: {
            variable: [
              { key: 'c', value: 'x', disabled: true },
              { key: 'd', value: 'y' },
              { key: 'e', value: 'z', disabled: true },
            ],
          },
        },
      },
    ),
  ];
}

/** The cases of this file, in the generator's areas. */
export function sandboxCases(): DiffCase[] {
  return [
    ...libraries(),
    ...legacyGlobals(),
    ...chaiPostman(),
    ...pmTestMembers(),
    ...cookieJar(),
    ...disabledVariables(),
  ];
}
