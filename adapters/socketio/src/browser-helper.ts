/**
 * Where the browser helper lives on disk, so an app can serve it without copying files or running a bundler.
 * Both `src/` and `dist/` sit one level below the package root, so the same relative URL works from either.
 */
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the directory holding `pubkit-socket.js` and its `.d.ts`. Serve it statically, e.g.
 * `app.use('/pubkit', express.static(BROWSER_HELPER_DIR))`, and import `/pubkit/pubkit-socket.js` in the page.
 */
export const BROWSER_HELPER_DIR: string = fileURLToPath(new URL('../browser/', import.meta.url));
