import { findOrCreateAgent, requireOwnAgent } from "@/lib/agents/agents";
import {
  AuthorizationPageError,
  type AuthorizationRequest,
  approve,
  errorRedirect,
  validateAuthorizationRequest,
} from "@/lib/auth/oauth";
import { OAuthError } from "@/lib/auth/oauth-core";
import { readForm, requestOrigin, userRoute } from "@/lib/http/routes";
import { AppError } from "@/lib/platform/errors";
import { createAgentSchema } from "@/lib/platform/schemas";

const redirect = (location: string) => new Response(null, { status: 303, headers: { location } });

// The consent form's answer. The route wrapper refuses cross-site posts, so another site cannot
// approve on a signed-in person's behalf.
export const POST = userRoute(async ({ req, user }) => {
  const origin = requestOrigin(req);
  const form = Object.fromEntries(await readForm(req)) as Record<string, string>;
  let request: AuthorizationRequest;
  try {
    request = await validateAuthorizationRequest(form, origin);
  } catch (err) {
    if (err instanceof AuthorizationPageError) throw new AppError("bad_request", err.message);
    // Client and redirect URI were verified before any OAuthError: it goes back to the client.
    if (err instanceof OAuthError && form.redirect_uri)
      return redirect(errorRedirect({ redirectUri: form.redirect_uri, state: form.state }, err, origin));
    throw err;
  }
  if (form.decision !== "approve")
    return redirect(errorRedirect(request, new OAuthError("access_denied", "The person declined"), origin));

  const agent =
    form.agentId && form.agentId !== "new"
      ? await requireOwnAgent(user.id, form.agentId)
      : await findOrCreateAgent({
          ownerId: user.id,
          ...createAgentSchema.parse({ name: form.newAgentName || "Claude" }),
        });
  return redirect(await approve({ request, userId: user.id, agentId: agent.id, origin }));
});
