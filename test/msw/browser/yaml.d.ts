// esbuild's `text` loader (see bundle.ts) imports a YAML file as its text, as Vite's `?raw` does.
declare module '*.yaml' {
  const text: string;
  export default text;
}
