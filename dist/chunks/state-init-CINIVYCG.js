import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  TTL_ATTRIBUTE,
  createDynamoDbClient,
  require_dist_cjs,
  stateErrorOf
} from "./chunk-4AS2OX5Q.js";
import {
  dynamodbStateSchema
} from "./chunk-2PFF7OUX.js";
import "./chunk-7AVGHHRG.js";
import "./chunk-DRG3NORQ.js";
import "./chunk-JFZFN473.js";
import {
  InputError,
  StateError
} from "./chunk-346N7LIJ.js";
import "./chunk-X7I37UM3.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-M2JWUYOJ.js";

// builtin:src/state/dynamodb/dynamodb-table.ts needs timers/promises
var require_promises = __commonJS({
  "builtin:src/state/dynamodb/dynamodb-table.ts needs timers/promises"(exports, module) {
    module.exports = __require("node:timers/promises");
  }
});

// src/state/dynamodb/dynamodb-table.ts
var import_promises = __toESM(require_promises(), 1);
var import_client_dynamodb = __toESM(require_dist_cjs(), 1);
var KEY_SCHEMA = [
  { AttributeName: "pk", KeyType: "HASH" },
  { AttributeName: "sk", KeyType: "RANGE" }
];
var ATTRIBUTES = [
  { AttributeName: "pk", AttributeType: "S" },
  { AttributeName: "sk", AttributeType: "S" }
];
async function initTable(client, table, options = {}) {
  const existing = await describeTable(client, table);
  let created = false;
  if (existing === void 0) {
    created = await createTable(client, table);
  } else {
    checkKeySchema(table, existing);
  }
  await waitActive(client, table, options);
  return { created, ttl: await ensureTtl(client, table) };
}
function describeKeySchema(keys, attributes) {
  const typeOf = (name) => attributes.find((a) => a.AttributeName === name)?.AttributeType ?? "?";
  return keys.map((k) => `${k.AttributeName ?? "?"} (${k.KeyType ?? "?"}, ${typeOf(k.AttributeName)})`).join(", ");
}
function checkKeySchema(table, description) {
  const keys = description.KeySchema ?? [];
  const attributes = description.AttributeDefinitions ?? [];
  if (describeKeySchema(keys, attributes) === describeKeySchema(KEY_SCHEMA, ATTRIBUTES)) return;
  throw new InputError(`DynamoDB table "${table}" exists with other keys`, [
    {
      path: "KeySchema",
      message: `is ${describeKeySchema(keys, attributes) || "empty"}; ci-scaler needs ${describeKeySchema(KEY_SCHEMA, ATTRIBUTES)}: choose another table name`
    }
  ]);
}
async function describeTable(client, table) {
  try {
    const result = await client.send(new import_client_dynamodb.DescribeTableCommand({ TableName: table }));
    return result.Table;
  } catch (error) {
    if (error instanceof import_client_dynamodb.ResourceNotFoundException) return void 0;
    throw stateErrorOf(error, "DescribeTable", table);
  }
}
async function createTable(client, table) {
  try {
    await client.send(
      new import_client_dynamodb.CreateTableCommand({
        TableName: table,
        KeySchema: KEY_SCHEMA,
        AttributeDefinitions: ATTRIBUTES,
        BillingMode: "PAY_PER_REQUEST"
      })
    );
    return true;
  } catch (error) {
    if (!(error instanceof import_client_dynamodb.ResourceInUseException)) throw stateErrorOf(error, "CreateTable", table);
    const raced = await describeTable(client, table);
    if (raced !== void 0) checkKeySchema(table, raced);
    return false;
  }
}
async function waitActive(client, table, options) {
  const wait = options.sleep ?? ((ms) => (0, import_promises.setTimeout)(ms));
  const timeoutMs = options.timeoutMs ?? 5 * 6e4;
  let waited = 0;
  for (let delay = 20; ; delay = Math.min(delay * 2, 2e3)) {
    const status = (await describeTable(client, table))?.TableStatus;
    if (status === "ACTIVE") return;
    if (status !== void 0 && status !== "CREATING" && status !== "UPDATING") {
      throw new StateError(`DynamoDB table "${table}" is ${status}, not ACTIVE`);
    }
    if (waited >= timeoutMs) {
      throw new StateError(`DynamoDB table "${table}" is not ACTIVE after ${Math.round(waited / 1e3)} s`);
    }
    await wait(delay);
    waited += delay;
  }
}
async function ensureTtl(client, table) {
  try {
    const described = await client.send(new import_client_dynamodb.DescribeTimeToLiveCommand({ TableName: table }));
    const { TimeToLiveStatus: status, AttributeName: attribute } = described.TimeToLiveDescription ?? {};
    if (status === "ENABLED" || status === "ENABLING") {
      return attribute === TTL_ATTRIBUTE ? "kept" : { otherAttribute: attribute ?? "?" };
    }
    await client.send(
      new import_client_dynamodb.UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true }
      })
    );
    return "enabled";
  } catch (error) {
    throw stateErrorOf(error, "UpdateTimeToLive", table);
  }
}

// src/runtimes/commands/state-init.ts
var OPTION_OF = {
  table: "--dynamodb",
  region: "--region",
  endpoint: "--endpoint"
};
async function stateInitCommand(io, opts) {
  const { table, region, endpoint } = parseOptions(opts);
  const client = createDynamoDbClient({ region, endpoint, env: io.env });
  try {
    const result = await initTable(client, table);
    io.stdout(
      result.created ? `created DynamoDB table ${table} (pk, sk; on-demand billing)
` : `DynamoDB table ${table} exists with the right keys (pk, sk): nothing to create
`
    );
    printTtl(io, result.ttl);
  } finally {
    client.destroy();
  }
}
function parseOptions(opts) {
  const parsed = dynamodbStateSchema.safeParse({
    type: "dynamodb",
    table: opts.dynamodb,
    ...opts.region !== void 0 && { region: opts.region },
    ...opts.endpoint !== void 0 && { endpoint: opts.endpoint }
  });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "");
    return { path: OPTION_OF[key] ?? `--${key}`, message: issue.message };
  });
  throw new InputError("invalid options", problems);
}
function printTtl(io, ttl) {
  if (ttl === "enabled") io.stdout("enabled TTL on attribute ttl (old history items expire)\n");
  else if (ttl === "kept") io.stdout("TTL is on attribute ttl already\n");
  else
    io.stderr(
      `warning: TTL of this table is on attribute "${ttl.otherAttribute}", not "ttl": history items will not expire (each pool's history is still trimmed to its limit)
`
    );
}
export {
  stateInitCommand
};
