import { generateCode } from '../../codegen';
import type { RequestAncestor } from '../../prepare/prepare-request';
import type { TRequest, TRequestItem } from '../../schema';
import type { VariableScopes } from '../../variables/variable-scopes';

/** One request as a curl command line (the `shell-curl` codegen target). */
export function toCurl(
  request: TRequest | TRequestItem,
  options: {
    scopes?: VariableScopes;
    ancestors?: readonly RequestAncestor[];
    resolveVariables?: boolean;
  } = {},
): string {
  return generateCode(request, 'shell-curl', options).code;
}
