import { findOrCreateAgent, requireOwnAgent } from "@/lib/agents";
import { AppError } from "@/lib/errors";
import { requestOrigin, userRoute } from "@/lib/http";
import { approve, AuthorizationPageError, errorRedirect, OAuthError, validateAuthorizationRequest } from "@/lib/oauth";
import { createAgentSchema } from "@/lib/schemas";

// The consent form's answer. Only this site's own page may post it: a cross-site form must not be able
// to approve on a signed-in person's behalf.
export const POST = userRoute(async ({ req, user }) => {
  const origin = requestOrigin(req);
  if (req.headers.get("origin") !== origin) throw new AppError("forbidden", "Consent must be given on Parley's own page");
  const form = Object.fromEntries(new URLSearchParams(await req.text())) as Record<string, string>;
  let request: Awaited<ReturnType<typeof validateAuthorizationRequest>>;
  try {
    request = await validateAuthorizationRequest(form, origin);
  } catch (err) {
    if (err instanceof AuthorizationPageError) throw new AppError("bad_request", err.message);
    throw err;
  }
  const redirect = (location: string) => new Response(null, { status: 303, headers: { location } });
  if (form.decision !== "approve") return redirect(errorRedirect(request, new OAuthError("access_denied", "The person declined"), origin));

  const agent =
    form.agentId && form.agentId !== "new"
      ? await requireOwnAgent(user.id, form.agentId)
      : await findOrCreateAgent({ ownerId: user.id, ...createAgentSchema.parse({ name: form.newAgentName || "Claude" }) });
  return redirect(await approve({ request, userId: user.id, agentId: agent.id, origin }));
});
