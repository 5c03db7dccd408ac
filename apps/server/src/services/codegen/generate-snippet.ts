import { generateCode, type TCodegenRequest, type TCodegenResponse, VariableScopes } from '@apiplay/core';

/** Code for one request; variables resolve from the given values only when asked (placeholders otherwise). */
export function generateSnippet(input: TCodegenRequest): TCodegenResponse {
  const request = {
    ...input.request,
    // Without a collection there is nothing to inherit from.
    auth: input.request.auth.type === 'inherit' ? { type: 'none' as const } : input.request.auth,
  };
  return generateCode(request, input.target, {
    resolveVariables: input.resolveVariables,
    scopes: new VariableScopes({ local: input.variables }),
  });
}
