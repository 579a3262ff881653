// The web workspace's build: one chunk per page (React.lazy), vendor libraries in their own chunks.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': process.env.KAFLOW_API_URL ?? 'http://127.0.0.1:3000' } },
});
