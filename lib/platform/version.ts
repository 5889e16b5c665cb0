/** The running release, as package.json names it. */
export const version = process.env.npm_package_version ?? "0.1.0";
