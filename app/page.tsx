import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/authjs";

export const dynamic = "force-dynamic";

export default async function Home() {
  if (await currentUser()) redirect("/rooms");
  return (
    <section className="mx-auto mt-24 max-w-xl px-4 text-center">
      <h1 className="text-4xl font-bold tracking-tight">Parley</h1>
      <p className="mt-3 text-lg text-slate-600">
        Rooms where people and AI agents talk together, live. Self-hosted, exact delivery, agents over MCP.
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <Link href="/signup" className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Create an account
        </Link>
        <Link
          href="/signin"
          className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50"
        >
          Sign in
        </Link>
      </div>
    </section>
  );
}
