import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new URL('.', import.meta.url));
import {
  buildEngine,
  loadConfigFile
} from "./chunk-MR4GPWCZ.js";
import {
  require_os,
  require_path
} from "./chunk-W7O6NJ3D.js";
import {
  require_crypto
} from "./chunk-KBWHCR55.js";
import {
  __toESM
} from "./chunk-V2WJHRHK.js";

// src/runtimes/cli-context.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var import_node_os = __toESM(require_os(), 1);
var import_node_path = __toESM(require_path(), 1);

// src/telemetry/logger.ts
var ORDER = { debug: 10, info: 20, warn: 30, error: 40 };
function jsonLogger(options) {
  const min = ORDER[options.level ?? "info"];
  const log = (level) => (message, fields) => {
    if (ORDER[level] < min) return;
    const at = options.clock ? new Date(options.clock()).toISOString() : void 0;
    let line = JSON.stringify({ level, ...at !== void 0 && { at }, msg: message, ...fields });
    for (const s of options.secrets?.() ?? []) {
      if (s.length === 0) continue;
      for (const form of [s, JSON.stringify(s).slice(1, -1)]) line = line.split(form).join("***");
    }
    options.write(line);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

// src/runtimes/cli-context.ts
async function loadConfig(io, file) {
  return loadConfigFile((0, import_node_path.resolve)(io.cwd, file), io.env);
}
function secretSink() {
  const secrets = /* @__PURE__ */ new Set();
  return { add: (s) => secrets.add(s), all: () => [...secrets] };
}
function cliLogger(io, verbose, secrets) {
  return jsonLogger({
    write: (l) => {
      io.stderr(`${l}
`);
    },
    level: verbose ? "info" : "warn",
    secrets,
    clock: io.clock
  });
}
async function buildFromCli(io, opts) {
  const config = await loadConfig(io, opts.config);
  const secrets = secretSink();
  const logger = cliLogger(io, opts.verbose === true, secrets.all);
  const owner = `${(0, import_node_os.hostname)()}:${process.pid}:${(0, import_node_crypto.randomUUID)().slice(0, 8)}`;
  return buildEngine(
    config,
    { env: io.env, cwd: io.cwd, clock: io.clock, logger, owner, maskSecret: secrets.add },
    opts.pool
  );
}

// src/runtimes/cli-io.ts
var EXIT = { ok: 0, failure: 1, input: 2 };

export {
  loadConfig,
  secretSink,
  buildFromCli,
  EXIT
};
