import "server-only";
import Anthropic from "@anthropic-ai/sdk";
import { AppError } from "@/lib/platform/errors";

/**
 * Why a call to the Anthropic API failed, in words for people (never the key, never the request), and
 * whether trying again can help. A refused key, a model that is gone or a refused request fail the same way
 * every time: the agent pauses at once. Overload, rate limits and network trouble pass: it tries again.
 */
export type ApiFailure = {
  reason: string;
  /** Trying again will fail the same way until someone changes a setting. */
  lasting: boolean;
  /** The setting at fault, for a form to point at. */
  field?: "apiKey" | "model";
};

const detailOf = (err: InstanceType<typeof Anthropic.APIError>) =>
  (err.error as { error?: { message?: string } } | undefined)?.error?.message?.slice(0, 200);

export function apiFailure(err: unknown, model?: string): ApiFailure {
  if (err instanceof AppError) return { reason: err.message, lasting: true, field: "apiKey" };
  if (err instanceof Anthropic.APIConnectionTimeoutError)
    return { reason: "the Anthropic API did not answer in time", lasting: false };
  if (err instanceof Anthropic.APIConnectionError)
    return { reason: "the Anthropic API could not be reached", lasting: false };
  if (err instanceof Anthropic.AuthenticationError)
    return { reason: "the Anthropic API refused the API key", lasting: true, field: "apiKey" };
  if (err instanceof Anthropic.PermissionDeniedError)
    return { reason: "the Anthropic API does not allow this API key to do that", lasting: true, field: "apiKey" };
  if (err instanceof Anthropic.NotFoundError)
    return {
      reason: `the model ${model ? `“${model}” ` : ""}is not available to this API key any more`,
      lasting: true,
      field: "model",
    };
  if (err instanceof Anthropic.RateLimitError)
    return { reason: "the Anthropic API is rate-limiting this key (429)", lasting: false };
  if (err instanceof Anthropic.BadRequestError) {
    const detail = detailOf(err);
    return { reason: `the Anthropic API refused the request (400${detail ? `: ${detail}` : ""})`, lasting: true };
  }
  if (err instanceof Anthropic.APIError) {
    const detail = detailOf(err);
    return {
      reason: `the Anthropic API answered ${err.status ?? "an error"}${detail ? ` (${detail})` : ""}`,
      lasting: false,
    };
  }
  return { reason: "something went wrong on Parley's side", lasting: false };
}
