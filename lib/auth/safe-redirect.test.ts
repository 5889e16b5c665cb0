import { describe, expect, it } from "vitest";
import { safeCallback } from "@/lib/auth/safe-redirect";

describe("safeCallback", () => {
  it("keeps same-site paths and refuses everything that could leave the site", () => {
    expect(safeCallback("/rooms/abc?x=1")).toBe("/rooms/abc?x=1");
    expect(safeCallback("/invite/tok")).toBe("/invite/tok");
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "/\tevil", "", null, undefined]) {
      expect(safeCallback(bad)).toBe("/rooms");
    }
  });
});
