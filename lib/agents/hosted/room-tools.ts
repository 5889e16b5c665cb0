import "server-only";
import type { Tool } from "@anthropic-ai/sdk/resources/messages";
import type { z } from "zod";
import type { AuthenticatedAgent } from "@/lib/agents/agents";
import { type AgentOperationName, agentOperations, callAgentOperation, wireJsonSchema } from "@/lib/agents/api";
import { AppError } from "@/lib/platform/errors";

// What the model may do in the room besides answering: the agent API's reads, metadata and reactions, with
// the same permissions as any agent's.
const TOOL_NAMES = ["get_history", "get_room_status", "get_metadata", "update_metadata", "react"] as const;

export const roomTools: Tool[] = TOOL_NAMES.map((name) => {
  const op = agentOperations[name];
  // The room is the one being answered: runRoomTool fills room_id in.
  const input = (op.input as z.ZodObject<{ room_id: z.ZodString }>).omit({ room_id: true });
  return { name, description: op.description, input_schema: wireJsonSchema(input, "input") };
});

/** A tool call of the model's, run as the agent in `roomId`; a refused call is a tool error the model reads. */
export async function runRoomTool(agent: AuthenticatedAgent, roomId: string, name: string, input: unknown) {
  if (!(TOOL_NAMES as readonly string[]).includes(name)) return { content: `Unknown tool ${name}`, isError: true };
  try {
    const args = { ...(input as object), room_id: roomId };
    return {
      content: JSON.stringify(await callAgentOperation(agent, name as AgentOperationName, args)),
      isError: false,
    };
  } catch (err) {
    if (err instanceof AppError) return { content: err.message, isError: true };
    throw err;
  }
}
