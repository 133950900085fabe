import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  SCHEMA_VERSION,
  TTL_ATTRIBUTE,
  createDynamoDbClient,
  docItem,
  docKey,
  historyItem,
  historyPk,
  historySk,
  lockItem,
  lockKey,
  readDoc,
  readHistory,
  readVersion,
  require_dist_cjs,
  stateErrorOf
} from "./chunk-4AS2OX5Q.js";
import {
  assertJsonValue,
  checkLimit,
  checkName,
  checkTtl,
  checkVersion
} from "./chunk-XBKYJLAA.js";
import {
  TOMBSTONE_RETENTION_MS
} from "./chunk-XC5OKA23.js";
import "./chunk-JFZFN473.js";
import {
  ConflictError,
  StateError
} from "./chunk-346N7LIJ.js";
import "./chunk-X7I37UM3.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-M2JWUYOJ.js";

// builtin:src/state/dynamodb/dynamodb-store.ts needs crypto
var require_dynamodb_store = __commonJS({
  "builtin:src/state/dynamodb/dynamodb-store.ts needs crypto"(exports, module) {
    module.exports = __require("node:crypto");
  }
});

// builtin:src/state/dynamodb/dynamodb-docs.ts needs crypto
var require_dynamodb_docs = __commonJS({
  "builtin:src/state/dynamodb/dynamodb-docs.ts needs crypto"(exports, module) {
    module.exports = __require("node:crypto");
  }
});

// builtin:src/state/dynamodb/dynamodb-history.ts needs timers/promises
var require_promises = __commonJS({
  "builtin:src/state/dynamodb/dynamodb-history.ts needs timers/promises"(exports, module) {
    module.exports = __require("node:timers/promises");
  }
});

// src/state/dynamodb/dynamodb-store.ts
var import_node_crypto2 = __toESM(require_dynamodb_store(), 1);
var import_client_dynamodb4 = __toESM(require_dist_cjs(), 1);

// src/state/dynamodb/dynamodb-docs.ts
var import_node_crypto = __toESM(require_dynamodb_docs(), 1);
var import_client_dynamodb = __toESM(require_dist_cjs(), 1);
async function getDoc(access, key) {
  const item = await getItem(access, key);
  return item === void 0 || isTombstone(item) ? void 0 : readDoc(item, access.table);
}
async function putDoc(access, key, json, expected) {
  const writer = (0, import_node_crypto.randomUUID)();
  const mine = (item) => item?.["writer"]?.S === writer;
  if (expected === 0) {
    const result2 = await conditionally(
      access,
      "UpdateItem",
      key,
      (client) => client.send(
        new import_client_dynamodb.UpdateItemCommand({
          TableName: access.table,
          Key: docKey(key),
          UpdateExpression: `${SET_VALUE}, #writer = :writer ${REMOVE_TOMBSTONE}`,
          ConditionExpression: "attribute_not_exists(pk) OR attribute_exists(#deletedAt)",
          ...valueAttributes(json, { "#writer": "writer" }, { ":writer": { S: writer } }),
          ReturnValues: "UPDATED_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD"
        })
      )
    );
    if ("failed" in result2 && !mine(result2.failed)) throw conflict("put", key, expected, result2.failed);
    return versionOf(access, key, "written" in result2 ? result2.written.Attributes : result2.failed);
  }
  const result = await conditionally(
    access,
    "PutItem",
    key,
    (client) => client.send(
      new import_client_dynamodb.PutItemCommand({
        TableName: access.table,
        Item: { ...docItem(key, json, expected + 1), writer: { S: writer } },
        ConditionExpression: "#version = :expected AND attribute_not_exists(#deletedAt)",
        ExpressionAttributeNames: { "#version": "version", "#deletedAt": DELETED_AT },
        ExpressionAttributeValues: { ":expected": { N: String(expected) } },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD"
      })
    )
  );
  if ("failed" in result && !mine(result.failed)) throw conflict("put", key, expected, result.failed);
  return expected + 1;
}
async function putDocAnyVersion(access, key, json) {
  const result = await access.call(
    "UpdateItem",
    (client) => client.send(
      new import_client_dynamodb.UpdateItemCommand({
        TableName: access.table,
        Key: docKey(key),
        UpdateExpression: `${SET_VALUE} ${REMOVE_TOMBSTONE}`,
        ...valueAttributes(json, {}, {}),
        ReturnValues: "UPDATED_NEW"
      })
    )
  );
  return versionOf(access, key, result.Attributes);
}
async function deleteDoc(access, key, expected, now) {
  const live = "attribute_exists(pk) AND attribute_not_exists(#deletedAt)";
  const result = await conditionally(
    access,
    "UpdateItem",
    key,
    (client) => client.send(
      new import_client_dynamodb.UpdateItemCommand({
        TableName: access.table,
        Key: docKey(key),
        UpdateExpression: "SET #deletedAt = :now, #ttl = :ttl REMOVE #value, #writer",
        ConditionExpression: expected === "any" ? live : `${live} AND #version = :expected`,
        ExpressionAttributeNames: {
          "#deletedAt": DELETED_AT,
          "#ttl": TTL_ATTRIBUTE,
          "#value": "value",
          "#writer": "writer",
          ...expected !== "any" && { "#version": "version" }
        },
        ExpressionAttributeValues: {
          ":now": { N: String(now) },
          ":ttl": { N: String(Math.ceil((now + TOMBSTONE_RETENTION_MS) / 1e3)) },
          ...expected !== "any" && { ":expected": { N: String(expected) } }
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD"
      })
    )
  );
  if ("failed" in result && result.failed !== void 0 && !isTombstone(result.failed))
    throw conflict("delete", key, expected, result.failed);
}
var DELETED_AT = "deletedAt";
var SET_VALUE = "SET #value = :value, #schema = :schema, #version = if_not_exists(#version, :zero) + :one";
var REMOVE_TOMBSTONE = "REMOVE #deletedAt, #ttl";
function valueAttributes(json, names, values) {
  return {
    ExpressionAttributeNames: {
      "#value": "value",
      "#schema": "schemaVersion",
      "#version": "version",
      "#deletedAt": DELETED_AT,
      "#ttl": TTL_ATTRIBUTE,
      ...names
    },
    ExpressionAttributeValues: {
      ":value": { S: json },
      ":schema": { N: String(SCHEMA_VERSION) },
      ":zero": { N: "0" },
      ":one": { N: "1" },
      ...values
    }
  };
}
function isTombstone(item) {
  return item[DELETED_AT] !== void 0;
}
function versionOf(access, key, item) {
  const version = readVersion(item ?? {});
  if (version === void 0) {
    throw new StateError(`DynamoDB table "${access.table}": put "${key}" returned no version`);
  }
  return version;
}
function conflict(operation, key, expected, found) {
  const version = found === void 0 || isTombstone(found) ? "0" : String(readVersion(found) ?? "an unreadable version");
  return new ConflictError(`${operation} "${key}": expected version ${expected}, found ${version}`);
}
async function conditionally(access, operation, key, write) {
  try {
    return { written: await access.call(operation, write) };
  } catch (error) {
    if (!(error instanceof import_client_dynamodb.ConditionalCheckFailedException)) throw error;
    return { failed: error.Item ?? await getItem(access, key) };
  }
}
async function getItem(access, key) {
  const result = await access.call(
    "GetItem",
    (client) => client.send(new import_client_dynamodb.GetItemCommand({ TableName: access.table, Key: docKey(key), ConsistentRead: true }))
  );
  return result.Item;
}

// src/state/dynamodb/dynamodb-history.ts
var import_promises = __toESM(require_promises(), 1);
var import_client_dynamodb2 = __toESM(require_dist_cjs(), 1);
var BATCH_SIZE = 25;
var UNPROCESSED_RETRY_MS = [50, 100, 200, 400, 800];
async function appendHistoryItem(access, item, pool, limit) {
  if (limit > 0) {
    await access.call(
      "PutItem (history)",
      (client) => client.send(new import_client_dynamodb2.PutItemCommand({ TableName: access.table, Item: item }))
    );
  }
  const keys = await queryNewest(access, pool, { keysOnly: true });
  await deleteItems(access, keys.slice(limit));
}
async function listHistoryItems(access, pool, limit) {
  if (limit === 0) return [];
  const items = await queryNewest(access, pool, { max: limit });
  return items.map((item) => readHistory(item, pool, access.table)).reverse();
}
async function queryNewest(access, pool, options) {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const keysOnly = options.keysOnly === true;
  const items = [];
  let start;
  do {
    const remaining = max - items.length;
    const page = await access.call(
      "Query (history)",
      (client) => client.send(
        new import_client_dynamodb2.QueryCommand({
          TableName: access.table,
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": "pk", ...keysOnly && { "#sk": "sk" } },
          ExpressionAttributeValues: { ":pk": { S: historyPk(pool) } },
          ScanIndexForward: false,
          // An append trims right after its write, and must see that write.
          ConsistentRead: true,
          ...Number.isFinite(remaining) && { Limit: remaining },
          ...keysOnly && { ProjectionExpression: "#pk, #sk" },
          ...start !== void 0 && { ExclusiveStartKey: start }
        })
      )
    );
    items.push(...page.Items ?? []);
    start = page.LastEvaluatedKey;
  } while (start !== void 0 && items.length < max);
  return items;
}
async function deleteItems(access, keys) {
  for (let i = 0; i < keys.length; i += BATCH_SIZE) {
    const requests = keys.slice(i, i + BATCH_SIZE).map((key) => ({ DeleteRequest: { Key: key } }));
    await writeBatch(access, requests);
  }
}
async function writeBatch(access, requests) {
  let pending = requests;
  for (const delay of [0, ...UNPROCESSED_RETRY_MS]) {
    if (delay > 0) await (0, import_promises.setTimeout)(delay);
    const batch = pending;
    const result = await access.call(
      "BatchWriteItem (history trim)",
      (client) => client.send(new import_client_dynamodb2.BatchWriteItemCommand({ RequestItems: { [access.table]: batch } }))
    );
    pending = result.UnprocessedItems?.[access.table] ?? [];
    if (pending.length === 0) return;
  }
  throw new StateError(
    `DynamoDB table "${access.table}": the history entry was appended, but ${pending.length} older entries were left undeleted after ${UNPROCESSED_RETRY_MS.length} retries (throttled); the next append trims them`
  );
}

// src/state/dynamodb/dynamodb-locks.ts
var import_client_dynamodb3 = __toESM(require_dist_cjs(), 1);
async function takeLockItem(access, name, owner, now, ttlMs) {
  const expiresAt = now + ttlMs;
  try {
    await access.call(
      "PutItem (lock)",
      (client) => client.send(
        new import_client_dynamodb3.PutItemCommand({
          TableName: access.table,
          Item: lockItem(name, owner, expiresAt),
          ConditionExpression: "attribute_not_exists(pk) OR #expiresAt <= :now OR #owner = :owner",
          ExpressionAttributeNames: { "#expiresAt": "expiresAt", "#owner": "owner" },
          ExpressionAttributeValues: { ":now": { N: String(now) }, ":owner": { S: owner } }
        })
      )
    );
  } catch (error) {
    if (error instanceof import_client_dynamodb3.ConditionalCheckFailedException) return void 0;
    throw error;
  }
  return { name, owner, expiresAt };
}
async function releaseLockItem(access, name, owner) {
  try {
    await access.call(
      "DeleteItem (lock)",
      (client) => client.send(
        new import_client_dynamodb3.DeleteItemCommand({
          TableName: access.table,
          Key: lockKey(name),
          ConditionExpression: "#owner = :owner",
          ExpressionAttributeNames: { "#owner": "owner" },
          ExpressionAttributeValues: { ":owner": { S: owner } }
        })
      )
    );
  } catch (error) {
    if (!(error instanceof import_client_dynamodb3.ConditionalCheckFailedException)) throw error;
  }
}

// src/state/dynamodb/dynamodb-store.ts
var ALL = /* @__PURE__ */ new Set(["compare-and-set", "locks", "history"]);
var THIRTY_DAYS_S = 30 * 24 * 3600;
var DynamoDbStore = class {
  type = "dynamodb";
  capabilities = ALL;
  table;
  clock;
  client;
  ownsClient;
  historyTtlSeconds;
  instanceId;
  access;
  inFlight = /* @__PURE__ */ new Set();
  historySeq = 0;
  closed = false;
  constructor(options) {
    this.table = options.table;
    this.clock = options.clock;
    this.ownsClient = options.client === void 0;
    this.client = options.client ?? createDynamoDbClient({
      region: options.region,
      endpoint: options.endpoint,
      env: options.env ?? process.env
    });
    this.historyTtlSeconds = options.historyTtlSeconds ?? THIRTY_DAYS_S;
    this.instanceId = options.instanceId ?? (0, import_node_crypto2.randomBytes)(4).toString("hex");
    this.access = { table: this.table, call: (operation, run) => this.call(operation, run) };
  }
  get(key) {
    return this.run(() => {
      checkName("key", key);
      return getDoc(this.access, key);
    });
  }
  put(key, value, expectedVersion) {
    return this.run(() => {
      assertJsonValue(value, "value");
      checkName("key", key);
      checkVersion(expectedVersion);
      const json = JSON.stringify(value);
      return expectedVersion === "any" ? putDocAnyVersion(this.access, key, json) : putDoc(this.access, key, json, expectedVersion);
    });
  }
  delete(key, expectedVersion) {
    return this.run(() => {
      checkName("key", key);
      checkVersion(expectedVersion);
      return deleteDoc(this.access, key, expectedVersion, this.clock());
    });
  }
  lock(name, owner, ttlMs) {
    return this.run(() => {
      checkName("lock name", name);
      checkName("lock owner", owner);
      checkTtl(ttlMs);
      return takeLockItem(this.access, name, owner, this.clock(), ttlMs);
    });
  }
  release(name, owner) {
    return this.run(() => {
      checkName("lock name", name);
      checkName("lock owner", owner);
      return releaseLockItem(this.access, name, owner);
    });
  }
  appendHistory(entry, limit) {
    return this.run(() => {
      assertJsonValue(entry, "history entry");
      checkName("history pool", entry.pool);
      checkLimit(limit);
      const now = this.clock();
      const sk = historySk(now, this.historySeq++, this.instanceId);
      const ttl = Math.floor(now / 1e3) + this.historyTtlSeconds;
      return appendHistoryItem(this.access, historyItem(entry, sk, ttl), entry.pool, limit);
    });
  }
  listHistory(pool, limit) {
    return this.run(() => {
      checkLimit(limit);
      return listHistoryItems(this.access, pool, limit);
    });
  }
  /** Calls already made when close() is called still finish; later ones are refused. */
  async close() {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    if (this.ownsClient) this.client.destroy();
  }
  /** Sends through the client, mapping every failure but a failed condition to StateError. */
  call(operation, send) {
    return send(this.client).catch((error) => {
      if (error instanceof import_client_dynamodb4.ConditionalCheckFailedException) throw error;
      throw stateErrorOf(error, operation, this.table);
    });
  }
  /**
   * Runs one store operation (it may send several requests), as a promise even when an
   * argument check throws, and keeps it until it settles so close() can wait for it.
   */
  run(operation) {
    if (this.closed) {
      return Promise.reject(new StateError(`DynamoDB state store for table "${this.table}" is closed`));
    }
    const pending = Promise.resolve().then(operation);
    this.inFlight.add(pending);
    const forget = () => {
      this.inFlight.delete(pending);
    };
    pending.then(forget, forget);
    return pending;
  }
};
function createDynamoDbStore(options) {
  return new DynamoDbStore(options);
}
var dynamodbBackend = {
  type: "dynamodb",
  create: (config, deps) => {
    const { table, region, endpoint } = config;
    return new DynamoDbStore({ table, region, endpoint, clock: deps.clock, env: deps.env ?? process.env });
  }
};
export {
  DynamoDbStore,
  createDynamoDbStore,
  dynamodbBackend
};
