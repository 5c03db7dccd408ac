import { describe, expect, it } from 'vitest';
import { dynamicVariableNames, generateDynamic } from './dynamic-variables';
import { resolveDeep, resolveTemplate } from './resolve-template';
import { VariableScopes } from './variable-scopes';

const v = (key: string, value: string, enabled = true) => ({ key, value, enabled, secret: false });

describe('VariableScopes precedence', () => {
  it('narrowest scope wins: local > data > environment > folder > collection > globals', () => {
    const s = new VariableScopes({
      globals: { x: 'g', onlyG: 'G' },
      collection: [v('x', 'c'), v('onlyC', 'C')],
      environment: [v('x', 'e')],
      data: { x: 'd' },
      local: { x: 'l' },
    });
    expect(s.get('x')).toBe('l');
    s.local.unset('x');
    expect(s.get('x')).toBe('d');
    s.data.clear();
    expect(s.get('x')).toBe('e');
    s.environment.unset('x');
    expect(s.get('x')).toBe('c');
    s.setFolders([
      { type: 'folder', variables: [v('x', 'outer'), v('y', 'outerY')] },
      { type: 'folder', variables: [v('x', 'inner')] },
    ]);
    expect(s.get('x')).toBe('inner');
    expect(s.get('y')).toBe('outerY');
    s.setFolders([]);
    expect(s.get('x')).toBe('c');
    s.collection.unset('x');
    expect(s.get('x')).toBe('g');
    expect(s.get('onlyC')).toBe('C');
    expect(s.has('nope')).toBe(false);
  });

  it('skips disabled variables and merges toObject by precedence', () => {
    const s = new VariableScopes({
      environment: [v('a', '1', false), v('b', '2')],
      globals: { a: 'g', b: 'g' },
    });
    expect(s.get('a')).toBe('g');
    expect(s.toObject()).toEqual({ a: 'g', b: '2' });
    expect(s.environment.toObject()).toEqual({ b: '2' });
  });

  it("lists disabled rows in a script's toObject only, in the list's order, until set or unset", () => {
    const s = new VariableScopes({ collection: [v('c', 'x', false), v('d', 'y'), v('e', 'z', false)] });
    expect(s.collection.get('c')).toBeUndefined();
    expect(s.collection.has('c')).toBe(false);
    expect(s.get('c')).toBeUndefined();
    expect(s.collection.toObject()).toEqual({ d: 'y' });
    expect(JSON.stringify(s.collection.toScriptObject())).toBe('{"c":"x","d":"y","e":"z"}');
    s.collection.set('c', 'now');
    s.collection.unset('e');
    s.collection.set('f', '1');
    expect(JSON.stringify(s.collection.toScriptObject())).toBe('{"c":"now","d":"y","f":"1"}');
    expect(s.get('c')).toBe('now');
    const f = s.fork();
    f.collection.unset('c');
    expect(s.collection.toScriptObject()).toHaveProperty('c', 'now');
  });

  it('fork isolates writes', () => {
    const s = new VariableScopes({ environment: { a: '1' } });
    const f = s.fork();
    f.environment.set('a', '2');
    f.set('b', 'x');
    expect(s.get('a')).toBe('1');
    expect(s.has('b')).toBe(false);
    expect(f.get('a')).toBe('2');
  });

  it('moves its version on every change, not when an empty data row replaces an empty one', () => {
    const s = new VariableScopes({ environment: { a: '1' } });
    const start = s.version;
    s.data.replace({});
    expect(s.version).toBe(start);
    s.data.replace({ row: 1 });
    const filled = s.version;
    expect(filled).toBeGreaterThan(start);
    expect(s.get('row')).toBe(1);
    s.data.replace({});
    expect(s.version).toBeGreaterThan(filled);
    expect(s.has('row')).toBe(false);
    const emptied = s.version;
    s.data.replace([]);
    expect(s.version).toBeGreaterThan(emptied);
  });
});

describe('resolveTemplate', () => {
  it('substitutes, nests and stringifies', () => {
    const s = new VariableScopes({
      environment: { host: 'api.test', base: 'https://{{host}}/v{{ver}}', ver: 2, obj: { a: 1 } },
    });
    expect(resolveTemplate('{{base}}/users?o={{obj}}', s)).toEqual({
      value: 'https://api.test/v2/users?o={"a":1}',
      warnings: [],
    });
  });

  it('leaves unresolved names as written and warns once', () => {
    const s = new VariableScopes();
    const r = resolveTemplate('{{a}}-{{a}}-{{$notAThing}}', s);
    expect(r.value).toBe('{{a}}-{{a}}-{{$notAThing}}');
    expect(r.warnings).toEqual(['Unresolved variable: {{a}}', 'Unresolved variable: {{$notAThing}}']);
  });

  it('reports cycles without looping', () => {
    const s = new VariableScopes({ environment: { a: 'x{{b}}', b: 'y{{a}}', self: '{{self}}' } });
    const r = resolveTemplate('{{a}}|{{self}}', s);
    expect(r.value).toBe('xy{{a}}|{{self}}');
    expect(r.warnings).toContain('Variable cycle: a → b → a');
    expect(r.warnings).toContain('Variable cycle: self → self');
  });

  it('user variables shadow dynamic ones', () => {
    const s = new VariableScopes({ globals: { $guid: 'fixed' } });
    expect(resolveTemplate('{{$guid}}', s).value).toBe('fixed');
  });

  it('resolveDeep walks objects and arrays', () => {
    const s = new VariableScopes({ environment: { t: 'tok' } });
    const r = resolveDeep({ a: ['{{t}}', 1, null], b: { c: 'x{{missing}}' } }, s);
    expect(r.value).toEqual({ a: ['tok', 1, null], b: { c: 'x{{missing}}' } });
    expect(r.warnings).toEqual(['Unresolved variable: {{missing}}']);
  });
});

describe('resolveTemplate, repeated on the same scopes (cached expansions)', () => {
  it('follows every change, folders included, and never caches fresh or unresolved values', () => {
    const s = new VariableScopes({
      environment: [v('host', 'a.test'), v('path', '{{seg}}/x')],
      collection: [v('leaf', 'c')],
    });
    const text = 'https://{{host}}/{{path}}?id={{$randomUUID}}&u={{missing}}';
    const first = resolveTemplate(text, s);
    expect(first.value).toMatch(/^https:\/\/a\.test\/\{\{seg\}\}\/x\?id=[0-9a-f-]{36}&u=\{\{missing\}\}$/);
    const second = resolveTemplate(text, s);
    expect(second.value).not.toBe(first.value);
    expect(second.warnings).toEqual(first.warnings);
    expect(second.warnings).toContain('Unresolved variable: {{missing}}');

    expect(resolveTemplate('{{host}}/{{path}}', s).value).toBe('a.test/{{seg}}/x');
    s.local.set('seg', 'one');
    expect(resolveTemplate('{{host}}/{{path}}', s).value).toBe('a.test/one/x');
    s.environment.set('host', 'b.test');
    expect(resolveTemplate('{{host}}/{{path}}', s).value).toBe('b.test/one/x');
    expect(resolveTemplate('{{host}}/{{leaf}}', s).value).toBe('b.test/c');
    s.setFolders([{ type: 'folder', variables: [v('leaf', 'f')] }]);
    expect(resolveTemplate('{{host}}/{{leaf}}', s).value).toBe('b.test/f');
    s.setFolders([]);
    expect(resolveTemplate('{{host}}/{{leaf}}', s).value).toBe('b.test/c');
    s.data.replace({ host: 'row.test' });
    expect(resolveTemplate('{{host}}/{{path}}', s).value).toBe('row.test/one/x');
  });

  it('answers the masked view while it is on and the real value after', () => {
    const s = new VariableScopes({
      environment: [{ key: 'token', value: 's3cret', enabled: true, secret: true }],
    });
    expect(resolveTemplate('Bearer {{token}}', s).value).toBe('Bearer s3cret');
    s.setScriptView(true);
    expect(resolveTemplate('Bearer {{token}}', s).value).not.toContain('s3cret');
    s.setScriptView(false);
    expect(resolveTemplate('Bearer {{token}}', s).value).toBe('Bearer s3cret');
  });
});

describe('dynamic variables', () => {
  const s = new VariableScopes();
  const one = (name: string) => resolveTemplate(`{{${name}}}`, s).value;

  it('generates the well-known ones with the right shapes', () => {
    expect(one('$guid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(one('$randomUUID')).toMatch(/^[0-9a-f-]{36}$/);
    expect(one('$timestamp')).toMatch(/^\d{10}$/);
    expect(Number.isNaN(Date.parse(one('$isoTimestamp')))).toBe(false);
    const n = Number(one('$randomInt'));
    expect(Number.isInteger(n) && n >= 0 && n <= 1000).toBe(true);
    expect(one('$randomEmail')).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    expect(one('$randomIP')).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(['true', 'false']).toContain(one('$randomBoolean'));
    expect(one('$randomAlphaNumeric')).toMatch(/^[a-z0-9]$/);
    expect(one('$randomPrice')).toMatch(/^\d+\.\d{2}$/);
    expect(one('$randomUrl')).toMatch(/^https:\/\//);
  });

  it('every listed name generates a non-empty value and fresh guids differ', () => {
    expect(dynamicVariableNames.length).toBeGreaterThan(60);
    for (const name of dynamicVariableNames) {
      expect(generateDynamic(name), name).toBeTruthy();
    }
    expect(one('$guid')).not.toBe(one('$guid'));
  });
});
