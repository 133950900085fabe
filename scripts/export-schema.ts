/**
 * Writes schema/ci-scaler.schema.json from the zod schema. With --check it only compares
 * and exits 1 when the committed file is stale, so CI catches a schema change without
 * a regenerated file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from '../src/config/index.js';
import { configDocs } from '../src/config/config-docs.js';

async function readExisting(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

async function sync(relative: string, expected: string, check: boolean): Promise<number> {
  const file = fileURLToPath(new URL(`../${relative}`, import.meta.url));
  if (!check) {
    await writeFile(file, expected);
    console.log(`wrote ${relative}`);
    return 0;
  }
  const existing = await readExisting(file);
  if (existing === expected) {
    console.log(`${relative} is up to date`);
    return 0;
  }
  const why = existing === undefined ? 'is missing' : 'is out of date with src/config';
  console.error(`${relative} ${why}: run \`npm run schema\` and commit the result`);
  return 1;
}

const check = process.argv.includes('--check');
const results = [
  await sync('schema/ci-scaler.schema.json', configJsonSchemaText(), check),
  await sync('docs/configuration.md', configDocs(), check),
];
process.exitCode = Math.max(...results);
