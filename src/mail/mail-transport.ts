import type { Logger } from "pino";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where Bazaar's emails go. Swap in an SMTP or API-backed transport for production. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
}

/**
 * The default transport: writes each email to the log as a structured record (`mail`), so
 * development and tests can read what would have been sent.
 */
export class LogMailTransport implements MailTransport {
  constructor(private readonly logger: Logger) {}

  async send(message: MailMessage): Promise<void> {
    this.logger.info({ mail: message }, `mail to ${message.to}: ${message.subject}`);
  }
}
