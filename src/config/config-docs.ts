import { configJsonSchema } from './json-schema.js';

/** Renders docs/configuration.md from the JSON Schema, so the docs can never drift from validation. */
type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(node: Node): string {
  if (typeof node.const === 'string') return `\`"${node.const}"\``;
  if (Array.isArray(node.enum)) return node.enum.map((e) => `\`${String(e)}\``).join(' | ');
  const variants = node.anyOf ?? node.oneOf;
  if (Array.isArray(variants)) return variants.filter(isNode).map(typeOf).join(' or ');
  if (node.type === 'array' && isNode(node.items)) return `list of ${typeOf(node.items)}`;
  if (typeof node.type === 'string') return node.type;
  return 'value';
}

function cell(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\|/g, '\\|').replace(/\n/g, ' ') : '';
}

function rows(node: Node, prefix: string, out: string[], sections: [string, Node][]): void {
  const props = isNode(node.properties) ? node.properties : {};
  const required = new Set(Array.isArray(node.required) ? node.required : []);
  for (const [key, raw] of Object.entries(props)) {
    if (!isNode(raw)) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const variants = Array.isArray(raw.oneOf) ? raw.oneOf.filter(isNode) : [];
    const def = raw.default === undefined ? '' : `\`${JSON.stringify(raw.default)}\``;
    const type = variants.length > 0 ? 'one of the types below' : typeOf(raw);
    out.push(
      `| \`${path}\` | ${cell(type)} | ${required.has(key) ? 'yes' : ''} | ${def} | ${cell(raw.description)} |`,
    );
    for (const v of variants) {
      const t = isNode(v.properties) && isNode(v.properties.type) ? String(v.properties.type.const) : '?';
      sections.push([`\`${path}\` with \`type: ${t}\``, v]);
    }
    const inner = raw.type === 'array' && isNode(raw.items) ? raw.items : raw;
    if (variants.length === 0 && isNode(inner.properties))
      rows(inner, raw.type === 'array' ? `${path}[]` : path, out, sections);
  }
}

const HEADER = '| key | type | required | default | description |\n|---|---|---|---|---|';

export function configDocs(): string {
  const schema = configJsonSchema() as Node;
  const out: string[] = [
    '# Configuration reference',
    '',
    '<!-- Generated from the config schema by `npm run schema`; do not edit by hand. -->',
    '',
    cell(schema.description),
    '',
    'Durations accept `90s`, `5m`, `1h`, `1h30m` or a number of seconds. Secrets should come from',
    'the environment as `${env:NAME}`. Every problem is reported at once as `path: message`.',
    '',
    HEADER,
  ];
  const sections: [string, Node][] = [];
  rows(schema, '', out, sections);
  for (let i = 0; i < sections.length; i++) {
    const [title, node] = sections[i] ?? ['', {}];
    out.push(
      '',
      `## ${title}`,
      '',
      cell(isNode(node.properties) && isNode(node.properties.type) ? node.properties.type.description : ''),
      '',
      HEADER,
    );
    const nested: [string, Node][] = [];
    rows(node, '', out, nested);
    sections.push(...nested);
  }
  return `${out.join('\n')}\n`;
}
