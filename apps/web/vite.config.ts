// The web workspace's build: one chunk per page (React.lazy), vendor libraries in their own chunks.
// Every compressible file of 1 KB or more also gets a brotli (.br) and a gzip (.gz) copy beside it, at the
// highest levels (once per build), which the API serves by the browser's Accept-Encoding (apps/api/src/web).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

export default defineConfig({
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024, logLevel: 'silent' })],
  base: '/',
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': process.env.KAFLOW_API_URL ?? 'http://127.0.0.1:3000' } },
});
