"use client";

import useSWR from "swr";
import { Time } from "@/components/ui/Time";
import { useAction } from "@/components/ui/useAction";
import { api, fetcher } from "@/lib/client/api";

type Delivery = {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
};

export const deliveriesKey = (webhookId: string) => `/api/admin/webhooks/${webhookId}/deliveries`;

/** A webhook's recent deliveries, refreshed while shown; a failed or pending one can be sent again. */
export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const { data, mutate } = useSWR<{ deliveries: Delivery[] }>(deliveriesKey(webhookId), fetcher, {
    refreshInterval: 3000,
  });
  const action = useAction();
  if (!data) return <p className="text-xs text-slate-500">Loading deliveries…</p>;
  if (data.deliveries.length === 0) return <p className="text-xs text-slate-500">No deliveries yet.</p>;
  return (
    <>
      {action.error && <p className="mt-2 text-xs text-red-600">{action.error}</p>}
      <table className="stack-on-phone mt-2 w-full text-left text-xs">
        <thead className="text-slate-500">
          <tr>
            <th>When</th>
            <th>Event</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Last error</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.deliveries.map((d) => (
            <tr key={d.id} className="border-t border-slate-100">
              <td>
                <Time iso={d.createdAt} />
              </td>
              <td>{d.event}</td>
              <td
                className={d.status === "failed" ? "text-red-600" : d.status === "succeeded" ? "text-emerald-700" : ""}
              >
                {d.status}
                {d.nextAttemptAt && d.status === "pending" && (
                  <>
                    {" "}
                    (next <Time iso={d.nextAttemptAt} format="time" />)
                  </>
                )}
              </td>
              <td>{d.attempts}</td>
              <td className="max-w-48 truncate max-md:max-w-none" title={d.lastError ?? ""}>
                {d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : "")}
              </td>
              <td>
                <button
                  type="button"
                  className="text-brand-600 hover:underline"
                  onClick={() =>
                    action.run(async () => {
                      await api(`/api/admin/webhooks/deliveries/${d.id}/resend`, { method: "POST" });
                      await mutate();
                    })
                  }
                >
                  Resend
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
