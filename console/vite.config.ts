import { defineConfig } from 'vite';

/** The staff console: Preact with Vite's own JSX transform; served under /console/ (S3 + CloudFront in AWS). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline script or style anywhere: the CSP allows none.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
