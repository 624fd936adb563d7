/**
 * Vite builds the UI into `dist/`, which the server serves at `/` (with SPA fallback). In
 * development, `npm run dev -w @trophyroom/web` proxies `/api` to a running server
 * (`TROPHYROOM_API`, default http://127.0.0.1:3000), so cookies stay same-origin.
 * @module
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.TROPHYROOM_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  // changeOrigin off: the server checks Origin against the Host it sees, which stays the dev server's.
  server: { proxy: { '/api': { target: api, changeOrigin: false } } },
});
