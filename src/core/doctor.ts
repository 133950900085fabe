/** One line of `ci-scaler doctor`: what was checked, whether it passed, and the fix when not. */
export interface DoctorCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly fix?: string;
}
