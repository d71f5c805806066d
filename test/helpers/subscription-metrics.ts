import type { TestApp } from "./test-app";

/** A subscription field's results so far on this node, as /metrics counts them. */
export interface SubscriptionResults {
  /** Executions of an event's document (one per subscriber, or one per group sharing it). */
  executed: number;
  /** Results taken from another subscriber's execution of the same event. */
  shared: number;
}

export async function subscriptionResults(
  t: Pick<TestApp, "baseUrl">,
  field: string,
): Promise<SubscriptionResults> {
  const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
  const count = (source: string): number => {
    const line = new RegExp(
      `^bazaar_subscription_results_total\\{field="${field}",source="${source}"\\} (\\d+)$`,
      "m",
    );
    return Number(line.exec(text)?.[1] ?? 0);
  };
  return { executed: count("executed"), shared: count("shared") };
}

/** What happened between two readings. */
export function resultsSince(before: SubscriptionResults, after: SubscriptionResults): SubscriptionResults {
  return { executed: after.executed - before.executed, shared: after.shared - before.shared };
}
