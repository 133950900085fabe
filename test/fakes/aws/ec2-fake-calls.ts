/**
 * The fake's switchboard: records every call under its IAM action name (a throttled or
 * refused call still needs its permission), then plays injected faults, then the handler.
 */
import { fakeErrors } from './ec2-fake-errors.js';

export interface RecordedCall {
  readonly action: string;
  readonly input: unknown;
}

interface Fault {
  readonly action?: string;
  readonly error: () => Error;
  remaining: number;
}

export type Serve = <I, O>(
  service: 'ec2' | 'ssm',
  command: { readonly name: string },
  handler: (input: I) => O,
) => (input: I) => Promise<O>;

export class CallRecorder {
  readonly calls: RecordedCall[] = [];
  private readonly faults: Fault[] = [];
  private readonly denied = new Set<string>();

  /** `CreateFleetCommand` of service ec2 is `ec2:CreateFleet`. */
  readonly serve: Serve = (service, command, handler) => {
    const action = `${service}:${command.name.replace(/Command$/, '')}`;
    return (input) => {
      // A copy: paginators reuse and change their input object between pages.
      this.calls.push({ action, input: structuredClone(input) });
      try {
        this.inject(action);
        return Promise.resolve(handler(input));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
  };

  throttleNext(count: number, action?: string): void {
    this.faults.push({
      ...(action !== undefined && { action }),
      remaining: count,
      error: () => (action?.startsWith('ssm:') ? fakeErrors.ssmThrottling() : fakeErrors.ec2Throttling()),
    });
  }

  failNext(action: string, error: Error, count = 1): void {
    this.faults.push({ action, remaining: count, error: () => error });
  }

  deny(action: string): void {
    this.denied.add(action);
  }

  private inject(action: string): void {
    if (this.denied.has(action)) {
      throw action.startsWith('ssm:')
        ? fakeErrors.ssmAccessDenied(action)
        : fakeErrors.ec2Unauthorized(action);
    }
    const fault = this.faults.find((f) => f.remaining > 0 && (f.action === undefined || f.action === action));
    if (fault === undefined) return;
    fault.remaining -= 1;
    throw fault.error();
  }
}
