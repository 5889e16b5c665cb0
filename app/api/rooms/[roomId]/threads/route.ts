import { yourThreads } from "@/lib/http/thread-routes";

export const GET = yourThreads;
