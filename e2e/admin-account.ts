/** Named in ADMIN_EMAILS of the e2e server (global-setup.ts), so admin pages can be tested in any order. */
export const E2E_ADMIN = { email: "ops-admin@parley.test", password: "correct horse battery", name: "Opal" };
