import { RoomSearch } from "@/components/admin/RoomSearch";

export default function AdminRoomsPage() {
  return <RoomSearch />;
}
