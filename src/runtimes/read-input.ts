import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { InputError } from '../core/errors.js';

/** Reads a JSON or YAML input file; a missing file or a syntax error is an InputError naming it. */
export async function readDataFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? 'error'})`;
    throw new InputError(`cannot read ${what}`, [{ path, message }]);
  }
  try {
    return path.endsWith('.json') ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const pos = err.linePos?.[0];
      throw new InputError(`invalid ${what}`, [
        {
          path: pos ? `${path}:${pos.line}:${pos.col}` : path,
          message: err.message.split('\n')[0] ?? 'syntax error',
        },
      ]);
    }
    throw new InputError(`invalid ${what}`, [
      { path, message: err instanceof Error ? err.message : 'syntax error' },
    ]);
  }
}
