import type { Metadata } from "next";
import { RoomSearch } from "@/components/admin/RoomSearch";

export const metadata: Metadata = { title: "Rooms by metadata · Admin" };

export default function AdminRoomsPage() {
  return (
    <div>
      <h1 className="mb-3 text-xl font-semibold">Rooms by metadata</h1>
      <RoomSearch />
    </div>
  );
}
