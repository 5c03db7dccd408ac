/** The demo store's own OpenAPI 3.1 document (import it to try the OpenAPI importer offline). */
export function demoStoreOpenApi(serverUrl: string) {
  const page = [
    { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
    { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 } },
  ];
  return {
    openapi: '3.1.0',
    info: { title: 'Demo Store', version: '1.0.0', description: 'Built-in demo API of API Playground' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Category: {
          type: 'object',
          required: ['id', 'name', 'slug'],
          properties: { id: { type: 'integer' }, name: { type: 'string' }, slug: { type: 'string' } },
        },
        Product: {
          type: 'object',
          required: ['id', 'name', 'categoryId', 'price', 'stock'],
          properties: {
            id: { type: 'integer' },
            name: { type: 'string' },
            categoryId: { type: 'integer' },
            price: { type: 'number' },
            stock: { type: 'integer' },
            tags: { type: 'array', items: { type: 'string' } },
          },
        },
        NewProduct: {
          type: 'object',
          required: ['name', 'categoryId', 'price'],
          properties: {
            name: { type: 'string' },
            categoryId: { type: 'integer' },
            price: { type: 'number' },
            stock: { type: 'integer' },
          },
        },
      },
    },
    paths: {
      '/login': {
        post: {
          summary: 'Log in (demo / demo) and get a JWT',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { username: { type: 'string' }, password: { type: 'string' } },
                },
                example: { username: 'demo', password: 'demo' },
              },
            },
          },
          responses: { '200': { description: 'Token' }, '401': { description: 'Bad credentials' } },
        },
      },
      '/me': {
        get: {
          summary: 'Who the token belongs to',
          security: [{ bearer: [] }],
          responses: { '200': { description: 'User' } },
        },
      },
      '/categories': {
        get: { summary: 'List categories', responses: { '200': { description: 'Categories' } } },
      },
      '/products': {
        get: {
          summary: 'List products (paginated, filterable)',
          parameters: [
            ...page,
            { name: 'category', in: 'query', schema: { type: 'string' }, description: 'Category slug or id' },
            { name: 'q', in: 'query', schema: { type: 'string' }, description: 'Text in the name' },
            { name: 'minPrice', in: 'query', schema: { type: 'number' } },
            { name: 'maxPrice', in: 'query', schema: { type: 'number' } },
          ],
          responses: { '200': { description: 'A page of products' } },
        },
        post: {
          summary: 'Create a product',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/NewProduct' } } },
          },
          responses: { '201': { description: 'Created' }, '401': { description: 'No token' } },
        },
      },
      '/products/{id}': {
        get: {
          summary: 'One product',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': { description: 'Product' }, '404': { description: 'Not found' } },
        },
      },
    },
  };
}
