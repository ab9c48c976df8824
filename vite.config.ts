import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
import { contentSecurityPolicy } from './electron/services/security/content-security-policy.js';

/**
 * The transports send this policy as a header; the built index.html also carries it as a meta tag
 * (minus frame-ancestors, which browsers ignore there) so a page served by anything else is just
 * as locked down.
 */
const metaPolicy = contentSecurityPolicy
  .split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

// Only in builds: the dev server's React refresh preamble is an inline script.
function cspMetaTag(): Plugin {
  return {
    name: 'arbiter-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaPolicy }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * `ARBITER_SERVER_URL=<the URL arbiter serve printed> npx vite` runs the renderer with hot reload
 * against a running headless server: /api and /events are proxied with the token as a header.
 */
function devProxy(): Record<string, ProxyOptions> | undefined {
  const printed = process.env.ARBITER_SERVER_URL;
  if (!printed) return undefined;
  const server = new URL(printed);
  const token = server.searchParams.get('token') ?? '';
  const authorize = (request: { setHeader(name: string, value: string): void; removeHeader(name: string): void }) => {
    request.setHeader('Authorization', `Bearer ${token}`);
    request.removeHeader('Origin');
  };
  const options: ProxyOptions = {
    target: server.origin,
    changeOrigin: true,
    configure: (proxy) => {
      proxy.on('proxyReq', authorize);
      proxy.on('proxyReqWs', authorize);
    },
  };
  return { '/api': options, '/events': { ...options, ws: true } };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMetaTag()],
  worker: { format: 'es' },
  build: {
    // ARBITER_RENDERER_DIR: a build of one's own, e.g. for several e2e runs side by side.
    outDir: process.env.ARBITER_RENDERER_DIR ?? '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // Monaco is one large lazily loaded chunk by nature; the warning would only be noise.
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
    rolldownOptions: {
      // Named so the bundle report reads well; it is only loaded when an editor first appears.
      output: { codeSplitting: { groups: [{ name: 'monaco', test: /[\\/]node_modules[\\/]monaco-editor[\\/]/ }] } },
    },
  },
  server: { host: '127.0.0.1', proxy: devProxy() },
});
