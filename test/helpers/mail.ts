import type { TestApp } from "./test-app";

export interface MailRecord {
  to: string;
  subject: string;
  text: string;
}

/** Emails the log transport wrote, oldest first. */
export function sentMail(t: TestApp, to?: string): MailRecord[] {
  return t.logs
    .map((record) => record.mail)
    .filter((mail): mail is MailRecord => typeof mail === "object" && mail !== null && "to" in mail)
    .filter((mail) => to === undefined || mail.to === to);
}

/** The reset token in the newest email sent to `to`. */
export function latestResetToken(t: TestApp, to: string): string {
  const mail = sentMail(t, to).at(-1);
  const token = mail && /\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no reset email with a token was sent to ${to}`);
  return token;
}
