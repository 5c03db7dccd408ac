/** Small valid inputs of every format, used by the unit tests and as seeds of the fuzz test. */

export const openapi30Json = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Pets', version: '1', description: 'A pet API' },
  servers: [{ url: 'https://{env}.example.com/v1/', variables: { env: { default: 'api' } } }],
  tags: [{ name: 'pets', description: 'Pet operations' }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      key: { type: 'apiKey', in: 'query', name: 'api_key' },
      cc: {
        type: 'oauth2',
        flows: { clientCredentials: { tokenUrl: 'https://auth.example.com/token', scopes: { read: 'r' } } },
      },
    },
    schemas: {
      Pet: {
        type: 'object',
        required: ['name'],
        properties: {
          id: { type: 'integer', readOnly: true },
          name: { type: 'string', example: 'Rex' },
          born: { type: 'string', format: 'date' },
          owner: { $ref: '#/components/schemas/Person' },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
      Person: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          pets: { type: 'array', items: { $ref: '#/components/schemas/Pet' } },
        },
      },
    },
    parameters: {
      Limit: { name: 'limit', in: 'query', required: true, schema: { type: 'integer', default: 20 } },
    },
  },
  paths: {
    '/pets': {
      get: {
        tags: ['pets'],
        summary: 'List pets',
        parameters: [
          { $ref: '#/components/parameters/Limit' },
          { name: 'q', in: 'query', schema: { type: 'string' } },
          { name: 'X-Request-Id', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        responses: { '200': { description: 'ok' } },
      },
      post: {
        tags: ['pets'],
        operationId: 'createPet',
        security: [{ key: [] }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
        responses: { '201': { description: 'created' } },
      },
    },
    '/pets/{petId}': {
      parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' }, example: 'p1' }],
      get: { tags: ['pets'], summary: 'Get pet', security: [], responses: { '200': { description: 'ok' } } },
      put: {
        summary: 'Upload photo',
        security: [{ cc: [] }],
        requestBody: {
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['photo'],
                properties: { photo: { type: 'string', format: 'binary' }, caption: { type: 'string' } },
              },
            },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
    '/login': {
      post: {
        summary: 'Login',
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['user'],
                properties: { user: { type: 'string' }, remember: { type: 'boolean' } },
              },
            },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
});

export const openapi31Yaml = `openapi: 3.1.0
info:
  title: Tiny
  version: "1"
servers:
  - url: http://localhost:8080
paths:
  /things/{id}:
    get:
      summary: Get thing
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: [string, "null"]
      responses:
        "200":
          description: ok
    delete:
      responses:
        "204":
          description: gone
`;

export const swagger2Json = JSON.stringify({
  swagger: '2.0',
  info: { title: 'Old', version: '1' },
  host: 'old.example.com',
  basePath: '/api',
  schemes: ['http', 'https'],
  securityDefinitions: { basic: { type: 'basic' }, key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
  security: [{ basic: [] }],
  consumes: ['application/json'],
  paths: {
    '/users': {
      post: {
        tags: ['users'],
        parameters: [{ name: 'body', in: 'body', schema: { $ref: '#/definitions/User' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/users/{id}/avatar': {
      post: {
        security: [{ key: [] }],
        consumes: ['multipart/form-data'],
        parameters: [
          { name: 'id', in: 'path', required: true, type: 'integer' },
          { name: 'file', in: 'formData', type: 'file', required: true },
          { name: 'note', in: 'formData', type: 'string' },
        ],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  definitions: {
    User: {
      type: 'object',
      properties: { email: { type: 'string', format: 'email' }, age: { type: 'integer' } },
    },
  },
});

export const insomniaJson = JSON.stringify({
  _type: 'export',
  __export_format: 4,
  resources: [
    { _id: 'wrk_1', _type: 'workspace', parentId: null, name: 'My API', description: '' },
    {
      _id: 'env_base',
      _type: 'environment',
      parentId: 'wrk_1',
      name: 'Base',
      data: { host: 'https://base.example.com', token: 'base-token', nested: { a: 1 } },
    },
    {
      _id: 'env_prod',
      _type: 'environment',
      parentId: 'env_base',
      name: 'Production',
      data: { host: 'https://prod.example.com' },
    },
    { _id: 'fld_1', _type: 'request_group', parentId: 'wrk_1', name: 'Users', environment: { page: '1' } },
    {
      _id: 'req_1',
      _type: 'request',
      parentId: 'fld_1',
      name: 'List users',
      method: 'GET',
      url: '{{ _.host }}/users',
      parameters: [
        { name: 'page', value: '{{ page }}' },
        { name: 'off', value: 'x', disabled: true },
      ],
      headers: [{ name: 'Accept', value: 'application/json' }],
      authentication: { type: 'bearer', token: '{{ _.token }}' },
      body: {},
    },
    {
      _id: 'req_2',
      _type: 'request',
      parentId: 'wrk_1',
      name: 'Create',
      method: 'POST',
      url: '{{ _.host }}/users',
      body: { mimeType: 'application/json', text: '{"name":"a"}' },
      headers: [],
      authentication: { type: 'basic', username: 'u', password: 'p' },
    },
  ],
});

export const harJson = JSON.stringify({
  log: {
    version: '1.2',
    creator: { name: 'test', version: '1' },
    entries: [
      {
        request: {
          method: 'POST',
          url: 'https://example.com/api?x=1',
          httpVersion: 'HTTP/2',
          headers: [
            { name: ':authority', value: 'example.com' },
            { name: 'Content-Type', value: 'application/json' },
          ],
          queryString: [{ name: 'x', value: '1' }],
          postData: { mimeType: 'application/json', text: '{"a":1}' },
        },
        response: { status: 200 },
      },
      {
        request: {
          method: 'POST',
          url: 'https://example.com/form',
          httpVersion: 'HTTP/1.1',
          headers: [],
          postData: { mimeType: 'application/x-www-form-urlencoded', text: 'a=1&b=two+words' },
        },
      },
    ],
  },
});

export const curlText = `# two commands
curl -X POST 'https://example.com/items?x=1' \\
  -H 'Content-Type: application/json' \\
  -u alice:secret \\
  --data-raw '{"a":1}'

curl https://example.com/upload -F 'title=hello' -F 'file=@photo.png' -k
`;

export const postmanJson = JSON.stringify({
  info: { name: 'PM', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  item: [
    {
      name: 'Folder',
      item: [
        {
          name: 'Req',
          request: { method: 'GET', url: 'https://example.com/a?b=1', header: [{ key: 'X', value: 'y' }] },
        },
      ],
    },
  ],
  variable: [{ key: 'v', value: '1' }],
});

export const allSamples: Record<string, string> = {
  openapi30Json,
  openapi31Yaml,
  swagger2Json,
  insomniaJson,
  harJson,
  curlText,
  postmanJson,
};
