import type { TestProject } from "vitest/node";
import { openTestDatabase } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
  }
}

/** One migrated template database for the run; every test file gets a fresh copy of it (test/setup-db.ts). */
export default async function setup(project: TestProject) {
  const template = await openTestDatabase(`parley_template_${process.pid}`);
  project.provide("templateDatabaseUrl", template.url);
  return template.close;
}
