import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto mt-16 max-w-md text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-slate-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/rooms" className="mt-4 inline-block text-brand-600 hover:underline">
        Back to your rooms
      </Link>
    </div>
  );
}
