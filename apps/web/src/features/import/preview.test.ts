import { describe, expect, it } from 'vitest';
import { previewImport } from './preview';

describe('import preview', () => {
  it('counts requests and folders of a Postman collection', () => {
    const doc = {
      info: { name: 'Demo', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        {
          name: 'F',
          item: [
            { name: 'a', request: {} },
            { name: 'b', request: {} },
          ],
        },
        { name: 'c', request: {} },
      ],
    };
    expect(previewImport(JSON.stringify(doc))).toEqual({
      format: 'Postman v2.1',
      name: 'Demo',
      requests: 3,
      folders: 1,
      sample: ['a', 'b', 'c'],
    });
  });

  it('recognises OpenAPI, cURL and rejects junk with a message', () => {
    const oas = { openapi: '3.1.0', info: { title: 'Pets' }, paths: { '/pets': { get: {}, post: {} } } };
    expect(previewImport(JSON.stringify(oas))).toMatchObject({ format: 'OpenAPI 3.1.0', requests: 2 });
    expect(previewImport("curl -X POST 'https://x.test/a'")).toMatchObject({ format: 'cURL', requests: 1 });
    expect(previewImport('{"hello": 1}')).toHaveProperty('error');
    expect(previewImport('not json')).toHaveProperty('error');
  });
});
