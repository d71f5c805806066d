import type { Prisma } from "../../generated/prisma/client";

/** An endpoint Bazaar has just turned off. */
export interface DisabledEndpoint {
  id: string;
  url: string;
  disabledReason: string;
}

/**
 * A delivery to the endpoint FAILED: one more in its run of failures, and at `disableAfter`
 * the endpoint is turned off. The increment locks the endpoint's row, so of deliveries that
 * fail at the same moment exactly one sees the count reach the limit and turns it off.
 * @returns the endpoint when this failure turned it off.
 */
export async function deliveryFailed(
  tx: Prisma.TransactionClient,
  endpointId: string,
  disableAfter: number,
): Promise<DisabledEndpoint | null> {
  const [endpoint] = await tx.$queryRaw<{ url: string; active: boolean; failures: number }[]>`
    UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1
    WHERE id = ${endpointId}::uuid
    RETURNING url, active, consecutive_failures AS failures`;
  if (!endpoint?.active || endpoint.failures < disableAfter) return null;
  const disabledReason = `Turned off after ${endpoint.failures} failed deliveries in a row.`;
  await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { active: false, disabledReason } });
  return { id: endpointId, url: endpoint.url, disabledReason };
}
