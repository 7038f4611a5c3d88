/**
 * A quick check built once from a zod schema, for the big messages of the sync (a pulled page
 * holds a thousand events and the headers of hundreds of cases, a push batch up to 1,000 events). zod
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

/**
 * String formats whose zod check is the format's pattern and nothing else: zod's own check for
 * these resets the pattern and tests it (`$ZodCheckStringFormat`). Other formats (a URL, base64,
 * a JWT, IPv6 …) check more than a pattern in code of their own and run as zod's checks.
 */
const patternFormats = new Set(['uuid', 'guid', 'datetime', 'date', 'time', 'regex']);

interface CheckDef {
  check?: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number | bigint;
  inclusive?: boolean;
}

function ownChecks(node: Node): Check {
  const checks = [...(node._zod.def.checks ?? [])];
  // A format schema (z.uuid(), z.iso.datetime(), z.int()) is its own first check, as zod runs it.
  if (node._zod.traits.has('$ZodCheck')) checks.unshift(node);
  const predicates = checks.map(predicateOf);
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0] as Check;
  return (value) => {
    for (let i = 0; i < predicates.length; i++) if (!(predicates[i] as Check)(value)) return false;
    return true;
  };
}

/**
 * One of zod's checks as a predicate that passes exactly where zod's check adds no issue. The
 * common ones (a pattern, a length, a whole number, a bound) are tested here with zod's own
 * expressions, without a payload and an issue list per value: the ids, times, names and numbers of
 * a push batch or a pulled page are most of what is checked. zod's own check runs for the others,
 * and for a string whose length in code points is in doubt (zod counts code points; a string
 * within the maximum in UTF-16 units, or at twice the minimum, is within it in code points too).
 */
function predicateOf(check: Node): Check {
  const def = check._zod.def as CheckDef;
  const run = check._zod.check;
  if (!def.check || !refusingChecks.has(def.check) || !run) throw new Unsupported(`check ${def.check ?? '?'}`);
  const byZod = zodCheck(run);
  switch (def.check) {
    case 'string_format': {
      const pattern = def.pattern;
      if (!(pattern instanceof RegExp) || def.format === undefined || !patternFormats.has(def.format)) return byZod;
      return (value) => {
        pattern.lastIndex = 0;
        return pattern.test(value as string);
      };
    }
    case 'max_length': {
      const maximum = def.maximum as number;
      return (value) => (value as { length: number }).length <= maximum || byZod(value);
    }
    case 'min_length': {
      const surely = 2 * (def.minimum as number);
      return (value) => (value as { length: number }).length >= surely || byZod(value);
    }
    case 'number_format':
      // A safe integer is within the format's range by definition: zod asks for an integer, then a safe one.
      return def.format === 'safeint' ? (value) => Number.isSafeInteger(value) : byZod;
    case 'greater_than': {
      const bound = def.value as number;
      return def.inclusive ? (value) => (value as number) >= bound : (value) => (value as number) > bound;
    }
    case 'less_than': {
      const bound = def.value as number;
      return def.inclusive ? (value) => (value as number) <= bound : (value) => (value as number) < bound;
    }
    default:
      return byZod;
  }
}

/** zod's own check run on the value: it passes when it adds no issue and leaves the value as it was. */
function zodCheck(run: NonNullable<Node['_zod']['check']>): Check {
  // One payload for the check, reused: it runs to its end before the next value's (a pulled page
  // checks tens of thousands of values, and a payload each was a fifth of what the pull
  // allocated). A check that reaches itself again while it runs gets its own.
  const shared = { value: undefined as unknown, issues: [] as unknown[] };
  let busy = false;
  return (value) => {
    const payload = busy ? { value, issues: [] as unknown[] } : shared;
    const owner = !busy;
    payload.value = value;
    payload.issues.length = 0;
    busy = true;
    try {
      if (run(payload) instanceof Promise) return false;
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
