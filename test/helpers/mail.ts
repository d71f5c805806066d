import type { TestApp } from "./test-app";
import { waitFor } from "./wait-for";

export interface MailRecord {
  to: string;
  subject: string;
  text: string;
}

/** A node whose log transport's records can be read. */
type Logged = Pick<TestApp, "logs">;

/** Emails the log transport wrote so far, oldest first. */
export function sentMail(t: Logged, to?: string): MailRecord[] {
  return t.logs
    .map((record) => record.mail)
    .filter((mail): mail is MailRecord => typeof mail === "object" && mail !== null && "to" in mail)
    .filter((mail) => to === undefined || mail.to === to);
}

/** Emails are sent by background jobs: waits (bounded) until at least `count` were sent (to `to`). */
export function waitForMail(t: Logged, count: number, to?: string): Promise<MailRecord[]> {
  return waitFor(
    async () => sentMail(t, to),
    (mails) => mails.length >= count,
  );
}

/**
 * The reset token in the newest email sent to `to`, once the email for every reset token
 * stored for that address has been sent (each request stores one and enqueues its email).
 */
export async function latestResetToken(t: TestApp, to: string): Promise<string> {
  const requested = await t.db.prisma.passwordResetToken.count({ where: { user: { email: to } } });
  const mail = (await waitForMail(t, requested, to)).at(-1);
  const token = mail && /\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no reset email with a token was sent to ${to}`);
  return token;
}
