import { createRequire as __ciScalerRequire } from 'node:module'; const require = __ciScalerRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

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

export {
  __require,
  __commonJS,
  __export,
  __toESM,
  InputError,
  ConfigError,
  ProviderError,
  ConflictError,
  UnsupportedError,
  StateError
};
