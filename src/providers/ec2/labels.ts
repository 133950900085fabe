/**
 * Job labels that choose the instance (`cpu=4`, `ram=8+32`, `family=c7g+m7g`, `arch=arm64`,
 * `spot=false`, `disk=100`), parsed strictly: a typo is a problem naming the label, never a
 * silently ignored wish. Pure.
 */
import { EC2_SELECTION_LABELS } from '../../config/ec2-schema.js';

export type SelectionLabel = (typeof EC2_SELECTION_LABELS)[number];

/** Inclusive; `min === max` for a single value. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

export type Arch = 'arm64' | 'amd64';

export interface Selection {
  readonly cpu?: Range;
  readonly ramGiB?: Range;
  readonly families?: readonly string[];
  readonly arch?: Arch;
  /** `spot=false`: on-demand capacity only. */
  readonly onDemand?: true;
  readonly diskGiB?: number;
}

export type LabelResult =
  | { readonly ok: true; readonly selection: Selection }
  | { readonly ok: false; readonly problems: readonly string[] };

/** gp3 volumes go up to 16 TiB. */
export const MAX_DISK_GIB = 16_384;

const WHOLE = /^[1-9]\d{0,5}$/;
const RANGE = /^([1-9]\d{0,5})\+([1-9]\d{0,5})$/;
const FAMILY = /^[a-z][a-z0-9-]*\d[a-z0-9-]*$/;

type Parsed =
  { readonly ok: true; readonly value: Partial<Selection> } | { readonly ok: false; readonly why: string };

const PARSERS: Record<SelectionLabel, (value: string) => Parsed> = {
  cpu: (value) =>
    rangeOf(value, 'cpu must be a whole number of vCPUs or a range like 4+16', (cpu) => ({ cpu })),
  ram: (value) =>
    rangeOf(value, 'ram must be a whole number of GiB or a range like 8+32', (ramGiB) => ({ ramGiB })),
  family: parseFamilies,
  arch: (value) =>
    value === 'arm64' || value === 'amd64'
      ? { ok: true, value: { arch: value } }
      : { ok: false, why: 'arch must be arm64 or amd64' },
  spot: (value) =>
    value === 'false'
      ? { ok: true, value: { onDemand: true } }
      : { ok: false, why: 'spot can only be false (run on on-demand capacity)' },
  disk: (value) =>
    WHOLE.test(value) && Number(value) <= MAX_DISK_GIB
      ? { ok: true, value: { diskGiB: Number(value) } }
      : { ok: false, why: `disk must be a whole number of GiB from 1 to ${MAX_DISK_GIB}` },
};

function isSelectionLabel(name: string): name is SelectionLabel {
  return (EC2_SELECTION_LABELS as readonly string[]).includes(name);
}

/**
 * The selection the labels ask for. Labels that are not `name=value` with a selection name
 * (`self-hosted`, `linux`, `team=infra`) are not ours and pass untouched. GitHub matches
 * labels case-insensitively, so `CPU=4` is `cpu=4`.
 */
export function parseSelectionLabels(
  labels: readonly string[] | undefined,
  allowed: readonly SelectionLabel[],
): LabelResult {
  const problems: string[] = [];
  const seen = new Map<SelectionLabel, string>();
  let selection: Selection = {};
  for (const raw of labels ?? []) {
    const label = raw.trim().toLowerCase();
    const eq = label.indexOf('=');
    const name = label.slice(0, eq);
    if (eq < 0 || !isSelectionLabel(name)) continue;
    const problem = (why: string) => problems.push(`label "${raw}": ${why}`);
    if (!allowed.includes(name)) {
      problem(`${name}= is not enabled for this pool (add ${name} to provider.labelSelection)`);
      continue;
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      problem(`${name} is given twice (${earlier}, ${raw})`);
      continue;
    }
    seen.set(name, raw);
    const parsed = PARSERS[name](label.slice(eq + 1));
    if (parsed.ok) selection = { ...selection, ...parsed.value };
    else problem(parsed.why);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, selection };
}

function rangeOf(value: string, why: string, wrap: (range: Range) => Partial<Selection>): Parsed {
  if (WHOLE.test(value)) return { ok: true, value: wrap({ min: Number(value), max: Number(value) }) };
  const match = RANGE.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) return { ok: false, why };
  const [min, max] = [Number(match[1]), Number(match[2])];
  if (min > max)
    return { ok: false, why: `the range must go from low to high (${max}+${min}, not ${value})` };
  return { ok: true, value: wrap({ min, max }) };
}

function parseFamilies(value: string): Parsed {
  const families = value.split('+');
  const why = 'family must be instance families joined by + (c7g+m7g), without sizes';
  if (families.some((family) => !FAMILY.test(family))) return { ok: false, why };
  return { ok: true, value: { families: [...new Set(families)] } };
}
