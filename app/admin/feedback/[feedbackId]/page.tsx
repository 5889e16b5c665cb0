import type { Metadata } from "next";
import Link from "next/link";
import { FeedbackReview } from "@/components/admin/FeedbackReview";

export const metadata: Metadata = { title: "Feedback item · Admin" };

export default async function FeedbackItemPage({ params }: { params: Promise<{ feedbackId: string }> }) {
  const { feedbackId } = await params;
  return (
    <>
      <Link href="/admin/feedback" className="mb-2 inline-block text-sm text-brand-600 hover:underline">
        ← All feedback
      </Link>
      <FeedbackReview id={feedbackId} />
    </>
  );
}
