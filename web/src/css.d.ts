// CSS imported by an entry point is bundled beside it by esbuild (main.css, embed.css).
declare module "*.css";
