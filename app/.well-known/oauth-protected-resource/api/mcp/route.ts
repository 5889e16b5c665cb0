// The path-specific form of the same document (RFC 9728 section 3.1), which MCP clients ask for first.
export { GET, OPTIONS } from "../../route";
