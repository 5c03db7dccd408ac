/** Direct API calls against the real server, for setup the test is not about (and for route probing). */
export class Api {
  constructor(
    readonly baseUrl: string,
    public token = '',
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      throw new Error(`${method} ${path} → ${res.status} ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async register(
    email: string,
    name: string,
    password = 'Sturdy-Passw0rd!',
  ): Promise<{ user: { id: string } }> {
    const res = await this.call<{ accessToken: string; user: { id: string } }>('POST', '/api/auth/register', {
      email,
      name,
      password,
    });
    this.token = res.accessToken;
    return res;
  }

  /** True when the route exists (any status but 404 from the router). */
  async hasRoute(method: string, path: string): Promise<boolean> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });
    if (res.status !== 404) {
      return true;
    }
    const text = await res.text();
    // Fastify's router 404 says "Route … not found"; a resource 404 carries our error body.
    return !/Route .* not found/i.test(text);
  }
}
