// Injected by esbuild into the sandbox's bundled libraries (sandbox-libraries.ts) wherever one reads `process`:
// the sandbox has none, and browserify gives bundled libraries this same shim.
export { default as process } from 'process/browser.js';
