import { redirect } from "next/navigation";
import { signInAction } from "@/app/(auth)/actions";
import { AuthForm } from "@/components/auth/AuthForm";
import { currentUser, githubEnabled, signIn } from "@/lib/auth";

export const dynamic = "force-dynamic";

export default async function Page({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  if (await currentUser()) redirect(callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/rooms");
  async function github() {
    "use server";
    await signIn("github", { redirectTo: callbackUrl ?? "/rooms" });
  }
  return (
    <AuthForm mode="signin" action={signInAction} callbackUrl={callbackUrl} githubEnabled={githubEnabled} githubAction={github} />
  );
}
