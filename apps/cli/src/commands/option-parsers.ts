import { InvalidArgumentError } from 'commander';

/** Commander parser for an integer option ≥ `min`. */
export function int(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    }
    return n;
  };
}

/** Commander parser for a repeatable option: each use appends to the list. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
