import { defineConfig } from "vite";

// One ES module, host.js, that the local helpdesk's ticket page loads.
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    lib: { entry: "src/host.ts", formats: ["es"], fileName: () => "host.js" },
  },
});
