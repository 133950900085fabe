import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  awsRegion,
  awsRequestTimeout,
  count,
  durationAtLeast,
  nonEmptyString
} from "./chunk-7AVGHHRG.js";
import {
  _enum,
  array,
  literal,
  record,
  strictObject,
  string,
  url
} from "./chunk-DRG3NORQ.js";

// src/config/ec2-schema.ts
var EC2_SELECTION_LABELS = ["cpu", "ram", "family", "arch", "spot", "disk"];
var tagKey = string().min(1).max(128).refine((key) => !key.startsWith("ci-scaler:") && !key.startsWith("aws:"), {
  message: 'tags starting with "ci-scaler:" or "aws:" are reserved'
});
var ec2ProviderSchema = strictObject({
  type: literal("ec2").describe("Amazon EC2: one instance per job, from a launch template."),
  region: awsRegion.describe("AWS region, e.g. eu-west-1."),
  endpoint: url().optional().describe("EC2 API endpoint to use instead of the regional one (a VPC endpoint or a test server)."),
  ssmEndpoint: url().optional().describe(
    "SSM API endpoint (runner configs are kept in Parameter Store) to use instead of the regional one; a subnet without internet access needs a VPC endpoint for each service."
  ),
  requestTimeout: awsRequestTimeout("EC2 or SSM"),
  launchTemplate: nonEmptyString.describe("Launch template (id lt-... or name) the instances start from."),
  launchTemplateVersion: nonEmptyString.default("$Default").describe("Launch template version: a number, $Default or $Latest."),
  instanceTypes: array(nonEmptyString).min(1).optional().describe("Instance types to try, in order of preference; default: the one in the launch template."),
  subnets: array(string().regex(/^subnet-[0-9a-f]+$/, { error: "must be a subnet id such as subnet-0abc123" })).min(1).optional().describe("Subnets to spread over (one per availability zone); default: the launch template one."),
  spot: _enum(["prefer", "only", "never"]).default("prefer").describe("Spot capacity: prefer (fall back to on-demand on capacity errors), only, or never."),
  labelSelection: array(_enum(EC2_SELECTION_LABELS)).default([]).describe(
    "Job labels allowed to choose the instance: cpu=4, cpu=4+16, ram=8+32 (GiB), family=c7g+m7g, arch=arm64|amd64, spot=false, disk=100 (GiB). Empty: labels never change the instance."
  ),
  rootDevice: nonEmptyString.default("/dev/xvda").describe("Device name of the root volume that disk= resizes (the AMI root device)."),
  ssmPrefix: string().regex(/^(\/[A-Za-z0-9_.-]+)+$/, { error: "must be an SSM parameter path such as /ci-scaler" }).default("/ci-scaler").describe("SSM path under which each worker runner config is stored as a SecureString."),
  hardLifetime: durationAtLeast(6e4).prefault("6h").describe("An instance shuts itself down (and terminates) after this long, even if ci-scaler is gone."),
  circuitBreaker: strictObject({
    failures: count.min(1).default(3).describe("Capacity errors in a row that open the circuit."),
    cooldown: durationAtLeast(1e3).prefault("10m").describe("How long an open circuit skips its type and zone.")
  }).prefault({}).describe("Skip an instance type in an availability zone after repeated capacity errors."),
  tags: record(tagKey, string().max(256)).default({}).describe("Extra tags for instances (the ci-scaler:* tags are always set).")
});

export {
  EC2_SELECTION_LABELS,
  ec2ProviderSchema
};
