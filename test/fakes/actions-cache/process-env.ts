/**
 * @actions/cache reads its configuration from process.env and takes no parameters for it,
 * so a test that drives it sets process.env for the test's duration and puts it back.
 * Vitest runs each test file in its own process, and tests of a file one at a time.
 */
export function setProcessEnv(vars: Readonly<Record<string, string | undefined>>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(vars)) {
    saved.set(name, process.env[name]);
    assign(name, value);
  }
  return () => {
    for (const [name, value] of saved) assign(name, value);
  };
}

function assign(name: string, value: string | undefined): void {
  if (value === undefined) Reflect.deleteProperty(process.env, name);
  else process.env[name] = value;
}
