/**
 * Vite builds the UI into `dist/`, which the server serves at `/` (with SPA fallback). In
 * development, `npm run dev -w @trophyroom/web` proxies `/api` to a running server
 * (`TROPHYROOM_API`, default http://127.0.0.1:3000), so cookies stay same-origin.
 * @module
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const api = process.env.TROPHYROOM_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  // The NPSSO rule is the client's own plain module, taken from source so the UI builds without building the client first.
  resolve: { alias: { '@trophyroom/psn/npsso': fileURLToPath(new URL('../psn/src/auth/npsso-text.ts', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': {
        target: api,
        // The server answers only to its own names and takes writes only from its own origin: the
        // proxy speaks to it as itself, and vouches for the dev server's own pages (no other origin).
        changeOrigin: true,
        configure: (proxy) =>
          proxy.on('proxyReq', (proxyReq, req) => {
            if (req.headers.origin === `http://${req.headers.host}`) proxyReq.setHeader('origin', new URL(api).origin);
          }),
      },
    },
  },
});
