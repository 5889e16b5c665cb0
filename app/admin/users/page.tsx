import { PeopleAdmin } from "@/components/admin/PeopleAdmin";

export default function AdminPeoplePage() {
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">People</h1>
      <PeopleAdmin />
    </>
  );
}
