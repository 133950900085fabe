/**
 * The busybox binary the test image is built from. It must be statically linked: the
 * image holds nothing else, so a dynamic one would fail at exec with a bare "not found".
 */
import { readFile } from 'node:fs/promises';
import { findOnPath } from './find-on-path.js';

const PT_INTERP = 3;

/** Whether an ELF binary has no program interpreter (ld.so), i.e. is statically linked. */
export function isStaticElf(binary: Buffer): boolean {
  if (binary.length < 64 || binary.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  const is64 = binary[4] === 2;
  const littleEndian = binary[5] === 1;
  const u16 = (at: number) => (littleEndian ? binary.readUInt16LE(at) : binary.readUInt16BE(at));
  const u32 = (at: number) => (littleEndian ? binary.readUInt32LE(at) : binary.readUInt32BE(at));
  const u64 = (at: number) => Number(littleEndian ? binary.readBigUInt64LE(at) : binary.readBigUInt64BE(at));
  const phoff = is64 ? u64(0x20) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  for (let i = 0; i < phnum; i++) {
    if (u32(phoff + i * phentsize) === PT_INTERP) return false;
  }
  return true;
}

/** Path of a static busybox, or an error naming the package to install. */
export async function findStaticBusybox(): Promise<string> {
  const path = findOnPath('busybox');
  if (path === undefined) throw new Error('busybox is not on PATH (apt-get install busybox-static)');
  if (!isStaticElf(await readFile(path))) {
    throw new Error(`${path} is dynamically linked; the test image needs busybox-static`);
  }
  return path;
}
