import type { JobDefinition, JobPayload } from "../jobs/job";
import type { MailMessage, MailTransport } from "./mail-transport";

export type MailPayload = MailMessage & JobPayload;

export interface MailJobSettings {
  /** The queue's name: one per kind of email, so each is counted and kept on its own terms. */
  name: string;
  /**
   * How long the message's row is kept once sent. Short when the message carries a secret
   * (a reset link): the database should not keep it longer than it must.
   */
  keepSentSeconds: number;
}

/** Sends one email through the transport; a transport that fails is retried with backoff. */
export function mailJob(
  mailer: MailTransport,
  { name, keepSentSeconds }: MailJobSettings,
): JobDefinition<MailPayload> {
  // The message without the job's own fields (its trace carrier is not for the transport).
  const send = ({ to, subject, text }: MailPayload) => mailer.send({ to, subject, text });
  return {
    name,
    retry: { limit: 5, maxDelaySeconds: 60 },
    keepFinishedSeconds: keepSentSeconds,
    run: (_ctx, payload) => send(payload),
  };
}
