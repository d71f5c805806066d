import pino, { type DestinationStream, type Logger } from "pino";
import type { Config } from "./config";

/**
 * Structured JSON logs. Credentials never reach them: the Authorization and Bazaar-Client-Token
 * headers and any password or token field in a logged object are censored.
 */
export function createLogger(config: Pick<Config, "logLevel">, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: "bazaar" },
      redact: {
        paths: [
          "req.headers.authorization",
          'req.headers["bazaar-client-token"]',
          "req.headers.cookie",
          "*.password",
          "*.newPassword",
          "*.currentPassword",
          "*.token",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
