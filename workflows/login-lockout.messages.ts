/** Started by the API when failed logins lock an existing person's account; once per lockout (the id names it). */
export interface LoginLockoutInput {
  personId: string;
  personName: string;
  /** As typed at login, lower-cased. */
  email: string;
  /** Failures that caused the lockout. */
  failures: number;
  /** ISO instant. */
  lockedUntil: string;
  /** The client address of the attempt that locked it. */
  address: string;
}
