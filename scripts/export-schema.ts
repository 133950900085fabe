/**
 * Writes schema/ci-scaler.schema.json from the zod schema. With --check it only compares
 * and exits 1 when the committed file is stale, so CI catches a schema change without
 * a regenerated file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from '../src/config/index.js';

const SCHEMA_FILE = fileURLToPath(new URL('../schema/ci-scaler.schema.json', import.meta.url));
const RELATIVE = 'schema/ci-scaler.schema.json';

async function readExisting(): Promise<string | undefined> {
  try {
    return await readFile(SCHEMA_FILE, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

async function main(check: boolean): Promise<number> {
  const expected = configJsonSchemaText();
  if (!check) {
    await writeFile(SCHEMA_FILE, expected);
    console.log(`wrote ${RELATIVE}`);
    return 0;
  }
  const existing = await readExisting();
  if (existing === expected) {
    console.log(`${RELATIVE} is up to date`);
    return 0;
  }
  const why = existing === undefined ? 'is missing' : 'is out of date with src/config';
  console.error(`${RELATIVE} ${why}: run \`npm run schema\` and commit the result`);
  return 1;
}

process.exitCode = await main(process.argv.includes('--check'));
