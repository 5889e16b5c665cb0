import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { RoomList } from "@/components/rooms/RoomList";
import { currentUser } from "@/lib/auth/authjs";

export const metadata: Metadata = { title: "Rooms" };

export const dynamic = "force-dynamic";

export default async function RoomsPage() {
  if (!(await currentUser())) redirect("/signin?callbackUrl=/rooms");
  return <RoomList />;
}
