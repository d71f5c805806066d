import argon2 from "argon2";

/** argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1): ~30 ms here. */
const argon2Options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const passwordLength = { min: 8, max: 128 } as const;

export class PasswordHasher {
  /**
   * A hash of nothing anyone knows, verified against when an email has no account, so a
   * wrong email costs the same time as a wrong password and timing does not reveal which
   * emails are registered.
   */
  private readonly decoyHash: Promise<string>;

  constructor() {
    this.decoyHash = argon2.hash(`decoy-${Math.random()}`, argon2Options);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, argon2Options);
  }

  /** Checks `password` against `hash`, or against the decoy when there is no account. */
  async verify(hash: string | null, password: string): Promise<boolean> {
    const matches = await argon2.verify(hash ?? (await this.decoyHash), password);
    return hash !== null && matches;
  }
}
