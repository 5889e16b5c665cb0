import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { killLeftoverAppServers } from "./app-server";
import { admin, withDatabase } from "./database";

// Each test file runs against its own copy of the migrated template: tests never see each other's rows.
const templateUrl = inject("templateDatabaseUrl");
const template = new URL(templateUrl).pathname.slice(1);
const database = `parley_t_${randomBytes(6).toString("hex")}`;
await admin(templateUrl, (client) => client.query(`CREATE DATABASE ${database} TEMPLATE ${template}`).then(() => {}));
process.env.DATABASE_URL = withDatabase(templateUrl, database);

afterAll(killLeftoverAppServers);
