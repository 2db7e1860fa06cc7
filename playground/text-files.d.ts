// The example configs the page starts with, bundled as text (esbuild's `text` loader).
declare module '*.conf' {
  const text: string;
  export default text;
}
declare module '*.ini' {
  const text: string;
  export default text;
}
