import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run build -w @aethercore/web` → packages/web/dist, served by the server at `/`.
// `npm run dev -w @aethercore/web` proxies /api to a running `aethercore start` on :8080.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: {
          echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: process.env['AETHERCORE_API'] ?? 'http://127.0.0.1:8080', changeOrigin: true },
    },
  },
});
