import { readThread } from "@/lib/http/thread-routes";

export const POST = readThread;
