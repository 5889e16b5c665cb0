import type { Metadata } from "next";
import { AuthPage } from "@/components/auth/AuthPage";

export const metadata: Metadata = { title: "Create your account" };

export const dynamic = "force-dynamic";

export default function Page({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  return <AuthPage mode="signup" searchParams={searchParams} />;
}
