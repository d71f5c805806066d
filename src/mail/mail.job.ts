import type { JobDefinition, JobPayload } from "../jobs/job";
import type { MailMessage, MailTransport } from "./mail-transport";

export type MailPayload = MailMessage & JobPayload;

export interface MailJobSettings {
  /**
   * How long the message's row is kept once sent. Short when the message carries a secret
   * (a reset link): the database should not keep it longer than it must.
   */
  keepSentSeconds: number;
}

/** Sends one email through the transport; a transport that fails is retried with backoff. */
export function mailJob(
  name: string,
  mailer: MailTransport,
  settings: MailJobSettings,
): JobDefinition<MailPayload> {
  return {
    name,
    retry: { limit: 5, maxDelaySeconds: 60 },
    keepFinishedSeconds: settings.keepSentSeconds,
    async run(_ctx, { to, subject, text }) {
      await mailer.send({ to, subject, text });
    },
  };
}
