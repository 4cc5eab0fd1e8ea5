// Local ESLint plugin: the architecture's one-way layers, enforced (docs/architecture.md).
// Modelled on VS Code's `code-layering` rule: the message names the layer and where the code belongs.
import { builtinModules } from 'node:module';
import path from 'node:path';

const PURE = ['core', 'twin', 'planning', 'analytics', 'knowledge', 'governance'];

/** Which @aethercore packages each layer may import, and whether third-party/node imports are allowed. */
export const LAYERS = {
  core: { packages: [], thirdParty: ['zod', 'yaml'], node: false },
  twin: { packages: ['core'], thirdParty: [], node: false },
  planning: { packages: ['core'], thirdParty: [], node: false },
  analytics: { packages: ['core'], thirdParty: [], node: false },
  knowledge: { packages: ['core'], thirdParty: [], node: false },
  governance: { packages: ['core'], thirdParty: [], node: false },
  agents: {
    packages: ['core', 'twin', 'planning', 'analytics', 'knowledge', 'governance'],
    thirdParty: [],
    node: false,
  },
  adapter: { packages: ['core'], thirdParty: '*', node: true },
  server: { packages: '*', thirdParty: '*', node: true },
  cli: { packages: '*', thirdParty: '*', node: true },
  web: { packages: ['server'], typeOnly: ['server'], thirdParty: '*', node: false },
  bench: { packages: '*', thirdParty: '*', node: true },
};

const WHERE = {
  io: 'put I/O in an adapter (packages/adapters/*) behind a port from @aethercore/core, or in a composition root (server, cli)',
  time: 'take time from the Clock port (@aethercore/core) — the twin and tests drive a simulated clock',
  random:
    'take randomness from the Random port (createRandom(seed) in @aethercore/core) so runs replay byte for byte',
  timer: 'schedule work on the simulation kernel or let the composition root own timers',
};

/** Map a file path to its layer, or undefined for files outside the layered tree (tools, configs). */
export function layerOf(filename) {
  const rel = path.relative(process.cwd(), filename).split(path.sep).join('/');
  let m = /^packages\/adapters\/([^/]+)\//.exec(rel);
  if (m) return { layer: 'adapter', name: `adapter-${m[1]}` };
  m = /^packages\/([^/]+)\/(src|test)\//.exec(rel);
  if (m && m[1] in LAYERS)
    return { layer: m[1], name: m[1], isTest: m[2] === 'test' || rel.endsWith('.test.ts') };
  if (/^bench\//.test(rel)) return { layer: 'bench', name: 'bench' };
  return undefined;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function describeAllowed(rule) {
  const pk =
    rule.packages === '*'
      ? 'any package'
      : rule.packages.map((p) => `@aethercore/${p}`).join(', ') || 'no other package';
  const tp = rule.thirdParty === '*' ? 'any library' : rule.thirdParty.join(', ') || 'no library';
  return `${pk}; ${tp}${rule.node ? '; node:*' : ''}`;
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'One-way package layers and a pure, deterministic core.' },
    schema: [],
    messages: {
      layer: "{{layer}} may not import '{{source}}': allowed layers are {{allowed}}. {{where}}",
      deep: "Import '{{pkg}}' from its index, not '{{source}}': deep imports into another package's internals are not allowed.",
      impure: '{{layer}} is a pure package: {{what}} is not allowed here; {{where}}.',
    },
  },
  create(context) {
    const info = layerOf(context.filename);
    if (!info) return {};
    // Tests may use test libraries and read fixtures from disk; the package rules still apply.
    const rule = info.isTest ? { ...LAYERS[info.layer], thirdParty: '*', node: true } : LAYERS[info.layer];
    const pure = PURE.includes(info.layer) || info.layer === 'agents';
    const layerName = info.layer === 'adapter' ? info.name : info.layer;

    function checkSource(node, source, importKind) {
      if (typeof source !== 'string' || source.startsWith('.') || source.startsWith('/')) return;
      const allowed = describeAllowed(rule);
      if (NODE_BUILTINS.has(source) || NODE_BUILTINS.has(source.split('/')[0])) {
        if (!rule.node) {
          context.report({
            node,
            messageId: 'layer',
            data: { layer: layerName, source, allowed, where: `${WHERE.io}.` },
          });
        }
        return;
      }
      const m = /^@aethercore\/([^/]+)(\/.*)?$/.exec(source);
      if (m) {
        const pkg = m[1];
        if (m[2]) context.report({ node, messageId: 'deep', data: { pkg: `@aethercore/${pkg}`, source } });
        const target = pkg.startsWith('adapter-') ? 'adapter' : pkg;
        if (info.layer === 'adapter' && target === 'adapter' && `adapter-${pkg.slice(8)}` === info.name)
          return;
        const ok = rule.packages === '*' || rule.packages.includes(target);
        const typeOnlyOk = !rule.typeOnly || !rule.typeOnly.includes(target) || importKind === 'type';
        if (!ok || !typeOnlyOk) {
          const where =
            target === 'adapter'
              ? 'Depend on the port in @aethercore/core; the composition root (server, cli) chooses the adapter.'
              : rule.typeOnly && !typeOnlyOk
                ? 'Use `import type`: the dashboard shares only the API types.'
                : 'Move shared types into @aethercore/core, or wire the packages together in agents/server.';
          context.report({ node, messageId: 'layer', data: { layer: layerName, source, allowed, where } });
        }
        return;
      }
      const bare = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
      if (rule.thirdParty !== '*' && !rule.thirdParty.includes(bare)) {
        context.report({
          node,
          messageId: 'layer',
          data: {
            layer: layerName,
            source,
            allowed,
            where: `Third-party SDKs belong in an adapter; ${WHERE.io}.`,
          },
        });
      }
    }

    const handlers = {
      ImportDeclaration(node) {
        checkSource(node.source, node.source.value, node.importKind);
      },
      ExportNamedDeclaration(node) {
        if (node.source) checkSource(node.source, node.source.value, node.exportKind);
      },
      ExportAllDeclaration(node) {
        checkSource(node.source, node.source.value, node.exportKind);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') checkSource(node.source, node.source.value, 'value');
      },
    };
    if (!pure || info.isTest) return handlers;

    const report = (node, what, where) =>
      context.report({ node, messageId: 'impure', data: { layer: layerName, what, where } });
    return {
      ...handlers,
      MemberExpression(node) {
        if (node.object.type !== 'Identifier' || node.computed) return;
        const o = node.object.name;
        const p = node.property.name;
        if (o === 'Date' && p === 'now') report(node, '`Date.now()`', WHERE.time);
        else if (o === 'performance' && p === 'now') report(node, '`performance.now()`', WHERE.time);
        else if (o === 'Math' && p === 'random') report(node, '`Math.random()`', WHERE.random);
        else if (o === 'crypto' && (p === 'randomUUID' || p === 'getRandomValues'))
          report(node, `\`crypto.${p}()\``, WHERE.random);
        else if (o === 'process') report(node, '`process`', WHERE.io);
      },
      NewExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'Date' && node.arguments.length === 0) {
          report(node, '`new Date()` (reads the wall clock)', WHERE.time);
        }
      },
      CallExpression(node) {
        const c = node.callee;
        const name =
          c.type === 'Identifier'
            ? c.name
            : c.type === 'MemberExpression' &&
                !c.computed &&
                c.object.type === 'Identifier' &&
                ['globalThis', 'window'].includes(c.object.name)
              ? c.property.name
              : undefined;
        if (name && ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'fetch'].includes(name)) {
          report(node, `\`${name}()\``, name === 'fetch' ? WHERE.io : WHERE.timer);
        } else if (c.type === 'Identifier' && c.name === 'Date' && node.arguments.length === 0) {
          report(node, '`Date()` (reads the wall clock)', WHERE.time);
        }
      },
    };
  },
};

export default { meta: { name: 'eslint-plugin-aethercore' }, rules: { layers: layersRule } };
