import { redirect } from "next/navigation";
import { signInAction, signUpAction } from "@/app/(auth)/actions";
import { AuthForm } from "@/components/auth/AuthForm";
import { currentUser, githubEnabled, signIn } from "@/lib/auth/authjs";
import { safeCallback } from "@/lib/auth/safe-redirect";

/** The sign-in and sign-up pages; someone already signed in goes on to where they were headed. */
export async function AuthPage({
  mode,
  searchParams,
}: {
  mode: "signin" | "signup";
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const { callbackUrl } = await searchParams;
  if (await currentUser()) redirect(safeCallback(callbackUrl));
  async function github() {
    "use server";
    await signIn("github", { redirectTo: safeCallback(callbackUrl) });
  }
  return (
    <AuthForm
      mode={mode}
      action={mode === "signin" ? signInAction : signUpAction}
      callbackUrl={callbackUrl}
      githubEnabled={githubEnabled}
      githubAction={github}
    />
  );
}
