// @ts-check
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

/**
 * The `onewindow/layers` rule: a file's folder decides its layer, each layer imports only the
 * layers below it (and the packages it is allowed), and no module imports itself back through a
 * chain of imports. Modelled on VS Code's `code-layering` (which layer may import which) with
 * `code-import-patterns` (which files and packages) on top; the cycle check is ours.
 *
 * @typedef {{ name: string, folders: string[], may: string[], packages: string[] }} Layer
 */

/** Resolves what an import names to a file under `root`, or null for a package. */
function resolveSpecifier(root, fromFile, specifier) {
  if (specifier.startsWith('@domain/')) return resolve(root, 'src-main/domain', specifier.slice('@domain/'.length));
  if (specifier.startsWith('.')) return resolve(dirname(fromFile), specifier);
  return null;
}

// Every import and re-export with a source, type-only ones included: a cycle through types is
// still two modules that cannot be understood (or split) one without the other.
const importPattern = /(?:^|[\s;])(?:import|export)\s*(?:type\s+)?(?:[\w*${},\s]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** @param {string} text */
function importsIn(text) {
  const found = [];
  for (const match of text.matchAll(importPattern)) found.push(match[1] ?? match[2]);
  return found;
}

/**
 * @param {{ root: string, layers: Layer[], cycles?: { folders: string[] } }} options
 * @returns {import('eslint').Rule.RuleModule}
 */
export function layerRule({ root, layers, cycles = { folders: layers.flatMap((layer) => layer.folders) } }) {
  const inFolders = (file, folders) => {
    const path = relative(root, file).replaceAll('\\', '/');
    return folders.some((folder) => path === folder || path.startsWith(`${folder}/`));
  };
  const layerOf = (file) => layers.find((layer) => inFolders(file, layer.folders));

  function packageAllowed(layer, specifier) {
    const bare = specifier.startsWith('node:') ? 'node:*' : builtinModules.includes(specifier.split('/')[0]) ? 'node:*' : specifier;
    return layer.packages.some((allowed) =>
      allowed.endsWith('/*') ? bare.startsWith(allowed.slice(0, -1)) : bare === allowed || bare.startsWith(`${allowed}/`),
    );
  }

  /** @type {Map<string, string[]>} the files each file imports, read once per lint run */
  const graph = new Map();
  function edges(file) {
    let targets = graph.get(file);
    if (targets) return targets;
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // A module that does not exist is the type checker's to report, not a link of a cycle.
    }
    targets = importsIn(text)
      .map((specifier) => resolveSpecifier(root, file, specifier))
      .filter((target) => target !== null && inFolders(target, cycles.folders));
    graph.set(file, targets);
    return targets;
  }

  /** A path of imports from `start` back to `file`, or null. */
  function pathBack(start, file) {
    const seen = new Set();
    const stack = [[start, [start]]];
    while (stack.length > 0) {
      const [current, path] = stack.pop();
      if (current === file) return path;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const next of edges(current)) stack.push([next, [...path, next]]);
    }
    return null;
  }

  return {
    meta: {
      type: 'problem',
      schema: [],
      messages: {
        crossed: '{{from}} layer may not import {{what}} ({{specifier}}).',
        cycle: 'Import cycle: {{chain}}. Move what both need into a module they both import, or pass it in.',
      },
    },
    create(context) {
      const file = context.filename;
      const layer = layerOf(file);
      const checkCycles = inFolders(file, cycles.folders);
      if (!layer && !checkCycles) return {};
      const name = (path) => relative(root, path).replaceAll('\\', '/');

      function check(node, specifier) {
        if (typeof specifier !== 'string') return;
        const target = resolveSpecifier(root, file, specifier);
        if (target !== null && checkCycles && inFolders(target, cycles.folders)) {
          const back = pathBack(target, file);
          if (back) context.report({ node, messageId: 'cycle', data: { chain: [file, ...back].map(name).join(' → ') } });
        }
        if (!layer) return;
        // Type-only imports vanish at run time and cross no layer boundary.
        if (node.importKind === 'type' || node.exportKind === 'type') return;
        if (target !== null) {
          const targetLayer = layerOf(target);
          if (targetLayer && !layer.may.includes(targetLayer.name)) {
            context.report({ node, messageId: 'crossed', data: { from: layer.name, what: `the ${targetLayer.name} layer`, specifier } });
          }
          return;
        }
        if (!packageAllowed(layer, specifier)) {
          context.report({ node, messageId: 'crossed', data: { from: layer.name, what: 'this package', specifier } });
        }
      }
      return {
        ImportDeclaration: (node) => check(node, node.source.value),
        ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
        ExportAllDeclaration: (node) => check(node, node.source.value),
      };
    },
  };
}
