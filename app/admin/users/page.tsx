import type { Metadata } from "next";
import { PeopleAdmin } from "@/components/admin/PeopleAdmin";

export const metadata: Metadata = { title: "People · Admin" };

export default function AdminPeoplePage() {
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">People</h1>
      <PeopleAdmin />
    </>
  );
}
