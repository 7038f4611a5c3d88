/**
 * A quick check built once from a zod schema, for the big messages of the sync (a pulled page
 * holds a thousand events and the headers of hundreds of cases, a push batch 500 events). zod
 * stays the only statement of the schema and the only judge of a bad message: the quick check
 * walks the same schema's nodes and runs their own checks (lengths, formats, refinements), but
 * without zod's per-node bookkeeping and without copying the value. It answers yes only when
 * every node is of a kind it knows, every check passes, and no object carries a key the schema
 * does not name (zod would strip it), so the value is then exactly what zod would return.
 * Anything else, it answers no and the caller lets zod parse: that gives the message, and the
 * slower path the exact result.
 */
import type { z } from 'zod';

type Check = (value: unknown) => boolean;

/** A schema node as zod 4 keeps it: its definition and its own checks. */
interface Node {
  _zod: {
    def: {
      type: string;
      checks?: Node[];
      check?: string;
      shape?: Record<string, Node>;
      catchall?: Node;
      innerType?: Node;
      element?: Node;
      keyType?: Node;
      valueType?: Node;
      entries?: Record<string, unknown>;
      values?: unknown[];
      coerce?: boolean;
      options?: Node[];
      discriminator?: string;
      unionFallback?: boolean;
    };
    traits: Set<string>;
    check?: (payload: { value: unknown; issues: unknown[] }) => unknown;
  };
}

/** Checks that only accept or refuse (an `overwrite` such as trim changes the value: not here). */
const refusingChecks = new Set(['min_length', 'max_length', 'length_equals', 'string_format', 'greater_than', 'less_than', 'number_format', 'multiple_of', 'custom']);

class Unsupported extends Error {}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

function ownChecks(node: Node): Check {
  const checks = [...(node._zod.def.checks ?? [])];
  // A format schema (z.uuid(), z.iso.datetime(), z.int()) is its own first check, as zod runs it.
  if (node._zod.traits.has('$ZodCheck')) checks.unshift(node);
  const runs = checks.map((check) => {
    const kind = check._zod.def.check;
    const run = check._zod.check;
    if (!kind || !refusingChecks.has(kind) || !run) throw new Unsupported(`check ${kind ?? '?'}`);
    return run;
  });
  if (runs.length === 0) return () => true;
  // One payload for the node, reused: its checks run to their end before the next value's (a
  // pulled page checks tens of thousands of strings, and a payload each was a fifth of what the
  // pull allocated). A check that reaches this node again while it runs gets its own.
  const shared = { value: undefined as unknown, issues: [] as unknown[] };
  let busy = false;
  return (value) => {
    const payload = busy ? { value, issues: [] as unknown[] } : shared;
    const owner = !busy;
    payload.value = value;
    payload.issues.length = 0;
    busy = true;
    try {
      for (let i = 0; i < runs.length; i++) if ((runs[i] as (typeof runs)[number])(payload) instanceof Promise) return false;
      return payload.issues.length === 0 && payload.value === value;
    } catch {
      return false;
    } finally {
      if (owner) {
        busy = false;
        shared.value = undefined;
        shared.issues.length = 0;
      }
    }
  };
}

function build(node: Node): Check {
  const def = node._zod.def;
  if (def.coerce) throw new Unsupported('coerce');
  const checks = ownChecks(node);
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string' && checks(v);
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v) && checks(v);
    case 'boolean':
      return (v) => typeof v === 'boolean' && checks(v);
    case 'null':
      return (v) => v === null;
    case 'unknown':
    case 'any':
      return () => true;
    case 'enum': {
      const allowed = new Set(Object.values(def.entries ?? {}));
      return (v) => allowed.has(v) && checks(v);
    }
    case 'literal': {
      const allowed = new Set(def.values ?? []);
      return (v) => allowed.has(v);
    }
    case 'nullable': {
      const inner = build(def.innerType as Node);
      return (v) => v === null || inner(v);
    }
    case 'optional': {
      const inner = build(def.innerType as Node);
      return (v) => v === undefined || inner(v);
    }
    case 'array': {
      const element = build(def.element as Node);
      return (v) => {
        if (!Array.isArray(v) || !checks(v)) return false;
        // An index loop, not every(): a hole in the array is undefined to zod, and every() skips it.
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'record': {
      const key = build(def.keyType as Node);
      const value = build(def.valueType as Node);
      return (v) => {
        if (!isPlainObject(v) || Object.hasOwn(v, '__proto__')) return false;
        // Its own keys, as Object.entries gives them, without an array of pairs per record.
        for (const k in v) if (Object.hasOwn(v, k) && !(key(k) && value(v[k]))) return false;
        return true;
      };
    }
    case 'object': {
      // A loose object (catchall unknown) keeps keys it does not name, as they are; any other catchall is zod's.
      const catchall = def.catchall?._zod.def.type;
      if (catchall !== undefined && catchall !== 'unknown' && catchall !== 'any') throw new Unsupported(`catchall ${catchall}`);
      const shape = Object.entries(def.shape ?? {});
      // Names and checks side by side, walked by index: `for … of` over pairs makes an iterator and
      // its results per field until V8 optimises the loop, which a cold app's first push and
      // pull do not wait for (they check tens of thousands of objects).
      const fieldNames = shape.map(([name]) => name);
      const fieldChecks = shape.map(([, field]) => build(field));
      const names = new Set(fieldNames);
      // zod wants a key of unknown (or any) there, whatever its value, undefined included.
      const present = shape.flatMap(([name, field]) => (['unknown', 'any'].includes(field._zod.def.type) ? [name] : []));
      return (v) => {
        if (!isPlainObject(v) || Object.hasOwn(v, '__proto__')) return false;
        for (let i = 0; i < fieldNames.length; i++) if (!(fieldChecks[i] as Check)(v[fieldNames[i] as string])) return false;
        for (let i = 0; i < present.length; i++) if (!Object.hasOwn(v, present[i] as string)) return false;
        // A key the schema does not name would be stripped by zod: let zod do it.
        if (catchall === undefined) for (const name in v) if (!names.has(name)) return false;
        return checks(v);
      };
    }
    case 'union': {
      // Only a discriminated union: zod parses the one option whose literal the discriminator
      // names, so passing that option is passing the union. A plain union returns the first option
      // that succeeds, which the quick check cannot tell.
      const key = def.discriminator;
      if (key === undefined || def.unionFallback) throw new Unsupported('union');
      const byValue = new Map<unknown, Check>();
      for (const option of def.options ?? []) {
        const tag = option._zod.def.shape?.[key]?._zod.def;
        if (tag?.type !== 'literal') throw new Unsupported('discriminator');
        const check = build(option);
        for (const value of tag.values ?? []) {
          if (byValue.has(value)) throw new Unsupported('discriminator');
          byValue.set(value, check);
        }
      }
      return (v) => isPlainObject(v) && (byValue.get(v[key]) ?? (() => false))(v);
    }
    default:
      throw new Unsupported(def.type);
  }
}

export interface QuickCheck<T> {
  /** Whether every node of the schema is of a kind the quick check knows (else it always says no). */
  readonly covered: boolean;
  /** The value as zod would return it, or null: then zod must parse it (and say what is wrong). */
  pass(value: unknown): T | null;
}

export function quickCheck<S extends z.ZodType>(schema: S): QuickCheck<z.output<S>> {
  let check: Check | null;
  try {
    check = build(schema as unknown as Node);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    check = null;
  }
  return {
    covered: check !== null,
    pass: (value) => (check !== null && check(value) ? (value as z.output<S>) : null),
  };
}
