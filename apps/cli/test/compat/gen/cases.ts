// The generated collections of the differential suite, grouped by area. `{{baseUrl}}` is the well-behaved loopback
// server, `{{oddUrl}}` the raw one (see servers.ts). `fixtures` is a folder holding the files bodies upload.

import { sandboxCases } from './cases-sandbox';
import { type DiffCase, env, probe, type Req, single } from './dsl';

const JSON_HEADER = [{ key: 'Content-Type', value: 'application/json' }];
const echo = (path = 'x') => `{{baseUrl}}/echo/${path}`;

function pmApi(): DiffCase[] {
  const a = 'pm';
  const postJson: Partial<Req> = {
    method: 'POST',
    url: '{{baseUrl}}/echo/probe?a=1&b=two&c={{qv}}',
    header: [...JSON_HEADER, { key: 'X-Case', value: 'MiXeD' }, { key: 'X-Var', value: '{{hv}}' }],
    body: { mode: 'raw', raw: '{"k":"{{bv}}","n":1}', options: { raw: { language: 'json' } } },
  };
  const vars = { rest: { environment: env({ qv: 'Q1', hv: 'H1', bv: 'B1' }) } };
  return [
    probe(a, 'info', [
      'pm.info.requestName',
      'typeof pm.info.requestId',
      'pm.info.iteration',
      'pm.info.iterationCount',
      'pm.info.eventName',
    ]),
    probe(a, 'info-pre', ['pm.info.requestName', 'pm.info.eventName', 'pm.info.iteration'], { phase: 'pre' }),
    probe(a, 'response-basics', [
      'pm.response.code',
      'pm.response.status',
      'typeof pm.response.responseTime',
      'typeof pm.response.responseSize',
      'pm.response.json().method',
      'pm.response.json().path',
      'pm.response.text().length > 10',
      'pm.response.headers.get("content-type")',
      'pm.response.headers.get("Content-Type")',
      'pm.response.headers.has("content-type")',
      'pm.response.headers.has("x-missing")',
      'pm.response.headers.get("x-missing")',
      'pm.response.headers.count() > 0',
      'pm.response.reason()',
      'pm.response.dataURI === undefined',
    ]),
    probe(a, 'response-to', [
      'pm.response.to.have.status(200) === undefined',
      'pm.response.to.be.ok === undefined',
      'pm.response.to.have.header("Content-Type") === undefined',
      'pm.response.to.be.json === undefined',
      'pm.response.to.have.jsonBody("method") === undefined',
      'pm.response.to.have.jsonBody("method", "GET") === undefined',
      'pm.response.to.not.have.status(404) === undefined',
      'pm.response.to.be.success === undefined',
      'pm.response.to.have.body() === undefined',
      'pm.response.to.be.withBody === undefined',
      'pm.response.to.have.status("OK") === undefined',
      'pm.response.to.have.status(201)',
      'pm.response.to.be.clientError',
      'pm.response.to.have.header("X-Nope")',
      'pm.response.to.have.jsonBody("nope")',
    ]),
    probe(
      a,
      'response-status-classes',
      [
        'pm.response.to.be.info',
        'pm.response.to.be.redirection',
        'pm.response.to.be.serverError',
        'pm.response.to.be.error',
        'pm.response.to.be.notFound',
        'pm.response.to.be.badRequest',
        'pm.response.to.be.created',
        'pm.response.to.be.accepted',
        'pm.response.to.be.unauthorized',
        'pm.response.to.be.forbidden',
        'pm.response.to.be.rateLimited',
      ].map((e) => `(${e}, "ok")`),
      { req: { url: '{{baseUrl}}/status/404' } },
    ),
    probe(a, 'response-schema', [
      'pm.response.to.have.jsonSchema({ type: "object", required: ["method"] }) === undefined',
      'pm.response.to.have.jsonSchema({ type: "array" })',
      'pm.response.to.have.responseTime.below(100000) === undefined',
    ]),
    probe(
      a,
      'request-test-phase',
      [
        'pm.request.method',
        'pm.request.url.toString()',
        'pm.request.url.getHost()',
        'pm.request.url.getPath()',
        'pm.request.url.getQueryString()',
        'pm.request.url.query.get("c")',
        'pm.request.url.query.count()',
        'pm.request.url.query.toObject()',
        'pm.request.headers.get("X-Var")',
        'pm.request.headers.get("x-case")',
        'pm.request.headers.get("X-CASE")',
        'pm.request.headers.has("x-case")',
        'pm.request.headers.has("X-Case")',
        'pm.request.body.mode',
        'pm.request.body.raw',
        'pm.request.body.toString()',
        'pm.request.url.protocol',
        'pm.request.url.port',
        'pm.request.url.path',
      ],
      { req: postJson, ...vars },
    ),
    probe(
      a,
      'request-pre-phase',
      [
        'pm.request.method',
        'pm.request.url.toString()',
        'pm.request.headers.get("X-Var")',
        'pm.request.headers.get("x-case")',
        'pm.request.body.raw',
        'pm.request.url.query.get("c")',
      ],
      { phase: 'pre', req: postJson, ...vars },
    ),
    probe(
      a,
      'request-headers-api',
      [
        'pm.request.headers.toObject()',
        'pm.request.headers.count()',
        'pm.request.headers.indexOf("X-Case")',
        'pm.request.headers.one("X-Case") && pm.request.headers.one("X-Case").value',
        'pm.request.headers.one("x-case") && pm.request.headers.one("x-case").value',
        'pm.request.headers.all().length',
        'pm.request.headers.map(function (h) { return h.key; })',
        'pm.request.headers.filter(function (h) { return h.key === "X-Case"; }).length',
        'pm.request.headers.find(function (h) { return h.key === "X-Case"; }).value',
        'pm.request.headers.toString()',
        'pm.request.getHeaders()',
        'pm.request.getHeaders({ ignoreCase: true })',
      ],
      { phase: 'pre', req: postJson, ...vars },
    ),
    probe(a, 'response-headers-api', [
      'pm.response.headers.toObject()["content-type"]',
      'pm.response.headers.all().map(function (h) { return h.key.toLowerCase(); }).sort().join(",")',
      'pm.response.headers.one("Content-Type").value',
      'pm.response.headers.get("CONTENT-TYPE")',
    ]),
    probe(
      a,
      'variables-api',
      [
        'pm.variables.get("qv")',
        'pm.variables.has("qv")',
        'pm.variables.has("none")',
        'pm.variables.replaceIn("a {{qv}} b {{none}}")',
        '(pm.variables.set("local", "L"), pm.variables.get("local"))',
        'pm.variables.toObject().qv',
        'pm.environment.name',
        'pm.environment.get("qv")',
        'pm.environment.has("qv")',
        'pm.environment.toObject()',
        'pm.environment.replaceIn("{{qv}}-{{hv}}")',
        '(pm.environment.set("n", 5), pm.environment.get("n"))',
        '(pm.environment.set("o", { a: 1 }), pm.environment.get("o"))',
        '(pm.environment.unset("n"), pm.environment.get("n"))',
        '(pm.globals.set("g", true), pm.globals.get("g"))',
        'pm.globals.toObject()',
        '(pm.collectionVariables.set("cv", "C"), pm.collectionVariables.get("cv"))',
        'pm.collectionVariables.toObject()',
        '(pm.globals.clear(), pm.globals.toObject())',
      ],
      vars,
    ),
    probe(
      a,
      'iteration-data-api',
      [
        'pm.iterationData.get("x")',
        'pm.iterationData.has("x")',
        'pm.iterationData.toObject()',
        'pm.iterationData.toJSON ? typeof pm.iterationData.toJSON : "none"',
        'pm.iterationData.unset ? "has-unset" : "no-unset"',
      ],
      { rest: { data: { ext: 'json', text: JSON.stringify([{ x: 1 }, { x: 'two' }]) } } },
    ),
    probe(
      a,
      'cookies-api',
      [
        'pm.cookies.has("a")',
        'pm.cookies.get("a")',
        'pm.cookies.toObject()',
        'pm.cookies.count()',
        'typeof pm.cookies.jar',
      ],
      { req: { url: '{{baseUrl}}/cookies/set?a=1&b=2' } },
    ),
    probe(a, 'expect-chains', [
      'pm.expect(1).to.equal(1) && "ok"',
      'pm.expect({ a: 1 }).to.eql({ a: 1 }) && "ok"',
      'pm.expect([1, 2]).to.include(2) && "ok"',
      'pm.expect("abc").to.match(/b/) && "ok"',
      'pm.expect(null).to.be.null && "ok"',
      'pm.expect(undefined).to.be.undefined && "ok"',
      'pm.expect(5).to.be.within(1, 10) && "ok"',
      'pm.expect({ a: { b: 1 } }).to.have.nested.property("a.b", 1) && "ok"',
      'pm.expect([1, 2, 3]).to.have.members([3, 2, 1]) && "ok"',
      'pm.expect("x").to.be.oneOf(["x", "y"]) && "ok"',
      'pm.expect(1).to.equal(2)',
      'pm.expect([]).to.not.be.empty',
      'pm.expect({}).to.have.keys(["a"])',
      'pm.expect(2, "custom message").to.equal(3)',
      'pm.expect(NaN).to.be.NaN && "ok"',
      'pm.expect(function () { throw new TypeError("x"); }).to.throw(TypeError) && "ok"',
    ]),
    probe(
      a,
      'execution-api',
      [
        'typeof pm.execution.setNextRequest',
        'typeof pm.execution.skipRequest',
        'pm.execution.location',
        'pm.execution.location.current',
      ],
      { req: { url: echo('exec') } },
    ),
    probe(a, 'execution-location-pre', ['pm.execution.location', 'pm.execution.location.current'], {
      phase: 'pre',
    }),
    probe(
      a,
      'request-mutators',
      [
        '(pm.request.headers.add({ key: "X-Added", value: "{{qv}}" }), pm.request.headers.get("X-Added"))',
        '(pm.request.headers.upsert({ key: "X-Case", value: "up" }), pm.request.headers.get("X-Case"))',
        '(pm.request.headers.remove("X-Var"), pm.request.headers.has("X-Var"))',
        '(pm.request.url.query.add({ key: "d", value: "{{qv}}" }), pm.request.url.getQueryString())',
        '(pm.request.addHeader({ key: "X-Legacy", value: "1" }), pm.request.headers.get("X-Legacy"))',
        '(pm.request.removeHeader("X-Legacy"), pm.request.headers.has("X-Legacy"))',
      ],
      { phase: 'pre', req: postJson, ...vars },
    ),
    probe(a, 'require-unknown', ['require("fs")', 'require("nope-module")', 'typeof require']),
    probe(a, 'sandbox-globals', [
      'typeof _',
      'typeof CryptoJS',
      'typeof atob',
      'typeof btoa',
      'typeof tv4',
      'typeof cheerio',
      'typeof xml2Json',
      'typeof postman',
      'typeof Buffer',
      'typeof setTimeout',
      'typeof JSON',
      'typeof console.warn',
      'typeof globals',
      'typeof environment',
      'typeof data',
      'typeof iteration',
      'typeof request',
    ]),
    probe(a, 'visualizer', [
      'typeof pm.visualizer.set',
      'pm.visualizer.set("<b>{{x}}</b>", { x: 1 }) === undefined',
      'typeof pm.getData',
    ]),
    probe(a, 'require-pm-api', ['typeof pm.require', 'typeof pm.vault', 'typeof pm.message']),
  ];
}

function legacy(): DiffCase[] {
  const a = 'legacy';
  return [
    probe(a, 'response-globals', [
      'responseCode.code',
      'responseCode.name',
      'typeof responseBody',
      'JSON.parse(responseBody).method',
      'responseHeaders["Content-Type"]',
      'typeof responseTime',
      'postman.getResponseHeader("Content-Type")',
      'postman.getResponseHeader("content-type")',
      'typeof responseCookies',
      'iteration',
    ]),
    probe(
      a,
      'request-global',
      [
        'request.method',
        'request.url',
        'request.headers["X-A"]',
        'request.headers["x-a"]',
        'request.data',
        'request.name',
      ],
      { req: { header: [{ key: 'X-A', value: 'va' }], method: 'POST', body: { mode: 'raw', raw: 'hello' } } },
    ),
    probe(a, 'request-global-form', ['request.data', 'request.method'], {
      req: {
        method: 'POST',
        body: {
          mode: 'urlencoded',
          urlencoded: [
            { key: 'f', value: '1' },
            { key: 'g', value: 'x' },
          ],
        },
      },
    }),
    probe(
      a,
      'postman-vars',
      [
        '(postman.setEnvironmentVariable("e", "1"), environment.e)',
        '(postman.setGlobalVariable("g", "2"), globals.g)',
        'postman.getEnvironmentVariable("e")',
        'postman.getGlobalVariable("g")',
        '(postman.clearEnvironmentVariable("e"), environment.e)',
        '(postman.clearGlobalVariable("g"), globals.g)',
        '(postman.setEnvironmentVariable("n", 3), environment.n)',
        '(postman.clearEnvironmentVariables(), Object.keys(environment).length)',
        '(postman.clearGlobalVariables(), Object.keys(globals).length)',
      ],
      { rest: { environment: env({ pre: 'x' }) } },
    ),
    single(a, 'tests-object', [
      {
        name: 'tests',
        url: echo(),
        test: `tests['pass'] = true;
tests['fail'] = false;
tests['truthy number'] = 1;
tests['zero'] = 0;
tests['string'] = 'x';
tests['empty string'] = '';
tests['undefined'] = undefined;
tests['pass'] = false;`,
      },
    ]),
    probe(
      a,
      'xml2json',
      [
        'xml2Json(responseBody)',
        'xml2Json("<a><b>1</b><b>2</b></a>")',
        'xml2Json("<a x=\\"1\\">t</a>")',
        'xml2Json("not xml")',
      ],
      { req: { url: '{{baseUrl}}/xml' } },
    ),
    probe(a, 'data-global', ['data', 'data.k', 'typeof data.n'], {
      rest: { data: { ext: 'json', text: JSON.stringify([{ k: 'v', n: 2 }]) } },
    }),
    probe(a, 'set-next-request-legacy', ['typeof postman.setNextRequest']),
    probe(
      a,
      'legacy-pre',
      [
        'request.url',
        'typeof responseBody',
        'typeof tests',
        '(postman.setEnvironmentVariable("fromPre", "p"), environment.fromPre)',
      ],
      { phase: 'pre' },
    ),
    probe(a, 'underscore-lodash', [
      '_.map([1, 2], function (x) { return x * 2; })',
      'typeof _.chunk',
      'typeof _.VERSION',
    ]),
    probe(a, 'cryptojs-global', ['CryptoJS.MD5("a").toString()', 'CryptoJS.SHA256("a").toString()']),
    probe(a, 'tv4-global', [
      'tv4.validate({ a: 1 }, { type: "object" })',
      'tv4.validate(1, { type: "string" })',
    ]),
  ];
}

function libraries(): DiffCase[] {
  const a = 'lib';
  return [
    probe(a, 'lodash', [
      'require("lodash").chunk([1, 2, 3], 2)',
      'require("lodash").get({ a: { b: [5] } }, "a.b[0]")',
      'require("lodash").uniq([1, 1, 2])',
      'require("lodash").isEqual({ a: 1 }, { a: 1 })',
    ]),
    probe(a, 'crypto-js', [
      'require("crypto-js").HmacSHA256("m", "k").toString()',
      'require("crypto-js").enc.Base64.stringify(require("crypto-js").enc.Utf8.parse("hi"))',
      'require("crypto-js").SHA1("x").toString()',
      'require("crypto-js").AES.decrypt(require("crypto-js").AES.encrypt("p", "k"), "k").toString(require("crypto-js").enc.Utf8)',
    ]),
    probe(a, 'moment', [
      'require("moment")("2020-01-02T03:04:05Z").utc().format("YYYY-MM-DD HH:mm")',
      'require("moment").utc("2020-01-01").add(1, "day").toISOString()',
      'typeof require("moment")().valueOf()',
    ]),
    probe(a, 'uuid', [
      'require("uuid").v4().length',
      'typeof require("uuid").v1',
      '/^[0-9a-f-]{36}$/.test(require("uuid").v4())',
      'typeof require("uuid")',
    ]),
    probe(a, 'ajv', [
      'new (require("ajv"))().validate({ type: "object", required: ["a"] }, { a: 1 })',
      'new (require("ajv"))().validate({ type: "object", required: ["a"] }, {})',
      'new (require("ajv"))({ allErrors: true }).compile({ type: "string" })(1)',
    ]),
    probe(a, 'tv4', [
      'require("tv4").validate({ a: 1 }, { type: "object", required: ["a"] })',
      'require("tv4").validate({}, { type: "object", required: ["a"] })',
      'require("tv4").validateResult(1, { type: "string" }).valid',
    ]),
    probe(a, 'chai', [
      'typeof require("chai").expect',
      'require("chai").expect(1).to.equal(1) && "ok"',
      'require("chai").assert.equal(1, 1)',
      'require("chai").expect(1).to.equal(2)',
    ]),
    probe(
      a,
      'cheerio',
      [
        'require("cheerio").load(responseBody)("h1").text()',
        'require("cheerio").load(responseBody)("li").length',
        'cheerio.load("<p class=\\"a\\">x</p>")(".a").text()',
      ],
      { req: { url: '{{baseUrl}}/html' } },
    ),
    probe(a, 'csv-parse', [
      'require("csv-parse/lib/sync")("a,b\\n1,2")',
      'require("csv-parse/lib/sync")("a,b\\n1,2", { columns: true })',
      'typeof require("csv-parse/sync")',
    ]),
    single(a, 'xml2js', [
      {
        name: 'xml2js',
        url: '{{baseUrl}}/xml',
        test: `var x = require('xml2js');
x.parseString(responseBody, function (err, r) { console.log('parsed', JSON.stringify(err), JSON.stringify(r)); });
x.parseString('<a>1</a>', { explicitArray: false }, function (err, r) { console.log('simple', JSON.stringify(r)); });
console.log('builder', typeof x.Builder);`,
      },
    ]),
    probe(a, 'atob-btoa', [
      'btoa("hello")',
      'atob("aGVsbG8=")',
      'require("atob")("aGk=")',
      'require("btoa")("hi")',
      'btoa("é")',
      'atob("!!")',
    ]),
    probe(a, 'buffer-util', [
      'typeof require("buffer")',
      'typeof require("util")',
      'require("util").format("%s-%d", "a", 1)',
      'require("url").parse("http://a.b/c?d=1").pathname',
      'require("querystring").stringify({ a: 1, b: "x y" })',
      'typeof require("events")',
      'typeof require("assert")',
      'typeof require("path")',
    ]),
    probe(a, 'postman-collection', [
      'typeof require("postman-collection").Url',
      'new (require("postman-collection").Url)("http://a.b/c?d=1").getQueryString()',
      'typeof require("backbone")',
    ]),
    probe(a, 'require-cached', [
      'require("lodash") === require("lodash")',
      'require("uuid") === require("uuid")',
    ]),
  ];
}

function variables(): DiffCase[] {
  const a = 'vars';
  return [
    probe(
      a,
      'disabled-env',
      [
        'pm.environment.get("on")',
        'pm.environment.get("off")',
        'pm.environment.has("off")',
        'pm.variables.get("off")',
        'pm.environment.toObject()',
        'pm.variables.replaceIn("{{off}}")',
        'pm.response.json().query.v',
      ],
      {
        req: { url: '{{baseUrl}}/echo/dis?v={{off}}' },
        rest: {
          environment: env([
            { key: 'on', value: '1' },
            { key: 'off', value: 'hidden', enabled: false },
          ]),
        },
      },
    ),
    probe(a, 'disabled-globals', ['pm.globals.get("g")', 'pm.globals.toObject()', 'pm.variables.get("g")'], {
      rest: { globals: env([{ key: 'g', value: 'x', enabled: false }], 'globals') },
    }),
    probe(
      a,
      'disabled-collection-var',
      ['pm.collectionVariables.get("c")', 'pm.collectionVariables.toObject()'],
      {
        rest: {
          extra: {
            variable: [
              { key: 'c', value: 'x', disabled: true },
              { key: 'd', value: 'y' },
            ],
          },
        },
      },
    ),
    probe(
      a,
      'precedence',
      [
        'pm.variables.get("v")',
        'pm.environment.get("v")',
        'pm.globals.get("v")',
        'pm.collectionVariables.get("v")',
        'pm.response.json().query.v',
      ],
      {
        req: { url: '{{baseUrl}}/echo/p?v={{v}}' },
        rest: {
          environment: env({ v: 'env' }),
          globals: env({ v: 'glob' }, 'globals'),
          extra: { variable: [{ key: 'v', value: 'coll' }] },
        },
      },
    ),
    probe(a, 'precedence-data', ['pm.variables.get("v")', 'pm.response.json().query.v'], {
      req: { url: '{{baseUrl}}/echo/p?v={{v}}' },
      rest: { environment: env({ v: 'env' }), data: { ext: 'json', text: '[{"v":"data"}]' } },
    }),
    probe(a, 'nested-resolution', ['pm.response.json().query.a', 'pm.variables.replaceIn("{{outer}}")'], {
      req: { url: '{{baseUrl}}/echo/n?a={{outer}}' },
      rest: { environment: env({ outer: 'x-{{inner}}', inner: 'y' }) },
    }),
    probe(a, 'unresolved', ['pm.response.json().query.a', 'pm.response.json().path'], {
      req: { url: '{{baseUrl}}/echo/{{nope}}?a={{missing}}' },
    }),
    probe(
      a,
      'dynamic',
      [
        'pm.response.json().query.g.length',
        'typeof pm.response.json().query.t',
        'pm.variables.replaceIn("{{$randomInt}}").length > 0',
        'pm.variables.replaceIn("{{$guid}}").length',
      ],
      { req: { url: '{{baseUrl}}/echo/d?g={{$guid}}&t={{$timestamp}}' } },
    ),
    single(a, 'set-in-pre-used-in-url', [
      {
        name: 'set',
        url: '{{baseUrl}}/echo/{{seg}}?q={{qq}}',
        header: [{ key: 'X-H', value: '{{hh}}' }],
        pre: `pm.variables.set('seg', 'S'); pm.environment.set('qq', 'E'); pm.globals.set('hh', 'G');`,
        test: `var j = pm.response.json(); console.log(j.path, JSON.stringify(j.query), j.headers['x-h']);`,
      },
      {
        name: 'next sees env, not local',
        url: '{{baseUrl}}/echo/{{seg}}?q={{qq}}',
        test: `var j = pm.response.json(); console.log(j.path, JSON.stringify(j.query));`,
      },
    ]),
    single(a, 'scopes-across-requests', [
      { name: 'one', url: echo(), test: `pm.collectionVariables.set('c', 1); pm.variables.set('l', 2);` },
      {
        name: 'two',
        url: '{{baseUrl}}/echo/t?c={{c}}&l={{l}}',
        test: `console.log(JSON.stringify(pm.response.json().query), String(pm.variables.get('l')));`,
      },
    ]),
    probe(a, 'types-preserved', [
      '(pm.environment.set("num", 1), typeof pm.environment.get("num"))',
      '(pm.environment.set("arr", [1]), pm.environment.get("arr"))',
      '(pm.globals.set("nul", null), pm.globals.get("nul"))',
      '(pm.collectionVariables.set("b", false), pm.collectionVariables.get("b"))',
    ]),
    probe(a, 'env-file-types', ['pm.environment.get("n")', 'typeof pm.environment.get("n")'], {
      rest: {
        environment: { name: 'e', values: [{ key: 'n', value: 3, type: 'default', enabled: true }] },
      },
    }),
  ];
}

function iterationData(): DiffCase[] {
  const a = 'data';
  const show = `console.log(JSON.stringify(pm.iterationData.toObject()));
console.log(JSON.stringify(data));
console.log(typeof pm.iterationData.get('n'), typeof pm.iterationData.get('b'));
console.log(JSON.stringify(pm.response.json().query));`;
  const req = (name = 'row'): Req => ({
    name,
    url: '{{baseUrl}}/echo/data?n={{n}}&s={{s}}&b={{b}}',
    test: show,
  });
  return [
    single(a, 'csv-types', [req()], {
      data: { ext: 'csv', text: 'n,s,b\n1,hello,true\n2.5,"quoted, comma",false\n007,,null\n' },
    }),
    single(a, 'csv-bom-crlf', [req()], { data: { ext: 'csv', text: '\ufeffn,s,b\r\n1,a,b\r\n2,c,d\r\n' } }),
    single(a, 'csv-quotes', [req()], { data: { ext: 'csv', text: 'n,s,b\n"1","a ""q""","x"\n' } }),
    single(a, 'csv-missing-col', [req()], { data: { ext: 'csv', text: 'n,s\n1\n2,x\n' } }),
    single(a, 'json-types', [req()], {
      data: {
        ext: 'json',
        text: JSON.stringify([
          { n: 1, s: 'x', b: true },
          { n: 0, s: null, b: false },
          { n: [1], s: { o: 1 } },
        ]),
      },
    }),
    single(a, 'json-iterations-more-than-rows', [req()], {
      data: { ext: 'json', text: JSON.stringify([{ n: 1 }, { n: 2 }]) },
      iterations: 3,
    }),
    single(a, 'csv-iterations-fewer', [req()], { data: { ext: 'csv', text: 'n\n1\n2\n3\n' }, iterations: 2 }),
    single(a, 'csv-numbers-edge', [req()], {
      data: { ext: 'csv', text: 'n,s,b\n1e3,0x10,-0\n 5 ,+1,.5\n' },
    }),
  ];
}

function bodies(fixtures: string): DiffCase[] {
  const a = 'body';
  // Multipart boundaries are random: shown as BOUNDARY.
  const t = `var j = pm.response.json();
var ct = String(j.headers['content-type']); var bd = (/boundary=(.*)$/.exec(ct) || [])[1];
var norm = function (x) { return bd ? String(x).split(bd).join('BOUNDARY') : String(x); };
console.log(j.method, norm(ct), String(j.headers['content-length']), String(j.headers['transfer-encoding']));
console.log(norm(JSON.stringify(j.body)));
console.log(JSON.stringify(j.parts));
console.log(JSON.stringify(j.form));`;
  const post = (
    name: string,
    body: Record<string, unknown> | undefined,
    method = 'POST',
    header: Req['header'] = [],
  ) =>
    single(a, name, [{ name, method, url: echo(name), body, header, test: t }], {
      environment: env({ fv: 'FV', fname: 'hello.txt' }),
    });
  return [
    post('raw-json', { mode: 'raw', raw: '{"a":"{{fv}}"}', options: { raw: { language: 'json' } } }),
    post('raw-text', { mode: 'raw', raw: 'plain {{fv}}' }),
    post('raw-xml', { mode: 'raw', raw: '<a>{{fv}}</a>', options: { raw: { language: 'xml' } } }),
    post('raw-explicit-ct', { mode: 'raw', raw: 'x' }, 'POST', [{ key: 'Content-Type', value: 'text/csv' }]),
    post('raw-empty', { mode: 'raw', raw: '' }),
    post('urlencoded', {
      mode: 'urlencoded',
      urlencoded: [
        { key: 'a', value: '1' },
        { key: 'b', value: '{{fv}}' },
        { key: 'off', value: 'x', disabled: true },
        { key: 'sp ace', value: 'x&y=z' },
      ],
    }),
    post('formdata-text', {
      mode: 'formdata',
      formdata: [
        { key: 'a', value: '1', type: 'text' },
        { key: 'b', value: '{{fv}}', type: 'text' },
        { key: 'off', value: 'x', type: 'text', disabled: true },
        { key: 'ct', value: '{"j":1}', type: 'text', contentType: 'application/json' },
      ],
    }),
    post('formdata-file', {
      mode: 'formdata',
      formdata: [
        { key: 'f', type: 'file', src: `${fixtures}/hello.txt` },
        { key: 't', value: 'text', type: 'text' },
      ],
    }),
    post('formdata-file-missing', {
      mode: 'formdata',
      formdata: [{ key: 'f', type: 'file', src: `${fixtures}/does-not-exist.txt` }],
    }),
    post('file', { mode: 'file', file: { src: `${fixtures}/hello.txt` } }),
    post('file-json', { mode: 'file', file: { src: `${fixtures}/data.json` } }),
    post('graphql', {
      mode: 'graphql',
      graphql: { query: 'query Q($id: ID) { item(id: $id) { name } }', variables: '{"id":"{{fv}}"}' },
    }),
    post('none', { mode: 'none' }),
    post('get-with-body', { mode: 'raw', raw: 'get body' }, 'GET'),
    post(
      'delete-with-body',
      { mode: 'raw', raw: '{"d":1}', options: { raw: { language: 'json' } } },
      'DELETE',
    ),
    post('head-no-body', undefined, 'POST'),
    post('disabled-body', { mode: 'raw', raw: 'x', disabled: true }),
    post('utf8', { mode: 'raw', raw: 'héllo ✓ {{fv}}' }),
    single(
      a,
      'body-changed-in-pre',
      [
        {
          name: 'changed',
          method: 'POST',
          url: echo('changed'),
          header: JSON_HEADER,
          body: { mode: 'raw', raw: '{"a":1}' },
          pre: `pm.request.body.raw = JSON.stringify({ a: 2, v: '{{fv}}' });`,
          test: t,
        },
        {
          name: 'update',
          method: 'POST',
          url: echo('update'),
          body: { mode: 'raw', raw: 'x' },
          pre: `pm.request.body.update('updated {{fv}}');`,
          test: t,
        },
      ],
      { environment: env({ fv: 'FV' }) },
    ),
  ];
}

function auth(): DiffCase[] {
  const a = 'auth';
  const t = `var j = pm.response.json(); console.log(String(j.headers.authorization), JSON.stringify(j.query), String(j.headers['x-api-key']));
console.log(JSON.stringify(pm.request.headers.get('Authorization')));
console.log(JSON.stringify(pm.request.auth && pm.request.auth.type));`;
  const one = (
    name: string,
    authValue: Record<string, unknown> | undefined,
    extra: Parameters<typeof single>[3] = {},
  ) =>
    single(a, name, [{ name, url: echo(name), ...(authValue ? { auth: authValue } : {}), test: t }], {
      environment: env({ user: 'u1', pass: 'p1', tok: 'T0K' }),
      ...extra,
    });
  return [
    one('basic', {
      type: 'basic',
      basic: [
        { key: 'username', value: '{{user}}' },
        { key: 'password', value: '{{pass}}' },
      ],
    }),
    one('bearer', { type: 'bearer', bearer: [{ key: 'token', value: '{{tok}}' }] }),
    one('apikey-header', {
      type: 'apikey',
      apikey: [
        { key: 'key', value: 'X-Api-Key' },
        { key: 'value', value: '{{tok}}' },
        { key: 'in', value: 'header' },
      ],
    }),
    one('apikey-query', {
      type: 'apikey',
      apikey: [
        { key: 'key', value: 'k' },
        { key: 'value', value: '{{tok}}' },
        { key: 'in', value: 'query' },
      ],
    }),
    one('noauth', { type: 'noauth' }),
    one('inherit-collection', undefined, {
      extra: { auth: { type: 'bearer', bearer: [{ key: 'token', value: 'coll-{{tok}}' }] } },
    }),
    one('oauth2-header', {
      type: 'oauth2',
      oauth2: [
        { key: 'accessToken', value: 'acc' },
        { key: 'addTokenTo', value: 'header' },
        { key: 'headerPrefix', value: 'Bearer' },
      ],
    }),
    single(a, 'folder-inherits', [
      {
        name: 'f',
        auth: {
          type: 'basic',
          basic: [
            { key: 'username', value: 'fu' },
            { key: 'password', value: 'fp' },
          ],
        },
        items: [
          { name: 'inherits', url: echo('i'), test: t },
          { name: 'overrides', url: echo('o'), auth: { type: 'noauth' }, test: t },
        ],
      },
    ]),
    single(a, 'explicit-header-wins', [
      {
        name: 'both',
        url: echo('b'),
        header: [{ key: 'Authorization', value: 'Custom x' }],
        auth: { type: 'bearer', bearer: [{ key: 'token', value: 't' }] },
        test: t,
      },
    ]),
  ];
}

function redirects(): DiffCase[] {
  const a = 'redirect';
  const t = `console.log(pm.response.code, JSON.stringify(pm.response.json().path), JSON.stringify(pm.response.json().method));`;
  const tRaw = `console.log(pm.response.code, JSON.stringify(pm.response.headers.get('Location')));`;
  return [
    single(a, 'follow', [{ name: 'one', url: '{{baseUrl}}/redirect/1', test: t }]),
    single(a, 'chain', [{ name: 'three', url: '{{baseUrl}}/redirect/3', test: t }]),
    single(a, 'post-302', [
      {
        name: 'p',
        method: 'POST',
        url: '{{baseUrl}}/redirect-to?url=/echo/after&status=302',
        body: { mode: 'raw', raw: 'x' },
        test: t,
      },
    ]),
    single(a, 'post-307', [
      {
        name: 'p',
        method: 'POST',
        url: '{{baseUrl}}/redirect-to?url=/echo/after&status=307',
        body: { mode: 'raw', raw: 'x' },
        test: t,
      },
    ]),
    single(a, 'post-303', [
      {
        name: 'p',
        method: 'POST',
        url: '{{baseUrl}}/redirect-to?url=/echo/after&status=303',
        body: { mode: 'raw', raw: 'x' },
        test: t,
      },
    ]),
    single(a, 'not-followed', [
      { name: 'off', url: '{{baseUrl}}/redirect/1', settings: { followRedirects: false }, test: tRaw },
    ]),
    single(a, 'max-redirects', [
      { name: 'max', url: '{{baseUrl}}/redirect/5', settings: { maxRedirects: 2 }, test: t },
    ]),
    single(a, 'to-odd', [
      { name: 'cross', url: '{{baseUrl}}/redirect-to?url={{oddUrl}}/status-text', test: tRaw },
    ]),
  ];
}

function cookies(): DiffCase[] {
  const a = 'cookie';
  return [
    single(a, 'jar-across-requests', [
      {
        name: 'set',
        url: '{{baseUrl}}/cookies/set?s=1&t=2',
        test: `console.log(JSON.stringify(pm.cookies.toObject()));`,
      },
      { name: 'sent back', url: '{{baseUrl}}/cookies', test: `console.log(pm.response.json().cookie);` },
    ]),
    single(a, 'set-on-redirect', [
      {
        name: 'r',
        url: '{{baseUrl}}/cookies/set-redirect?r=1',
        test: `console.log(pm.response.json().cookie, JSON.stringify(pm.cookies.get('r')));`,
      },
    ]),
    single(a, 'jar-api', [
      {
        name: 'jar',
        url: '{{baseUrl}}/cookies/set?j=1',
        test: `var jar = pm.cookies.jar();
jar.get(pm.request.url.toString(), 'j', function (err, v) { console.log('get', JSON.stringify(err), JSON.stringify(v)); });
jar.set(pm.request.url.toString(), 'k', 'v2', function (err) { console.log('set', JSON.stringify(err)); });`,
      },
      { name: 'after', url: '{{baseUrl}}/cookies', test: `console.log(pm.response.json().cookie);` },
    ]),
    single(a, 'explicit-cookie-header', [
      { name: 'set', url: '{{baseUrl}}/cookies/set?a=1' },
      {
        name: 'hdr',
        url: '{{baseUrl}}/cookies',
        header: [{ key: 'Cookie', value: 'mine=1' }],
        test: `console.log(pm.response.json().cookie);`,
      },
    ]),
    single(a, 'dup-set-cookie', [
      {
        name: 'dup',
        url: '{{baseUrl}}/dup-headers',
        test: `console.log(JSON.stringify(pm.cookies.toObject()), pm.response.headers.get('X-Dup'));`,
      },
    ]),
  ];
}

function flow(): DiffCase[] {
  const a = 'flow';
  const log = `console.log('ran ' + pm.info.requestName + ' #' + pm.info.iteration);`;
  const r = (name: string, extra: Partial<Req> = {}): Req => ({ name, url: echo(name), test: log, ...extra });
  return [
    single(a, 'jump-forward', [r('a', { test: `${log}\npostman.setNextRequest('c');` }), r('b'), r('c')]),
    single(
      a,
      'jump-back-loop',
      [
        r('a'),
        r('b', {
          test: `${log}\nvar n = Number(pm.environment.get('n') || 0) + 1; pm.environment.set('n', n); if (n < 3) { pm.execution.setNextRequest('a'); }`,
        }),
        r('c'),
      ],
      { environment: env({}) },
    ),
    single(a, 'stop-null', [r('a', { test: `${log}\npostman.setNextRequest(null);` }), r('b')], {
      iterations: 2,
    }),
    single(a, 'by-id', [
      r('a', { test: `${log}\npm.execution.setNextRequest('id-c');` }),
      r('b'),
      r('c', { id: 'id-c' }),
    ]),
    single(a, 'unknown-name', [r('a', { test: `${log}\npostman.setNextRequest('nope');` }), r('b')]),
    single(a, 'set-in-pre', [r('a', { pre: `postman.setNextRequest('c');` }), r('b'), r('c')]),
    single(a, 'last-wins', [
      r('a', { test: `${log}\npostman.setNextRequest('b'); postman.setNextRequest('c');` }),
      r('b'),
      r('c'),
    ]),
    single(a, 'skip-request', [
      r('a', { pre: `pm.execution.skipRequest(); console.log('after skip');` }),
      r('b'),
    ]),
    single(a, 'skip-in-folder-pre', [
      {
        name: 'f',
        pre: `if (pm.info.requestName === 'x') { pm.execution.skipRequest(); }`,
        items: [r('x'), r('y')],
      },
    ]),
    single(a, 'skip-in-test-phase', [
      r('a', {
        test: `${log}\ntry { pm.execution.skipRequest(); console.log('no throw'); } catch (e) { console.log('threw', e.name); }`,
      }),
      r('b'),
    ]),
    single(a, 'folder-jump', [
      { name: 'f1', items: [r('a', { test: `${log}\npostman.setNextRequest('d');` }), r('b')] },
      { name: 'f2', items: [r('c'), r('d')] },
    ]),
    single(
      a,
      'bail-iterations',
      [
        r('a', {
          test: `pm.test('fails in iteration 1', function () { pm.expect(pm.info.iteration).to.equal(0); });`,
        }),
        r('b'),
      ],
      { iterations: 3, bail: true },
    ),
    single(
      a,
      'bail-script-error',
      [r('a', { pre: `if (pm.info.iteration === 1) { throw new Error('boom'); }` }), r('b')],
      { iterations: 3, bail: true },
    ),
    single(a, 'iterations-3', [r('a'), r('b')], { iterations: 3 }),
    single(a, 'nested-folders', [
      { name: 'outer', items: [{ name: 'inner', items: [r('deep')] }, r('mid')] },
      r('top'),
    ]),
    single(a, 'empty-folder', [{ name: 'empty', items: [] }, r('after')]),
  ];
}

function errors(): DiffCase[] {
  const a = 'error';
  const body = (kind: string) =>
    ({
      throw: `throw new Error('boom');`,
      type: `null.x;`,
      ref: `undefinedThing();`,
      syntax: `var = ;`,
      range: `new Array(-1);`,
      custom: `var e = new Error('c'); e.name = 'MyError'; throw e;`,
      string: `throw 'a string';`,
      object: `throw { message: 'obj' };`,
    })[kind] ?? '';
  const out: DiffCase[] = [];
  for (const kind of ['throw', 'type', 'ref', 'syntax', 'range', 'custom', 'string', 'object']) {
    out.push(
      single(a, `pre-${kind}`, [
        {
          name: 'r',
          url: echo(),
          pre: `console.log('before'); ${body(kind)} console.log('after');`,
          test: `pm.test('test still runs', function () {});`,
        },
        { name: 'next', url: echo() },
      ]),
    );
    out.push(
      single(a, `test-${kind}`, [
        {
          name: 'r',
          url: echo(),
          test: `pm.test('before', function () {}); ${body(kind)} pm.test('after', function () {});`,
        },
      ]),
    );
  }
  out.push(
    single(
      a,
      'collection-pre',
      [
        { name: 'r', url: echo() },
        { name: 's', url: echo() },
      ],
      {
        extra: {
          pre: `if (pm.info.requestName === 'r') { throw new TypeError('coll'); }`,
          test: `pm.test('coll test ' + pm.info.requestName, function () {});`,
        },
      },
    ),
    single(
      a,
      'collection-test',
      [{ name: 'r', url: echo(), test: `pm.test('item test', function () {});` }],
      {
        extra: { test: `throw new RangeError('coll-test');` },
      },
    ),
    single(a, 'folder-pre-and-test', [
      {
        name: 'f',
        pre: `throw new Error('fpre');`,
        test: `throw new Error('ftest');`,
        items: [{ name: 'r', url: echo(), test: `pm.test('runs', function () {});` }],
      },
    ]),
    single(a, 'in-settimeout', [
      {
        name: 'r',
        url: echo(),
        test: `setTimeout(function () { throw new Error('later'); }, 1); pm.test('sync', function () {});`,
      },
    ]),
    single(a, 'in-sendrequest-callback', [
      {
        name: 'r',
        url: echo(),
        test: `pm.sendRequest(pm.environment.get('baseUrl') + '/echo/sr', function (err, res) { console.log('cb', res.code); throw new Error('in cb'); });`,
      },
    ]),
    single(a, 'error-in-both-phases', [
      { name: 'r', url: echo(), pre: `throw new Error('p');`, test: `throw new Error('t');` },
    ]),
    single(a, 'console-levels', [
      {
        name: 'r',
        url: echo(),
        test: `console.log('l', 1); console.info('i'); console.warn('w'); console.error('e'); console.debug('d'); console.log(); console.log('a', 'b');`,
      },
    ]),
  );
  return out;
}

function pmTest(): DiffCase[] {
  const a = 'pmtest';
  const t = (name: string, script: string) =>
    single(a, name, [
      { name, url: echo(name), test: script },
      { name: 'after', url: echo(), test: `pm.test('next item', function () {});` },
    ]);
  return [
    t('no-callback', `pm.test('no callback');`),
    t('non-function', `pm.test('non-function', 42);`),
    t('no-args', `pm.test();`),
    t('empty-name', `pm.test('', function () {});`),
    t('numeric-name', `pm.test(5, function () {});`),
    t('object-name', `pm.test({ a: 1 }, function () {});`),
    t(
      'skip',
      `pm.test.skip('skipped', function () { throw new Error('x'); }); pm.test('ran', function () {});`,
    ),
    t(
      'nested',
      `pm.test('outer', function () { pm.test('inner', function () { pm.expect(1).to.equal(2); }); });`,
    ),
    t(
      'done-callback',
      `pm.test('async done', function (done) { setTimeout(function () { pm.expect(1).to.equal(1); done(); }, 5); });`,
    ),
    t(
      'done-with-error',
      `pm.test('done error', function (done) { setTimeout(function () { done(new Error('via done')); }, 5); });`,
    ),
    t('done-never', `pm.test('done never', function (done) { });`),
    t('returns-promise', `pm.test('promise', function () { return Promise.resolve(1); });`),
    t(
      'throws-non-error',
      `pm.test('throws string', function () { throw 'str'; }); pm.test('throws null', function () { throw null; });`,
    ),
    t('expect-outside', `pm.expect(1).to.equal(2); pm.test('not reached', function () {});`),
    t(
      'same-name-twice',
      `pm.test('dup', function () {}); pm.test('dup', function () { throw new Error('x'); });`,
    ),
    t('index-property', `pm.test('idx', function () {}); console.log(typeof pm.test.index);`),
    t('test-in-pre', `console.log('noop');`),
    single(a, 'in-pre-request', [
      {
        name: 'pre',
        url: echo(),
        pre: `pm.test('in pre', function () {}); pm.test('FAILS in pre', function () { pm.expect(1).to.equal(2); });`,
      },
    ]),
    single(a, 'in-sendrequest-callback', [
      {
        name: 'sr',
        url: echo(),
        test: `pm.sendRequest(pm.variables.get('baseUrl') + '/echo/x', function (err, res) { pm.test('inside callback', function () { pm.expect(res.code).to.equal(200); }); pm.test('FAILS inside callback', function () { pm.expect(res.code).to.equal(500); }); });`,
      },
    ]),
    single(a, 'in-timeout', [
      {
        name: 't',
        url: echo(),
        test: `setTimeout(function () { pm.test('from timer', function () {}); }, 5);`,
      },
    ]),
  ];
}

function sendRequest(): DiffCase[] {
  const a = 'sendreq';
  const t = (name: string, script: string, pre = false) =>
    single(a, name, [{ name, url: echo(name), ...(pre ? { pre: script } : { test: script }) }]);
  return [
    t(
      'string-url',
      `pm.sendRequest(pm.variables.get('baseUrl') + '/echo/s?x=1', function (err, res) { console.log(JSON.stringify(err), res.code, JSON.stringify(res.json().query)); });`,
    ),
    t(
      'object',
      `pm.sendRequest({ url: pm.variables.get('baseUrl') + '/echo/o', method: 'POST', header: { 'X-S': '1' }, body: { mode: 'raw', raw: 'payload' } }, function (err, res) { var j = res.json(); console.log(j.method, j.body, j.headers['x-s']); });`,
    ),
    t(
      'urlencoded',
      `pm.sendRequest({ url: pm.variables.get('baseUrl') + '/echo/u', method: 'POST', body: { mode: 'urlencoded', urlencoded: [{ key: 'a', value: '1' }] } }, function (err, res) { console.log(JSON.stringify(res.json().form)); });`,
    ),
    t(
      'connection-error',
      `pm.sendRequest('http://127.0.0.1:1/x', function (err, res) { console.log(err ? 'err' : 'no err', err && typeof err.message, res === undefined || res === null ? 'no res' : 'res'); });`,
    ),
    t(
      'in-pre',
      `pm.sendRequest(pm.variables.get('baseUrl') + '/echo/p', function (err, res) { pm.environment.set('fromSr', res.json().path); console.log('pre cb'); });`,
      true,
    ),
    t(
      'status-404',
      `pm.sendRequest(pm.variables.get('baseUrl') + '/status/404', function (err, res) { console.log(JSON.stringify(err), res.code, res.status); });`,
    ),
    t(
      'promise-form',
      `var p = pm.sendRequest(pm.variables.get('baseUrl') + '/echo/pr'); console.log(typeof p, p && typeof p.then);`,
    ),
    t(
      'unresolved-var',
      `pm.sendRequest('{{baseUrl}}/echo/v', function (err, res) { console.log(err ? 'err' : res.code); });`,
    ),
  ];
}

function mutations(): DiffCase[] {
  const a = 'mutate';
  const t = `var j = pm.response.json();
console.log(j.method, j.path, JSON.stringify(j.query), JSON.stringify(j.headers['x-added']), JSON.stringify(j.headers['x-keep']), JSON.stringify(j.body));
console.log(pm.request.url.toString(), JSON.stringify(pm.request.headers.get('X-Added')));`;
  const m = (name: string, pre: string, extra: Partial<Req> = {}) =>
    single(
      a,
      name,
      [
        {
          name,
          url: '{{baseUrl}}/echo/m?q={{qv}}',
          header: [{ key: 'X-Keep', value: 'k' }],
          pre,
          test: t,
          ...extra,
        },
      ],
      {
        environment: env({ qv: 'Q', hv: 'H', pv: 'P' }),
      },
    );
  return [
    m('add-header-var', `pm.request.headers.add({ key: 'X-Added', value: '{{hv}}' });`),
    m('add-query-var', `pm.request.url.query.add({ key: 'p', value: '{{pv}}' });`),
    m('add-query-string', `pm.request.url.addQueryParams('z={{pv}}');`),
    m('replace-url', `pm.request.url = pm.variables.get('baseUrl') + '/echo/replaced?r={{pv}}';`),
    m('update-url-string', `pm.request.url.update('{{baseUrl}}/echo/upd');`),
    m('change-method', `pm.request.method = 'PUT';`),
    m('remove-header', `pm.request.headers.remove('X-Keep');`),
    m(
      'header-object-add',
      `pm.request.headers.add({ key: 'X-Added', value: 'plain' }); pm.request.headers.add({ key: 'X-Added', value: 'second' });`,
    ),
    m('upsert-existing', `pm.request.headers.upsert({ key: 'x-keep', value: 'changed' });`),
    m('query-remove', `pm.request.url.query.remove('q');`),
    m('set-body-after-var', `pm.environment.set('qv', 'changed-in-pre');`),
    m('disabled-header', ``, { header: [{ key: 'X-Keep', value: 'k', disabled: true }] }),
    m('path-var', ``, {
      url: {
        raw: '{{baseUrl}}/echo/:id?q={{qv}}',
        host: ['{{baseUrl}}'],
        path: ['echo', ':id'],
        query: [{ key: 'q', value: '{{qv}}' }],
        variable: [{ key: 'id', value: '42' }],
      },
    }),
    m('query-disabled', ``, {
      url: {
        raw: '{{baseUrl}}/echo/qd?a=1',
        host: ['{{baseUrl}}'],
        path: ['echo', 'qd'],
        query: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2', disabled: true },
        ],
      },
    }),
    m('encoded-query', ``, { url: '{{baseUrl}}/echo/enc?a=%20b&c=d%26e&f=g h' }),
  ];
}

function odd(): DiffCase[] {
  const a = 'odd';
  const t = `console.log(pm.response.code, JSON.stringify(pm.response.status), JSON.stringify(pm.response.text()));
console.log(JSON.stringify(pm.response.headers.get('X-Multi')), JSON.stringify(pm.response.headers.get('X-Name')), JSON.stringify(pm.response.headers.get('X-Checksum')));
pm.test('got a response', function () { pm.expect(pm.response.code).to.be.a('number'); });`;
  const routes = [
    '204-length',
    '304-length',
    'head-length',
    'length-short',
    'length-long',
    'dup-length',
    'dup-headers',
    'chunked-trailers',
    'latin1-header',
    'broken-gzip',
    'early-close',
    'partial-headers',
    'no-length-close',
    'status-text',
  ];
  const out = routes.map((r) =>
    single(a, r, [
      { name: r, url: `{{oddUrl}}/${r}`, test: t },
      { name: 'after', url: echo('after'), test: `pm.test('next request fine', function () {});` },
    ]),
  );
  out.push(
    single(a, 'head-with-length', [{ name: 'head', method: 'HEAD', url: '{{oddUrl}}/head-length', test: t }]),
  );
  out.push(single(a, 'head-echo', [{ name: 'head', method: 'HEAD', url: echo('head'), test: t }]));
  out.push(
    single(a, 'gzip-ok', [
      { name: 'gzip', url: '{{baseUrl}}/gzip', header: [{ key: 'Accept-Encoding', value: 'gzip' }], test: t },
    ]),
  );
  out.push(
    single(a, 'connection-refused', [
      {
        name: 'refused',
        url: 'http://127.0.0.1:1/x',
        test: `console.log('test ran', JSON.stringify(pm.response.code));`,
      },
      { name: 'after', url: echo() },
    ]),
  );
  out.push(
    single(a, 'invalid-url', [
      { name: 'bad', url: 'ht!tp://', test: `console.log('test ran');` },
      { name: 'after', url: echo() },
    ]),
  );
  out.push(single(a, 'status-204', [{ name: 'no content', url: '{{baseUrl}}/status/204', test: t }]));
  out.push(single(a, 'status-500', [{ name: 'err', url: '{{baseUrl}}/status/500', test: t }]));
  return out;
}

export function buildCases(fixtures: string): DiffCase[] {
  return [
    ...pmApi(),
    ...legacy(),
    ...libraries(),
    ...variables(),
    ...iterationData(),
    ...bodies(fixtures),
    ...auth(),
    ...redirects(),
    ...cookies(),
    ...flow(),
    ...errors(),
    ...pmTest(),
    ...sendRequest(),
    ...mutations(),
    ...odd(),
    ...sandboxCases(),
  ];
}
