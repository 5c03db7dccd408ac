import { ZCollectionV1 } from './v1/collection';
import { ZEnvironmentV1 } from './v1/environment';
import { ZRequestV1 } from './v1/request';
import { ZRunReportV1 } from './v1/run-report';
import { versioned } from './versioned';

export * from './body-files';
export * from './v1/collection';
export * from './v1/common';
export * from './v1/environment';
export * from './v1/request';
export * from './v1/run-report';
export * from './versioned';

/** v0 → v1: documents written before versioning had no `v` and kept scripts as `preRequestScript`/`testScript`. */
function liftScripts(doc: Record<string, unknown>): Record<string, unknown> {
  if (doc.scripts !== undefined) {
    return doc;
  }
  const preRequest = typeof doc.preRequestScript === 'string' ? doc.preRequestScript : '';
  const test = typeof doc.testScript === 'string' ? doc.testScript : '';
  const { preRequestScript: _p, testScript: _t, ...rest } = doc;
  return { ...rest, scripts: { preRequest, test } };
}

export const RequestFormat = versioned('request', ZRequestV1, 1, [{ from: 0, up: liftScripts }]);
export const CollectionFormat = versioned('collection', ZCollectionV1, 1, [{ from: 0, up: liftScripts }]);
export const EnvironmentFormat = versioned('environment', ZEnvironmentV1, 1, [{ from: 0, up: (d) => d }]);
export const RunReportFormat = versioned('run report', ZRunReportV1, 1, [{ from: 0, up: (d) => d }]);

/** Latest shapes under short names. */
export type TRequest = import('./v1/request').TRequestV1;
export type TCollection = import('./v1/collection').TCollectionV1;
export type TFolder = import('./v1/collection').TFolderV1;
export type TItem = import('./v1/collection').TItemV1;
export type TRequestItem = import('./v1/collection').TRequestItemV1;
export type TEnvironment = import('./v1/environment').TEnvironmentV1;
export type TRunReport = import('./v1/run-report').TRunReportV1;
