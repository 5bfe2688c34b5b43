import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Two pages: the reading room (index.html, every route of the app) and the GraphiQL IDE (graphiql/index.html).
// The API host serves dist/ (embedded in its executable); `npm run dev` proxies the API to a running host.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // GraphiQL's editor is large; the reading room's own budget is checked by the benchmark, not by this warning.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      input: { main: 'index.html', graphiql: 'graphiql/index.html' },
      // React in a chunk of its own: the reading room and GraphiQL share it, and nothing else of GraphiQL's.
      output: { codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] } },
      // GraphiQL's packages carry React Compiler directives that a bundle cannot keep; harmless, and not ours to fix.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: {
    proxy: { '/graphql': 'http://localhost:5000', '/export': 'http://localhost:5000', '/d/': { target: 'http://localhost:5000', bypass: (req) => (req.headers.accept?.includes('text/html') ? '/index.html' : undefined) } },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
