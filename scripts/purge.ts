// `npm run purge [-- --days N]`: one retention run now (RETENTION_DAYS unless --days is given), on the
// database in DATABASE_URL or the embedded one. Prints what it removed.
import { runDomainCommand } from "./lib/runtime";

const flag = process.argv.indexOf("--days");
const daysArg = flag >= 0 ? process.argv[flag + 1] : undefined;
const days = Number(daysArg ?? process.env.RETENTION_DAYS);
if (!Number.isInteger(days) || days < 1) {
  console.error("parley purge: set RETENTION_DAYS or pass --days <N> (whole days, at least 1)");
  process.exit(2);
}

await runDomainCommand("purge", async () => {
  const { purgeExpired } = await import("../lib/ops/retention");
  const result = await purgeExpired({ retentionDays: days, signal: new AbortController().signal });
  console.log(
    `parley purge: removed ${result.messages} messages, ${result.feedback} feedback, ${result.metadataChanges} metadata changes ` +
      `older than ${result.cutoff}; archived ${result.roomsArchived} idle rooms`,
  );
});
