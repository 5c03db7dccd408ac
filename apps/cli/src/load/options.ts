/** `apiplay load`'s options as commander parses them. */
export interface LoadCommandOptions {
  vus?: number;
  duration?: string;
  stage: string[];
  rate?: string;
  maxVus?: number;
  threads?: number;
  think?: string;
  threshold: string[];
  out: string[];
  environment?: string;
  globals?: string;
  iterationData?: string;
  envVar: string[];
  globalVar: string[];
  folder: string[];
  timeoutRequest?: number;
  timeoutScript?: number;
  gracefulStop?: string;
  insecure?: boolean;
  workingDir?: string;
  color?: boolean;
}

export type OutputKind = 'json' | 'html' | 'junit';
export interface Output {
  kind: OutputKind;
  path: string;
}
