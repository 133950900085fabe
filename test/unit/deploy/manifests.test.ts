import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  dumpYaml,
  loadAllYaml,
  type V1ConfigMap,
  type V1Container,
  type V1Deployment,
  type V1Secret,
  type V1Service,
} from '@kubernetes/client-node';
import { parse, parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';

const DIR = 'examples/deploy/kubernetes';
const CONFIG_PATH = '/config/ci-scaler.yml';

interface Doc {
  readonly file: string;
  readonly raw: Record<string, unknown>;
  readonly model: unknown;
}

let docs: Doc[];
const of = (kind: string): unknown[] => docs.filter((d) => d.raw.kind === kind).map((d) => d.model);

function only(kind: string): unknown {
  const found = of(kind);
  expect(found, kind).toHaveLength(1);
  return found[0];
}

const deployment = (): V1Deployment => only('Deployment') as V1Deployment;
const service = (): V1Service => only('Service') as V1Service;

function container(): V1Container {
  const c = deployment().spec?.template.spec?.containers[0];
  if (c === undefined) throw new Error('no container');
  return c;
}

beforeAll(async () => {
  docs = [];
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  for (const file of files.sort()) {
    const text = await readFile(join(DIR, file), 'utf8');
    const parsed = parseAllDocuments(text);
    for (const doc of parsed) expect(doc.errors, file).toEqual([]);
    // The client's own loader: each document into the model type of its apiVersion and kind.
    const models = loadAllYaml(text) as unknown[];
    expect(models).toHaveLength(parsed.length);
    parsed.forEach((doc, i) =>
      docs.push({ file, raw: doc.toJS() as Record<string, unknown>, model: models[i] }),
    );
  }
});

describe('examples/deploy/kubernetes', () => {
  it('every document is a Kubernetes object the client knows, with no field it would drop', () => {
    expect(docs.map((d) => `${d.file}: ${String(d.raw.kind)}`)).toEqual([
      'configmap.yaml: ConfigMap',
      'deployment.yaml: Deployment',
      'secret.yaml: Secret',
      'secret.yaml: Secret',
      'service.yaml: Service',
    ]);
    for (const d of docs) {
      // A misspelled key is dropped by the model: serializing back shows it.
      expect(parse(dumpYaml(d.model)), d.file).toEqual(d.raw);
    }
  });

  it('kustomization lists every manifest', async () => {
    const text = await readFile(join(DIR, 'kustomization.yaml'), 'utf8');
    const { resources } = parse(text) as { resources: string[] };
    expect([...resources].sort()).toEqual([...new Set(docs.map((d) => d.file))].sort());
  });

  it('probes: liveness on /healthz and readiness on /readyz, on the container port', () => {
    const c = container();
    const port = c.ports?.find((p) => p.name === 'http');
    expect(port?.containerPort).toBe(8080);
    expect(c.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
  });

  it('runs as a non-root user with no privilege escalation and a read-only root', () => {
    const pod = deployment().spec?.template.spec;
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    expect(pod?.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(pod?.automountServiceAccountToken).toBe(false);
    const sc = container().securityContext;
    expect(sc).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
    expect(sc?.runAsUser).toBeGreaterThan(0);
    expect(sc?.capabilities?.drop).toEqual(['ALL']);
  });

  it('the Service selects the pods and targets the named container port', () => {
    const svc = service();
    const labels = deployment().spec?.template.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(svc.spec?.selector ?? {})) expect(labels[k]).toBe(v);
    expect(svc.spec?.ports?.[0]?.targetPort).toBe('http');
    expect(deployment().spec?.selector.matchLabels).toEqual(svc.spec?.selector);
  });

  it('the ConfigMap holds a valid config at the path the image runs, with every secret from the Secret', () => {
    const c = container();
    const pod = deployment().spec?.template.spec;
    const mount = c.volumeMounts?.find((m) => CONFIG_PATH.startsWith(`${m.mountPath}/`));
    const volume = pod?.volumes?.find((v) => v.name === mount?.name);
    const configMap = (of('ConfigMap') as V1ConfigMap[]).find(
      (m) => m.metadata?.name === volume?.configMap?.name,
    );
    const text = configMap?.data?.['ci-scaler.yml'];
    expect(text).toBeDefined();

    const secretName = c.envFrom?.[0]?.secretRef?.name;
    const secret = (of('Secret') as V1Secret[]).find((s) => s.metadata?.name === secretName);
    const env = secret?.stringData ?? {};
    const wanted = [...(text ?? '').matchAll(/\$\{env:([A-Z_]+)\}/g)].map((m) => m[1]);
    for (const name of wanted) expect(env, `secret key ${name ?? ''}`).toHaveProperty(name ?? '');

    const config = validateConfig(parseAllDocuments(text ?? '')[0]?.toJS(), env);
    expect(config.server).toMatchObject({ port: 8080, webhookSecret: env.CI_SCALER_WEBHOOK_SECRET });
    expect(config.state).toMatchObject({ type: 'file', path: '/data/state.json' });
    // The file store's folder and the Docker TLS files are mounted where the config says.
    const mounts = c.volumeMounts?.map((m) => m.mountPath) ?? [];
    expect(mounts).toContain('/data');
    const provider = config.pools[0]?.provider;
    if (provider?.type !== 'docker' || provider.tls === undefined)
      throw new Error('expected docker over TLS');
    for (const file of [provider.tls.ca, provider.tls.cert, provider.tls.key])
      expect(
        mounts.some((m) => file.startsWith(`${m}/`)),
        file,
      ).toBe(true);
  });
});

describe('Dockerfile', () => {
  let text: string;
  beforeAll(async () => {
    text = await readFile('Dockerfile', 'utf8');
  });

  it('is multi-stage: builds with npm ci and npm run build, runs dist/ with production dependencies', () => {
    expect(text).toMatch(/^FROM \S+ AS build$/m);
    expect(text).toMatch(/^RUN npm ci$/m);
    expect(text).toMatch(/^RUN npm run build$/m);
    expect(text).toMatch(/npm ci --omit=dev/);
    expect(text).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(text).toMatch(/^COPY --from=deps \/app\/node_modules \.\/node_modules$/m);
  });

  it('runs serve as a numeric non-root user, with a health check on /healthz', () => {
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(text);
    expect(Number(user?.[1])).toBeGreaterThan(0);
    expect(text).toContain(`CMD ["node", "dist/cli.js", "serve", "-c", "${CONFIG_PATH}"]`);
    expect(text).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    const runtime = text.slice(text.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER /m);
  });
});
