import { RoomSearch } from "@/components/admin/RoomSearch";

export default function AdminRoomsPage() {
  return (
    <div>
      <h1 className="mb-3 text-xl font-semibold">Rooms by metadata</h1>
      <RoomSearch />
    </div>
  );
}
