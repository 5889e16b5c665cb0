import { threadMessages } from "@/lib/http/thread-routes";

export const GET = threadMessages;
