/** dynalite ships no types; this is the part of its API the tests use. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** How long a new table stays CREATING (default 500 ms). */
    readonly createTableMs?: number;
    readonly deleteTableMs?: number;
    readonly updateTableMs?: number;
    /** LevelDB directory; in memory when not given. */
    readonly path?: string;
  }

  export default function dynalite(options?: DynaliteOptions): Server;
}
