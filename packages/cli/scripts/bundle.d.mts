/** Bundles `entry` into `outfile` (ESM, Node 20) and writes the inputs list beside it; answers the sources bundled (absolute paths). */
export function bundle(entry: string, outfile: string): Promise<string[]>;
/** Where `bundle` lists the sources of `outfile`. */
export function inputsFile(outfile: string): string;
