/**
 * A small Prometheus registry: labelled counters kept in memory, and gauges read when scraped
 * (queue depth, budgets, runs come from the store, so every process reports the shared truth).
 * @module
 */

type Labels = Record<string, string | number>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(String(v))}"`).join(',')}}` : '';
};

export interface Sample {
  labels?: Labels;
  value: number;
}

export class Counter {
  readonly #values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const entry = this.#values.get(key);
    if (entry) entry.value += by;
    else this.#values.set(key, { labels, value: by });
  }

  samples(): Sample[] {
    return [...this.#values.values()];
  }
}

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  collect: () => Sample[] | Promise<Sample[]>;
}

export class Metrics {
  readonly #families: Family[] = [];

  counter(name: string, help: string): Counter {
    const counter = new Counter(name, help);
    this.#families.push({ name, help, type: 'counter', collect: () => counter.samples() });
    return counter;
  }

  /** A metric whose samples are read at scrape time. */
  collect(name: string, help: string, type: Family['type'], collect: Family['collect']): void {
    this.#families.push({ name, help, type, collect });
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  async render(): Promise<string> {
    const lines: string[] = [];
    for (const f of this.#families) {
      lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
      for (const s of await f.collect()) {
        const suffix = typeof s.labels?.__suffix === 'string' ? s.labels.__suffix : '';
        const { __suffix: _, ...labels } = s.labels ?? {};
        lines.push(`${f.name}${suffix}${labelText(labels)} ${s.value}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}
