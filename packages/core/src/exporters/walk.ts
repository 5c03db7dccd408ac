import type { RequestAncestor } from '../prepare/prepare-request';
import type { TCollection, TItem, TRequestItem } from '../schema';

export interface WalkedRequest {
  item: TRequestItem;
  /** Collection first, then folders down to the request's parent. */
  ancestors: RequestAncestor[];
  /** Folder names from the root. */
  path: string[];
}

/** Every request of a collection in tree order, with what it inherits from. */
export function walkRequests(collection: TCollection): WalkedRequest[] {
  const out: WalkedRequest[] = [];
  const visit = (items: readonly TItem[], ancestors: RequestAncestor[], path: string[]) => {
    for (const item of items) {
      if (item.type === 'folder') {
        visit(item.items, [...ancestors, item], [...path, item.name]);
      } else {
        out.push({ item, ancestors, path });
      }
    }
  };
  visit(
    collection.items,
    [{ type: 'collection', auth: collection.auth, variables: collection.variables }],
    [],
  );
  return out;
}
