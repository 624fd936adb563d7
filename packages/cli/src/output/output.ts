/**
 * What a command prints: data to stdout (a table, or JSON with `--json`), notes and errors to
 * stderr, colours only where they belong.
 * @module
 */
import type { Io } from '../command.ts';
import { type Colors, ansi, plain, useColor } from './color.ts';
import { type Column, renderPairs, renderTable } from './table.ts';

export class Output {
  readonly io: Io;
  readonly json: boolean;
  /** Colours for stdout. */
  readonly c: Colors;
  /** Colours for stderr. */
  readonly ce: Colors;

  constructor(io: Io, options: { json: boolean; color: boolean | undefined }) {
    this.io = io;
    this.json = options.json;
    this.c = useColor(io.stdout, io.env, options.color) ? ansi : plain;
    this.ce = useColor(io.stderr, io.env, options.color) ? ansi : plain;
  }

  write(text: string): void {
    this.io.stdout.write(text);
  }

  /** Pretty JSON on stdout, one value. */
  printJson(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  table<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): void {
    this.io.stdout.write(renderTable(rows, columns, { maxWidth: this.io.stdout.isTTY ? this.io.stdout.columns : undefined, header: this.c.bold }));
  }

  pairs(pairs: ReadonlyArray<readonly [string, string | number | undefined]>): void {
    this.io.stdout.write(renderPairs(pairs, this.c.bold));
  }

  /** A note for the person, on stderr (never mixed into data on stdout). */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  error(text: string): void {
    this.io.stderr.write(`${this.ce.red('trophyroom:')} ${text}\n`);
  }
}
