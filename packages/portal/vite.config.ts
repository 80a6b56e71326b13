import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the portal runs on Vite's port and the API on Gatehouse's; the proxy keeps them
// same-origin so the session cookie and CSRF header behave exactly as in production.
const gatehouse = 'http://127.0.0.1:4455';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': gatehouse,
      '/oauth2': gatehouse,
      '/.well-known': gatehouse,
    },
  },
});
