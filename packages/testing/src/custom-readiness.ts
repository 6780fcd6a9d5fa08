// Custom readiness, as the ATC loads it from the cluster (yokecd/yoke
// internal/k8s/readiness.go registerReadinessConfigMap, LoadCustomReadinessFuncs):
// ConfigMaps labelled resource.yoke.cd/readiness=conditions|lua, each data key
// a GroupKind ("Kind.group", or "_.group" for every kind of a group), each
// value the space-separated condition types that must be met, or a Lua chunk
// returning function(resource) -> boolean|nil. yoke runs the Lua on Lua 5.1
// (github.com/mmcdole/lunar, core libraries: base, package, table, string,
// math; stdout discarded); here it runs on fengari (Lua 5.3 in JavaScript)
// with the same libraries.
import fengari from "fengari";
import type { FakeCluster } from "./cluster.js";
import { meetsConditions } from "./conditions.js";
import type { Readiness } from "./readiness.js";
import { groupKind, groupOf, type KubeObject } from "./refs.js";

const { lua, lauxlib, lualib, to_luastring, to_jsstring } = fengari;

export const LABEL_RESOURCE_READINESS = "resource.yoke.cd/readiness";

export type CustomCheck = (resource: KubeObject) => Readiness;

/** The checks the cluster's readiness ConfigMaps define, by GroupKind ("Kind.group", "_.group"). Later ConfigMaps replace earlier ones' keys, as yoke's map does. */
export function loadCustomReadiness(cluster: FakeCluster): Map<string, CustomCheck> {
  const checks = new Map<string, CustomCheck>();
  const configMaps = cluster
    .list("ConfigMap")
    .filter((cm) => ["lua", "conditions"].includes(cm.metadata.labels?.[LABEL_RESOURCE_READINESS] ?? ""))
    .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  for (const cm of configMaps) {
    const label = cm.metadata.labels![LABEL_RESOURCE_READINESS];
    for (const [key, value] of Object.entries((cm.data as Record<string, string> | undefined) ?? {})) {
      const gk = parseGroupKind(key);
      checks.set(gk, label === "conditions" ? conditionsCheck(value) : luaCheck(key, value));
    }
  }
  return checks;
}

/** yoke's lookup order: the exact GroupKind, then "_" for any kind of the group. */
export function customCheckFor(checks: Map<string, CustomCheck>, resource: KubeObject): CustomCheck | undefined {
  const group = groupOf(resource.apiVersion);
  return checks.get(groupKind(group, resource.kind)) ?? checks.get(groupKind(group, "_"));
}

/** schema.ParseGroupKind: "Kind.group.with.dots" -> Kind, group; normalised to groupKind()'s form. */
function parseGroupKind(key: string): string {
  const dot = key.indexOf(".");
  return dot < 0 ? groupKind("", key) : groupKind(key.slice(dot + 1), key.slice(0, dot));
}

function conditionsCheck(value: string): CustomCheck {
  const types = value.split(/\s+/).filter(Boolean);
  return (resource) => ({ ready: meetsConditions(resource, ...types) }) as Readiness;
}

function luaCheck(name: string, chunk: string): CustomCheck {
  return (resource) => {
    const L = lauxlib.luaL_newstate();
    try {
      openCoreLibraries(L);
      if (lauxlib.luaL_loadbuffer(L, to_luastring(chunk), null, to_luastring(`=${name}`)) !== lua.LUA_OK) {
        return failure(`failed to load lua script: ${errorText(L)}`);
      }
      if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) return failure(`failed to execute lua script: ${errorText(L)}`);
      pushValue(L, resource);
      if (lua.lua_pcall(L, 1, 1, 0) !== lua.LUA_OK) return failure(`failed to invoke lua readiness function: ${errorText(L)}`);
      const type = lua.lua_type(L, -1);
      if (type === lua.LUA_TNIL) return { ready: false };
      if (type !== lua.LUA_TBOOLEAN) return failure(`expected result to be a boolean but got: ${to_jsstring(lua.lua_typename(L, type))}`);
      return lua.lua_toboolean(L, -1) ? { ready: true } : { ready: false };
    } finally {
      lua.lua_close(L);
    }
  };
}

const failure = (error: string): Readiness => ({ ready: false, error });

function errorText(L: unknown): string {
  const text = lua.lua_tojsstring(L, -1);
  return text ?? "(error object is not a string)";
}

/** lunar's CoreLibraries: base, package, table, string, math; print goes nowhere (yoke discards stdout). */
function openCoreLibraries(L: unknown): void {
  const libs: [string, unknown][] = [
    ["_G", lualib.luaopen_base],
    ["package", lualib.luaopen_package],
    ["table", lualib.luaopen_table],
    ["string", lualib.luaopen_string],
    ["math", lualib.luaopen_math],
  ];
  for (const [name, open] of libs) {
    lauxlib.luaL_requiref(L, to_luastring(name), open, 1);
    lua.lua_pop(L, 1);
  }
  lua.lua_pushcfunction(L, () => 0);
  lua.lua_setglobal(L, to_luastring("print"));
}

/** lunar's NewTableFrom: maps become tables, slices 1-based sequences, JSON null nil. */
function pushValue(L: unknown, value: unknown): void {
  if (value === null || value === undefined) lua.lua_pushnil(L);
  else if (typeof value === "boolean") lua.lua_pushboolean(L, value);
  else if (typeof value === "number") Number.isSafeInteger(value) ? lua.lua_pushinteger(L, value) : lua.lua_pushnumber(L, value);
  else if (typeof value === "string") lua.lua_pushstring(L, to_luastring(value));
  else if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    value.forEach((item, i) => {
      pushValue(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else {
    lua.lua_createtable(L, 0, 0);
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === null || item === undefined) continue;
      pushValue(L, item);
      lua.lua_setfield(L, -2, to_luastring(key));
    }
  }
}
