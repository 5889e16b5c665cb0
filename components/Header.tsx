import Link from "next/link";
import { RoomsLink } from "@/components/rooms/RoomsLink";
import { SearchBox } from "@/components/search/SearchBox";
import { ThemeToggle } from "@/components/ThemeToggle";
import { PhoneMenu } from "@/components/ui/PhoneMenu";
import { currentUser, signOut } from "@/lib/auth/authjs";

export async function Header() {
  const user = await currentUser();
  return (
    <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-2">
      <nav aria-label="Main" className="flex flex-wrap items-center gap-x-3 gap-y-1 sm:gap-x-4">
        <Link href="/" className="text-lg font-semibold text-brand-700">
          Parley
        </Link>
        {user && (
          <>
            <RoomsLink />
            <Link href="/agents" className="text-sm text-slate-600 hover:text-slate-900">
              Agents
            </Link>
            <Link href="/account" className="text-sm text-slate-600 hover:text-slate-900">
              Account
            </Link>
            {user.role === "ADMIN" && (
              <Link href="/admin" className="text-sm text-slate-600 hover:text-slate-900">
                Admin
              </Link>
            )}
          </>
        )}
      </nav>
      {user ? (
        // On a phone the search, theme and sign-out fold behind "Menu": the header stays one line.
        <PhoneMenu label="Menu" wideAt="sm" className="text-sm">
          <SearchBox />
          <ThemeToggle />
          <span data-testid="signed-in-as" className="hidden text-slate-700 sm:inline">
            <bdi>{user.name}</bdi>
            {user.role === "ADMIN" && (
              <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800">admin</span>
            )}
          </span>
          <form
            action={async () => {
              "use server";
              await signOut({ redirectTo: "/signin" });
            }}
          >
            <button type="submit" className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </PhoneMenu>
      ) : (
        <div className="flex items-center gap-2 text-sm">
          <ThemeToggle />
          <Link href="/signin" className="rounded px-2 py-1 hover:bg-slate-100">
            Sign in
          </Link>
          <Link href="/signup" className="rounded bg-brand-600 px-2 py-1 text-white hover:bg-brand-700">
            Sign up
          </Link>
        </div>
      )}
    </header>
  );
}
