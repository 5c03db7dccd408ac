import type { Har } from 'har-format';
import { toHarRequest } from '../../codegen/to-har-request';
import { prepareRequest } from '../../prepare/prepare-request';
import type { TCollection } from '../../schema';
import { VariableScopes } from '../../variables/variable-scopes';
import { walkRequests } from '../walk';

/**
 * Export a collection as a HAR 1.2 log: one entry per request, as the engine would prepare it (inherited auth
 * applied, disabled rows dropped). Variables resolve from the collection's variables (and `scopes` if given);
 * unknown ones stay as `{{name}}`. Entries carry no response (status 0), as HAR allows for unsent requests.
 */
export function toHar(collection: TCollection, scopes?: VariableScopes): Har {
  const vars = scopes ?? new VariableScopes({ collection: collection.variables });
  const entries = walkRequests(collection).map(({ item, ancestors }) => {
    vars.setFolders(ancestors);
    const { prepared } = prepareRequest(item, ancestors, vars);
    return {
      startedDateTime: new Date(0).toISOString(),
      time: 0,
      request: toHarRequest(prepared),
      response: {
        status: 0,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [],
        content: { size: 0, mimeType: 'x-unknown' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: 0, receive: 0 },
      comment: item.name,
    };
  });
  return { log: { version: '1.2', creator: { name: 'API Playground', version: '0.1.0' }, entries } };
}
