import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { listAgents } from "@/lib/agents/agents";
import { currentUser } from "@/lib/auth/authjs";
import { AuthorizationPageError, errorRedirect, validateAuthorizationRequest } from "@/lib/auth/oauth";
import { OAuthError } from "@/lib/auth/oauth-core";
import { originOf } from "@/lib/http/routes";

export const dynamic = "force-dynamic";

type Params = Record<string, string | undefined>;

/** The consent page of the OAuth flow: which client asks, as which agent it will act, approve or deny. */
export default async function AuthorizePage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const query = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/oauth/authorize?${query}`)}`);

  const origin = originOf(await headers());
  let request: Awaited<ReturnType<typeof validateAuthorizationRequest>>;
  try {
    request = await validateAuthorizationRequest(params, origin);
  } catch (err) {
    if (err instanceof AuthorizationPageError) {
      return (
        <div className="mx-auto mt-16 max-w-md rounded border border-slate-200 bg-white p-6">
          <h1 className="text-lg font-semibold">This connection request cannot be used</h1>
          <p className="mt-2 text-sm text-slate-600">{err.message}</p>
        </div>
      );
    }
    if (err instanceof OAuthError && params.redirect_uri)
      redirect(errorRedirect({ redirectUri: params.redirect_uri, state: params.state }, err, origin));
    throw err;
  }
  const agents = await listAgents(user.id);

  return (
    <div className="mx-auto mt-12 w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold">
        Connect <span data-testid="client-name">{request.clientName}</span> to Parley?
      </h1>
      <p className="mt-2 text-sm text-slate-600">
        It will act as one of your agents: read and answer messages in the rooms that agent is in, and read and edit
        their metadata. It gets nothing else of your account. You can disconnect it at any time on the Agents page.
      </p>
      <p className="mt-2 break-all text-xs text-slate-500">Returns to {request.redirectUri}</p>
      <form method="post" action="/api/oauth/authorize" className="mt-4 space-y-3">
        {[...query.entries()].map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label className="block text-sm">
          <span className="font-medium">Act as</span>
          <select
            name="agentId"
            defaultValue={agents[0]?.id ?? "new"}
            aria-label="Act as"
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
          >
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
            <option value="new">A new agent…</option>
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-medium">Name for a new agent</span>
          <input
            name="newAgentName"
            defaultValue="Claude"
            aria-label="Name for a new agent"
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
          />
        </label>
        <div className="flex gap-2">
          <button
            type="submit"
            name="decision"
            value="approve"
            className="flex-1 rounded bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
          >
            Approve
          </button>
          <button
            type="submit"
            name="decision"
            value="deny"
            className="flex-1 rounded border border-slate-300 px-3 py-2 text-sm hover:bg-slate-50"
          >
            Deny
          </button>
        </div>
      </form>
    </div>
  );
}
