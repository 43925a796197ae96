import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The shared package is TypeScript source; vite compiles it with the view.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@balanced-scorecard/shared': fileURLToPath(new URL('../../shared/src/index.ts', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
});
