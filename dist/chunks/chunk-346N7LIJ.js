import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));

// src/core/errors.ts
function formatProblems(problems) {
  return problems.map((p) => p.path ? `${p.path}: ${p.message}` : p.message).join("\n");
}
var InputError = class extends Error {
  status = 400;
  problems;
  constructor(what, problems) {
    super(`${what}:
${formatProblems(problems)}`);
    this.name = new.target.name;
    this.problems = problems;
  }
};
var ConfigError = class extends InputError {
  constructor(problems, source = "invalid config") {
    super(source, problems);
  }
};
var ProviderError = class extends Error {
  retryable;
  capacity;
  alreadyExists;
  status;
  constructor(message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
    this.capacity = options.capacity ?? false;
    this.alreadyExists = options.alreadyExists ?? false;
    this.status = options.status ?? 502;
  }
};
var ConflictError = class extends Error {
  status = 409;
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
};
var UnsupportedError = class extends Error {
  status = 501;
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
};
var StateError = class extends Error {
  status = 503;
  constructor(message, options) {
    super(message, options);
    this.name = new.target.name;
  }
};
function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}

export {
  InputError,
  ConfigError,
  ProviderError,
  ConflictError,
  UnsupportedError,
  StateError,
  errorMessage
};
