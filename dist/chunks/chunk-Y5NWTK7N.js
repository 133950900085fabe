import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  toJob
} from "./chunk-EB5KCF72.js";
import {
  _enum,
  array,
  number,
  object,
  string
} from "./chunk-DRG3NORQ.js";
import {
  InputError
} from "./chunk-346N7LIJ.js";

// src/sources/github/workflow-job-event.ts
var payloadSchema = object({
  action: _enum(["queued", "waiting", "in_progress", "completed"]),
  workflow_job: object({
    id: number().int(),
    status: string(),
    labels: array(string()),
    // Older payloads (GHES) lack created_at.
    created_at: string().optional(),
    runner_name: string().nullable().optional()
  }),
  repository: object({ name: string(), owner: object({ login: string() }) })
});
function parseWorkflowJobEvent(payload) {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new InputError(
      "invalid workflow_job payload",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
    );
  }
  const { action, workflow_job: wj, repository } = parsed.data;
  const status = action === "in_progress" ? "in_progress" : action === "waiting" ? "waiting" : "queued";
  const job = toJob({ ...wj, status });
  const runner = wj.runner_name ?? void 0;
  return {
    action,
    owner: repository.owner.login,
    repo: repository.name,
    job: job ?? { id: String(wj.id), state: "queued", labels: wj.labels },
    ...runner !== void 0 && runner !== "" && { runnerName: runner }
  };
}

export {
  parseWorkflowJobEvent
};
