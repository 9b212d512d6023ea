import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset URLs: the same build is served by our server under /sidebar/ and shipped
  // inside the Zendesk app package under assets/.
  base: "./",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 800,
    // The founder's settings page is a second entry (its own chunk): the nav-bar location.
    // The approve page a helpdesk without an iframe sidebar (Gorgias) links to is a third.
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL("index.html", import.meta.url)),
        settings: fileURLToPath(new URL("settings.html", import.meta.url)),
        approve: fileURLToPath(new URL("approve.html", import.meta.url)),
      },
    },
  },
});
