import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  int,
  string,
  url
} from "./chunk-DRG3NORQ.js";

// src/config/fields.ts
var nonEmptyString = string().min(1);
var count = int().min(0);
var httpUrl = url({
  protocol: /^https?$/,
  error: (issue) => issue.code === "invalid_format" ? "must be an http:// or https:// URL" : void 0
});
var awsRegion = string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "must be an AWS region such as us-east-1" });
function secret(description) {
  return nonEmptyString.describe(`${description} Write it as \${env:NAME} so it stays out of the file.`);
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function unknownTypeError(what) {
  return (issue) => {
    if (issue.code !== "invalid_union" || !("options" in issue) || !Array.isArray(issue.options))
      return void 0;
    const expected = `expected one of ${issue.options.map(String).join(", ")}`;
    const type = isRecord(issue.input) ? issue.input.type : void 0;
    if (type === void 0) return `required (${expected})`;
    return `unknown ${what} type ${JSON.stringify(type)} (${expected})`;
  };
}

export {
  nonEmptyString,
  count,
  httpUrl,
  awsRegion,
  secret,
  unknownTypeError
};
