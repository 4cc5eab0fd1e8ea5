// The dashboard is an app, not a library: it is built with Vite (`npm run build -w @aethercore/web`)
// and served by @aethercore/server. Its only export is where the build lands, for the server.
export const DIST_DIRNAME = 'dist';
