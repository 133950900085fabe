/**
 * The user data script for the launch template (docs/providers/ec2.md). CreateFleet
 * overrides cannot carry user data, so the script is the same for every instance and finds
 * its own runner config: the instance tag `ci-scaler:config-parameter` names an SSM
 * SecureString, which it reads (with decryption), deletes, and exports to the runner.
 *
 * The instance ends itself: after the runner exits, and in any case after the hard lifetime
 * (`shutdown -h +N`). With `InstanceInitiatedShutdownBehavior: terminate` on the launch
 * template a shutdown terminates the instance, so none outlives a lost controller.
 */
import { TAG } from './tags.js';

export interface BootstrapOptions {
  /** The pool's `hardLifetime` in ms; rounded up to whole minutes for `shutdown`. */
  readonly hardLifetimeMs: number;
  /** Where the runner is installed on the AMI. */
  readonly runnerDir?: string;
  /** The unprivileged user the runner runs as. */
  readonly runnerUser?: string;
  /**
   * What starts the runner, in `runnerDir`. The GitHub runner reads each `--option` from an
   * `ACTIONS_RUNNER_INPUT_<OPTION>` variable, so `./run.sh` takes the JIT config from the
   * env without putting it on a command line that `ps` shows.
   */
  readonly command?: string;
}

export const BOOTSTRAP_DEFAULTS = {
  runnerDir: '/opt/actions-runner',
  runnerUser: 'runner',
  command: './run.sh',
} as const;

export function hardLifetimeMinutes(hardLifetimeMs: number): number {
  return Math.max(1, Math.ceil(hardLifetimeMs / 60_000));
}

/** POSIX single quotes: safe for any value. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function bootstrapScript(options: BootstrapOptions): string {
  const dir = shellQuote(options.runnerDir ?? BOOTSTRAP_DEFAULTS.runnerDir);
  const user = shellQuote(options.runnerUser ?? BOOTSTRAP_DEFAULTS.runnerUser);
  const command = options.command ?? BOOTSTRAP_DEFAULTS.command;
  return `#!/bin/bash
# ci-scaler EC2 bootstrap: one job, then the instance shuts down (and, with the launch
# template's InstanceInitiatedShutdownBehavior=terminate, is terminated).
set -uo pipefail

# Hard lifetime first: whatever happens below, the instance is gone after this.
shutdown -h +${hardLifetimeMinutes(options.hardLifetimeMs)} 'ci-scaler: hard lifetime reached'

IMDS=http://169.254.169.254/latest
IMDS_TOKEN=$(curl -sf -X PUT "$IMDS/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600')
imds() { curl -sf -H "X-aws-ec2-metadata-token: $IMDS_TOKEN" "$IMDS/meta-data/$1"; }
INSTANCE_ID=$(imds instance-id)
AWS_DEFAULT_REGION=$(imds placement/region)
export AWS_DEFAULT_REGION

finish() {
  rc=$?
  # Best effort (needs ec2:CreateTags on itself): ci-scaler lists the runner's exit code.
  aws ec2 create-tags --resources "$INSTANCE_ID" --tags "Key=${TAG.exitCode},Value=$rc" || true
  shutdown -h now 'ci-scaler: runner finished'
}
trap finish EXIT

# The parameter name is an instance tag: from instance metadata when the launch template
# allows tags in metadata, else through the API (ec2:DescribeTags).
PARAM=$(imds 'tags/instance/${TAG.configParameter}') || PARAM=$(aws ec2 describe-tags \\
  --filters "Name=resource-id,Values=$INSTANCE_ID" "Name=key,Values=${TAG.configParameter}" \\
  --query 'Tags[0].Value' --output text) || exit 70
CONFIG=$(aws ssm get-parameter --name "$PARAM" --with-decryption --query Parameter.Value --output text) || exit 71
# Read once: nobody else needs it, and a leaked copy would be a registered runner.
aws ssm delete-parameter --name "$PARAM" || true

ENV_FILE=$(mktemp)
chmod 600 "$ENV_FILE"
python3 -c 'import json, shlex, sys
for key, value in json.load(sys.stdin).items():
    print("export %s=%s" % (key, shlex.quote(value)))' <<<"$CONFIG" >"$ENV_FILE" || exit 72
unset CONFIG
chown ${user} "$ENV_FILE"
cd ${dir} || exit 73
runuser -u ${user} -- bash -c '. "$1" && rm -f "$1" && exec ${command.replace(/'/g, `'\\''`)}' ci-scaler-runner "$ENV_FILE"
`;
}
