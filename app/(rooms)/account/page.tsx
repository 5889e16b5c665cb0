import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountSettings } from "@/components/account/AccountSettings";
import { currentUser } from "@/lib/auth/authjs";
import { getAccount } from "@/lib/auth/users";

export const metadata: Metadata = { title: "Account" };

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=/account");
  return <AccountSettings account={await getAccount(user.id)} />;
}
