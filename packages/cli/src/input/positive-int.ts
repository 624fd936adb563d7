/**
 * A whole-number option such as `--limit 10`, or a usage error naming the option.
 * @module
 */
import { UsageError } from '../errors/cli-error.ts';

export function positiveInt(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number of 1 or more, got "${String(value)}".`);
  return n;
}
