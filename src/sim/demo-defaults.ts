/**
 * What `ci-scaler demo` runs with no file at hand: the config of examples/config/demo.yaml
 * (a test keeps the two equal) and the weekday trace of examples/traces/weekday.jsonl,
 * which the generator rebuilds from these options byte for byte.
 */
import type { GenerateOptions } from './trace-generate.js';

export const DEMO_CONFIG = `# yaml-language-server: $schema=../../schema/ci-scaler.schema.json
#
# The config \`ci-scaler demo\` simulates (it carries a copy of this file): three pools of
# GitHub runners, told apart by their labels, with the \`simulation:\` block saying how
# their machines behave (boot time, crashes at boot, spot interruptions, price). Try
# \`ci-scaler simulate -c examples/config/demo.yaml --trace examples/traces/weekday.jsonl
#  --compare poll-30s,cron-scale-down,min-plus-assigned,threshold --report report.html\`.

pools:
  - name: linux
    source: { type: github, owner: acme, labels: [self-hosted, linux] }
    provider: { type: docker, image: ghcr.io/actions/actions-runner:latest }
    max: 40
    policy: balanced
    simulation: { boot: { median: 40s, p95: 75s }, failAtBoot: 0.01, pricePerHour: 0.10 }
  - name: large
    priority: 1
    source: { type: github, owner: acme, labels: [self-hosted, linux, large] }
    provider: { type: docker, image: ghcr.io/actions/actions-runner:latest, cpus: 8, memory: 32g }
    max: 15
    policy: balanced
    simulation: { boot: { median: 50s, p95: 90s }, failAtBoot: 0.01, pricePerHour: 0.40 }
  - name: arm64
    priority: 1
    source: { type: github, owner: acme, labels: [self-hosted, linux, arm64] }
    provider: { type: docker, image: ghcr.io/actions/actions-runner:latest }
    max: 15
    policy: balanced
    simulation:
      {
        boot: { median: 45s, p95: 80s },
        failAtBoot: 0.01,
        spotInterruptionsPerHour: 0.05,
        pricePerHour: 0.06,
      }
state: { type: memory }
`;

export const DEMO_TRACE: GenerateOptions = { pattern: 'weekday', jobs: 3000, days: 7, seed: 1 };
