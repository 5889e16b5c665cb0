import type { Metadata } from "next";
import Link from "next/link";
import { FeedbackReview } from "@/components/admin/FeedbackReview";

export const metadata: Metadata = { title: "Feedback item · Admin" };

export default async function FeedbackItemPage({
  params,
  searchParams,
}: {
  params: Promise<{ feedbackId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { feedbackId } = await params;
  // The list's filters, as the list put them in the link: back to that list, and next/previous within it.
  const filter = new URLSearchParams(
    Object.entries(await searchParams).flatMap(([key, value]) =>
      typeof value === "string" && value ? [[key, value]] : [],
    ),
  ).toString();
  return (
    <>
      <Link
        href={`/admin/feedback${filter ? `?${filter}` : ""}`}
        className="mb-2 inline-block text-sm text-brand-600 hover:underline"
      >
        ← All feedback
      </Link>
      <FeedbackReview key={feedbackId} id={feedbackId} filter={filter} />
    </>
  );
}
