import Link from "next/link";
import { FeedbackReview } from "@/components/admin/FeedbackReview";

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
