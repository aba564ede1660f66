// ESLint rule `gatehouse/module-faces`: a file may import another module of src/ only through that module's
// index.ts (its public face), never a file inside it. A module is a folder directly under src/ (docs/architecture.md).
import { dirname, relative, resolve, sep } from 'node:path';

function moduleOf(root, file) {
  const parts = relative(resolve(root, 'src'), file).split(sep);
  if (parts[0] === '..' || parts.length < 2) return undefined; // outside src/, or a file at src/'s top
  return parts[0];
}

/** @type {import('eslint').Rule.RuleModule} */
export const moduleFaces = {
  meta: {
    type: 'problem',
    docs: { description: 'import other modules only through their index.ts' },
    messages: { deep: "'{{source}}' reaches inside module '{{module}}': import '{{face}}' instead (docs/architecture.md)" },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const own = moduleOf(root, file);
    function check(node) {
      const source = node.source && node.source.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source.replace(/\.js$/, ''));
      const module = moduleOf(root, target);
      if (!module || module === own) return;
      const inModule = relative(resolve(root, 'src', module), target);
      if (inModule === 'index' || inModule === '') return;
      const face = relative(dirname(file), resolve(root, 'src', module, 'index.js'));
      context.report({ node: node.source, messageId: 'deep', data: { source, module, face: face.startsWith('.') ? face : `./${face}` } });
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
