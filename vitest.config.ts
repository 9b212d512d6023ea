import { defineConfig } from "vitest/config";

// CI asks for a JSON report as well, to print one "N passed, N failed" line at the end.
const report = process.env.CI_TEST_REPORT;

export default defineConfig({
  test: {
    reporters: report ? ["default", ["json", { outputFile: report }]] : ["default"],
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "apps/*/src/**/*.test.{ts,tsx}",
      "apps/*/test/**/*.test.{ts,tsx}",
      "tests/contract/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "tests/e2e/**"],
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
