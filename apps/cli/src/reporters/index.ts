import { createCliReporter } from './cli';
import { createHtmlReporter } from './html';
import { createJsonReporter } from './json';
import { createJunitReporter } from './junit';
import type { ReporterFactory } from './types';

/** Reporters by `--reporters` name. */
export const reporters: Readonly<Record<string, ReporterFactory>> = {
  cli: createCliReporter,
  json: createJsonReporter,
  junit: createJunitReporter,
  html: createHtmlReporter,
};

export type { Reporter, ReporterFactory, ReporterOptions } from './types';
