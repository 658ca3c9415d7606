/**
 * The dashboard's build: React 19 + ECharts, bundled into web/dist, which `tpo serve` serves. Everything the page
 * needs ships in the bundle (no CDN, no web fonts), so it works without a network.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npm run dev:web` next to `tpo serve`: the API is proxied to the running server.
    proxy: { '/api': 'http://127.0.0.1:4317' },
  },
});
