import { defineConfig } from "vitest/config";

// CI asks for a JSON report as well, to print one "N passed, N failed" line at the end.
const report = process.env.CI_TEST_REPORT;

export default defineConfig({
  test: {
    reporters: report ? ["default", ["json", { outputFile: report }]] : ["default"],
    include: ["tests/e2e/**/*.e2e.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One server and one browser per file; files run one after another on this small machine.
    fileParallelism: false,
  },
});
