#!/usr/bin/env node
// Prints the longest functions under the given folders (default src/), in lines from the first to the last line of
// the function (signature and body, comments inside included), measured with the TypeScript compiler's parser.
// Usage: node scripts/function-lengths.js [--top N] [--max N] [folder ...]
// With --max, exits 1 when a function is longer (the lint rule max-lines-per-function enforces the same limit).
'use strict';
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');
const ts = require('typescript');

function files(dir) {
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function nameOf(node, source) {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return '(anonymous)';
}

function measure(path) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({
        file: relative(process.cwd(), path),
        line: first + 1,
        name: nameOf(node, source),
        lines: last - first + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const args = process.argv.slice(2);
const option = (flag, fallback) => {
  const index = args.indexOf(flag);
  if (index < 0) return fallback;
  const [, value] = args.splice(index, 2);
  return Number(value);
};
const top = option('--top', 10);
const max = option('--max', undefined);
const roots = args.length > 0 ? args : ['src'];
const all = roots
  .flatMap(files)
  .flatMap(measure)
  .sort((a, b) => b.lines - a.lines);
for (const fn of all.slice(0, top)) console.log(`${String(fn.lines).padStart(4)}  ${fn.file}:${fn.line}  ${fn.name}`);
const over = max === undefined ? [] : all.filter((fn) => fn.lines > max);
console.log(
  `${all.length} functions; ${over.length > 0 ? `${over.length} over ${max} lines` : `longest ${all[0]?.lines ?? 0} lines`}`,
);
if (over.length > 0) process.exit(1);
