// `npm run admin -- promote <email>` / `npm run admin -- demote <email>`: grants or takes away the admin
// role, on the database in DATABASE_URL or the embedded one, so an operator decides who administers
// Parley rather than whoever registered first.
import { runDomainCommand } from "./lib/runtime";

const USAGE = "usage: npm run admin -- promote <email> | demote <email>";
const ROLES = { promote: "ADMIN", demote: "USER" } as const;

const [command, email, ...extra] = process.argv.slice(2);
if (!(command in ROLES) || !email || extra.length > 0) {
  console.error(`parley admin: ${USAGE}`);
  process.exit(2);
}

await runDomainCommand("admin", async () => {
  const { setRoleByEmail } = await import("../lib/auth/users");
  const user = await setRoleByEmail({ email, role: ROLES[command as keyof typeof ROLES] });
  const stored = command === "promote" ? "is now an admin" : "is no longer an admin";
  const note =
    command === "demote" && user.role === "ADMIN"
      ? " (but ADMIN_EMAILS still names them, so they keep admin rights)"
      : "";
  console.log(`parley admin: ${user.email} ${stored}${note}`);
});
