import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  awsRegion,
  httpUrl,
  nonEmptyString,
  unknownTypeError
} from "./chunk-7AVGHHRG.js";
import {
  discriminatedUnion,
  literal,
  strictObject,
  string
} from "./chunk-DRG3NORQ.js";

// src/config/state-schema.ts
var DEFAULT_STATE_PATH = ".ci-scaler/state.json";
var memoryStateSchema = strictObject({
  type: literal("memory").describe("In process only: tests and the simulator.")
});
var fileStateSchema = strictObject({
  type: literal("file").describe("A JSON file: the CLI and a single server."),
  path: nonEmptyString.default(DEFAULT_STATE_PATH).describe("Path of the state file.")
});
var dynamodbStateSchema = strictObject({
  type: literal("dynamodb").describe("A DynamoDB table: several servers, or actions across runs."),
  table: string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: "must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)" }).describe("Table name."),
  region: awsRegion.optional().describe("AWS region; default: from the AWS environment."),
  endpoint: httpUrl.optional().describe("Endpoint override, e.g. http://localhost:8000 for DynamoDB Local.")
});
var actionsCacheStateSchema = strictObject({
  type: literal("actions-cache").describe("The GitHub Actions cache: for the GitHub Action."),
  prefix: string().regex(/^[^\s,]+$/, { error: "must not be empty or contain spaces or commas (cache keys cannot)" }).refine((p) => !p.includes("--") && !p.endsWith("-"), { error: 'must not contain "--" or end with "-"' }).default("ci-scaler").describe("Prefix of the cache keys.")
});
var stateSchema = discriminatedUnion(
  "type",
  [memoryStateSchema, fileStateSchema, dynamodbStateSchema, actionsCacheStateSchema],
  {
    error: unknownTypeError("state store")
  }
).describe("State store: memory, file, dynamodb or actions-cache.");

export {
  dynamodbStateSchema,
  stateSchema
};
