// fengari ships no type declarations: the Lua C API it mirrors, untyped.
declare module "fengari" {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const fengari: { lua: any; lauxlib: any; lualib: any; to_luastring(s: string): Uint8Array; to_jsstring(s: Uint8Array): string };
  export default fengari;
}
