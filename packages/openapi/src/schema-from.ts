// schemaFrom: a Kubernetes structural OpenAPI schema from a TypeScript type,
// following yoke's Go generator (yokecd/yoke pkg/openapi/schema.go) rule by
// rule. The walk runs on the TypeScript checker itself: declared types (to
// see aliases such as int or Quantity, which the checker erases), property
// order (Go lists required fields in field order), optionality and JSDoc.
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { applyTags } from "./jsdoc-tags.js";
import type { JSONSchemaProps } from "./schema-props.js";
import { SchemaError, fileWhere, where } from "./schema-error.js";
import { NUMBER_ALIASES, SPECIAL_TYPES } from "./special-types.js";

export interface SchemaFromOptions {
  /** The TypeScript file that declares the type (a path, or a file: URL such as `new URL("./types.ts", import.meta.url)`). */
  file: string | URL;
  /** The exported interface or type alias. */
  type: string;
  /** A program to reuse (for several types of one project). */
  program?: ts.Program;
}

/** Skipped at the top level, as Go skips the embedded TypeMeta and ObjectMeta. */
const TOP_LEVEL_SKIPPED = new Set(["apiVersion", "kind", "metadata"]);

export function schemaFrom(options: SchemaFromOptions): JSONSchemaProps {
  const file = resolve(options.file instanceof URL ? fileURLToPath(options.file) : options.file);
  const program = options.program ?? createSchemaProgram([file]);
  const source = program.getSourceFile(file);
  if (!source) throw new SchemaError("not found, or not part of the program", fileWhere(file));
  const syntax = program.getSyntacticDiagnostics(source);
  if (syntax.length) {
    const d = syntax[0]!;
    throw new SchemaError(ts.flattenDiagnosticMessageText(d.messageText, "\n"), where(d.file!, d.start!));
  }
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
  let symbol = exported.find((s) => s.name === options.type);
  if (!symbol) {
    const names = exported.filter((s) => s.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class)).map((s) => s.name);
    throw new SchemaError(`no exported type ${options.type}${names.length ? ` (exported types: ${names.join(", ")})` : ""}`, fileWhere(file));
  }
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol.declarations?.[0];
  if (!declaration) throw new SchemaError(`${options.type} has no declaration`, fileWhere(file));
  const walker = new Walker(checker, options.type);
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  const node = ts.isTypeAliasDeclaration(declaration) ? declaration.type : undefined;
  const schema = walker.schema(type, node, { path: "", ancestors: [], top: true, at: declaration });
  const description = docOf(symbol, checker);
  if (description && !schema.description) schema.description = description;
  return schema;
}

/** A program for schema generation: the project's tsconfig if there is one, strict null checks always. */
export function createSchemaProgram(fileList: (string | URL)[]): ts.Program {
  const files = fileList.map((f) => (f instanceof URL ? fileURLToPath(f) : f));
  const configPath = ts.findConfigFile(dirname(resolve(files[0]!)), ts.sys.fileExists);
  let options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 };
  if (configPath) {
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (config) options = config.options;
  }
  return ts.createProgram(
    files.map((f) => resolve(f)),
    { ...options, strict: true, strictNullChecks: true, noEmit: true, skipLibCheck: true, composite: false, incremental: false },
  );
}

interface Context {
  /** The property path from the root type, for errors ("spec.database.tier"). */
  path: string;
  /** Object types being expanded: seeing one again is a recursion. */
  ancestors: ts.Type[];
  top: boolean;
  /** Where errors point. */
  at: ts.Node;
}

class Walker {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly rootName: string,
  ) {}

  fail(ctx: Context, message: string): never {
    throw new SchemaError(`${this.rootName}${ctx.path ? `.${ctx.path}` : ""}: ${message}`, where(ctx.at.getSourceFile(), ctx.at.getStart()));
  }

  schema(type: ts.Type, node: ts.TypeNode | undefined, ctx: Context): JSONSchemaProps {
    const special = this.specialName(node);
    if (special) return SPECIAL_TYPES[special]!();

    if (type.isUnion()) return this.union(type, node, ctx);
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { type: "object", "x-kubernetes-preserve-unknown-fields": true };
    if (flags & ts.TypeFlags.StringLike) {
      return type.isStringLiteral() ? { type: "string", enum: [type.value] } : { type: "string" };
    }
    if (flags & ts.TypeFlags.NumberLike) {
      return type.isNumberLiteral() ? { type: Number.isInteger(type.value) ? "integer" : "number", enum: [type.value] } : { type: "number" };
    }
    if (flags & ts.TypeFlags.BigIntLike) return { type: "integer" };
    if (flags & ts.TypeFlags.BooleanLike) return { type: "boolean" };
    if (flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Never)) {
      return this.fail(ctx, `the type ${this.checker.typeToString(type)} has no value to validate`);
    }
    if (flags & ts.TypeFlags.NonPrimitive) return { type: "object", "x-kubernetes-preserve-unknown-fields": true }; // `object`
    if (flags & ts.TypeFlags.Object) return this.object(type as ts.ObjectType, node, ctx);
    return this.fail(ctx, `unsupported type ${this.checker.typeToString(type)}`);
  }

  /** A union: `T | null`, string (or number) literals, boolean; anything else is not structural. */
  private union(type: ts.UnionType, node: ts.TypeNode | undefined, ctx: Context): JSONSchemaProps {
    const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = members.some((t) => t.flags & ts.TypeFlags.Null);
    const rest = members.filter((t) => !(t.flags & ts.TypeFlags.Null));
    const memberNodes = node && ts.isUnionTypeNode(unparen(node)) ? (unparen(node) as ts.UnionTypeNode).types : [];
    const withNull = (s: JSONSchemaProps) => (nullable ? { ...s, nullable: true } : s);
    if (rest.length === 0) return this.fail(ctx, "a field that is only null or undefined");
    if (rest.length === 1) {
      const memberNode = memberNodes.find((n) => !isNullish(n)) ?? (memberNodes.length ? undefined : node);
      return withNull(this.schema(rest[0]!, memberNode, ctx));
    }
    if (rest.every((t) => t.flags & ts.TypeFlags.BooleanLike)) return withNull({ type: "boolean" });
    if (rest.every((t) => t.isStringLiteral())) return withNull({ type: "string", enum: rest.map((t) => (t as ts.StringLiteralType).value) });
    if (rest.every((t) => t.isNumberLiteral())) {
      const values = rest.map((t) => (t as ts.NumberLiteralType).value);
      return withNull({ type: values.every(Number.isInteger) ? "integer" : "number", enum: values });
    }
    const shown = rest.map((t) => this.checker.typeToString(t)).join(" | ");
    const hint = rest.every((t) => t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike))
      ? "; for a port number or name use IntOrString, for a resource amount Quantity (from @yoke-flight/sdk)"
      : "; a structural schema gives every field one type: use one object type with optional fields, or unknown";
    return this.fail(ctx, `the union ${shown} cannot be made structural${hint}`);
  }

  private object(type: ts.ObjectType, node: ts.TypeNode | undefined, ctx: Context): JSONSchemaProps {
    const checker = this.checker;
    if (checker.isTupleType(type)) return this.fail(ctx, `tuples (${checker.typeToString(type)}) cannot be made structural; use an array or an object`);
    if (checker.isArrayType(type)) {
      const element = checker.getTypeArguments(type as ts.TypeReference)[0]!;
      return { type: "array", items: this.element(element, elementNode(node), { ...ctx, path: `${ctx.path}[]` }) };
    }
    if (type.getCallSignatures().length) return this.fail(ctx, "functions cannot be part of a resource");
    const symbolName = type.getSymbol()?.getName();
    if (symbolName === "Date") return { type: "string", format: "date-time" };

    const properties = checker.getPropertiesOfType(type);
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index && properties.length) {
      return this.fail(ctx, "named properties and an index signature together cannot be made structural; move the open-ended part into its own field");
    }
    if (index) {
      const value = index.type;
      if (value.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { type: "object", "x-kubernetes-preserve-unknown-fields": true };
      return { type: "object", additionalProperties: this.element(value, indexValueNode(node, index), { ...ctx, path: `${ctx.path}[*]` }) };
    }

    const ancestors = [...ctx.ancestors, type];
    const schema: JSONSchemaProps = { type: "object", properties: {} };
    const required: string[] = [];
    for (const property of properties) {
      const name = property.getName();
      if (ctx.top && TOP_LEVEL_SKIPPED.has(name)) continue;
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const at = declaration ?? ctx.at;
      const path = ctx.path ? `${ctx.path}.${name}` : name;
      const propertyType = checker.getTypeOfSymbolAtLocation(property, at);
      const declared = declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) ? declaration.type : undefined;
      if (declaration && (ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration))) continue;
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || includesUndefined(propertyType);
      if (!optional) required.push(name);
      const field = this.element(propertyType, declared, { path, ancestors, top: false, at });
      schema.properties![name] = applyTags(field, property, checker, { fail: (message) => this.fail({ path, ancestors, top: false, at }, message) });
    }
    if (required.length) schema.required = required;
    return schema;
  }

  /** A field, list item or map value: an object type already being expanded becomes an open object, as in Go. */
  private element(type: ts.Type, node: ts.TypeNode | undefined, ctx: Context): JSONSchemaProps {
    const target = nonNullable(type);
    if (!this.specialName(node) && ctx.ancestors.some((a) => sameType(a, target))) {
      return {
        description: `${this.packagePath(target)}:${this.checker.typeToString(target)}`,
        type: "object",
        "x-kubernetes-preserve-unknown-fields": true,
      };
    }
    return this.schema(type, node, ctx);
  }

  /** The file a type is declared in, relative to the working directory, as Go prints a package path. */
  private packagePath(type: ts.Type): string {
    const file = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0]?.getSourceFile().fileName;
    return file ? relative(process.cwd(), file).replace(/\.d\.ts$|\.tsx?$/, "") : "";
  }

  /** The special type a declared type refers to, through aliases: int, Quantity, Conditions... */
  private specialName(node: ts.TypeNode | undefined): string | undefined {
    for (let depth = 0; node && depth < 16; depth++) {
      node = unparen(node);
      if (!ts.isTypeReferenceNode(node)) return undefined;
      let symbol = this.checker.getSymbolAtLocation(node.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      const declaration = symbol?.declarations?.[0];
      if (!symbol || !declaration) return undefined;
      const name = symbol.getName();
      if (
        Object.hasOwn(SPECIAL_TYPES, name) &&
        (fromKnownPackage(declaration) || (Object.hasOwn(NUMBER_ALIASES, name) && ts.isTypeAliasDeclaration(declaration)))
      )
        return name;
      if (!ts.isTypeAliasDeclaration(declaration) || declaration.typeParameters) return undefined;
      node = declaration.type;
    }
    return undefined;
  }
}

function fromKnownPackage(node: ts.Node): boolean {
  const file = node.getSourceFile().fileName.replace(/\\/g, "/");
  return /\/(@yoke-flight\/sdk|packages\/sdk|@kubernetes-models\/apimachinery)\//.test(file);
}

function unparen(node: ts.TypeNode): ts.TypeNode {
  while (ts.isParenthesizedTypeNode(node)) node = node.type;
  return node;
}

function isNullish(node: ts.TypeNode): boolean {
  const n = unparen(node);
  return n.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(n) && n.literal.kind === ts.SyntaxKind.NullKeyword);
}

/** The declared element type of `T[]`, `Array<T>` or `ReadonlyArray<T>` (nullable wrappers removed). */
function elementNode(node: ts.TypeNode | undefined): ts.TypeNode | undefined {
  node = node && stripNullish(node);
  if (!node) return undefined;
  if (ts.isArrayTypeNode(node)) return node.elementType;
  if (ts.isTypeOperatorNode(node) && ts.isArrayTypeNode(node.type)) return node.type.elementType;
  if (ts.isTypeReferenceNode(node) && node.typeArguments?.length === 1) return node.typeArguments[0];
  return undefined;
}

/** The declared value type of an index signature or of `Record<string, T>`. */
function indexValueNode(node: ts.TypeNode | undefined, index: ts.IndexInfo): ts.TypeNode | undefined {
  node = node && stripNullish(node);
  if (node && ts.isTypeReferenceNode(node) && node.typeArguments?.length === 2) return node.typeArguments[1];
  return index.declaration?.type;
}

function stripNullish(node: ts.TypeNode): ts.TypeNode | undefined {
  node = unparen(node);
  if (!ts.isUnionTypeNode(node)) return node;
  const rest = node.types.filter((t) => !isNullish(t));
  return rest.length === 1 ? unparen(rest[0]!) : undefined;
}

function includesUndefined(type: ts.Type): boolean {
  return type.isUnion() && type.types.some((t) => t.flags & ts.TypeFlags.Undefined);
}

function nonNullable(type: ts.Type): ts.Type {
  if (!type.isUnion()) return type;
  const rest = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
  return rest.length === 1 ? rest[0]! : type;
}

function sameType(a: ts.Type, b: ts.Type): boolean {
  if (a === b) return true;
  // Instances of one generic interface are the same Go type for recursion's sake.
  const ta = (a as ts.TypeReference).target,
    tb = (b as ts.TypeReference).target;
  return !!ta && ta === tb;
}

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}
