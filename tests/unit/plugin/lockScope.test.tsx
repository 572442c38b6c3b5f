/**
 * The rules of @adobe/eslint-plugin-premierepro (require-action-lock-scope, no-async-in-locked-access,
 * no-async-in-execute-transaction, prefer-undo-string; host-apis.md §1.8, P2) checked on the Premiere
 * adapter's source with the TypeScript compiler API. The plugin itself is not on the npm registry (404),
 * so this test carries its rules for our one file that creates actions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const FILE = join(__dirname, '..', '..', '..', 'plugin', 'hosts', 'premiere', 'premiereHost.ts');

interface Finding {
  rule: string;
  line: number;
}

function calleeName(call: ts.CallExpression): string | null {
  const e = call.expression;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isIdentifier(e)) return e.text;
  return null;
}

export function checkLockScope(source: string): { findings: Finding[]; actionCalls: number; transactions: number } {
  const sf = ts.createSourceFile('premiereHost.ts', source, ts.ScriptTarget.ES2022, true);
  const findings: Finding[] = [];
  let actionCalls = 0;
  let transactions = 0;
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;

  function visit(node: ts.Node, inLock: boolean, inCallback: boolean): void {
    if (inCallback && (ts.isAwaitExpression(node) || (ts.isCallExpression(node) && ['then', 'setTimeout', 'setInterval'].includes(calleeName(node) ?? '')))) {
      findings.push({ rule: 'no-async-in-locked-access / no-async-in-execute-transaction', line: line(node) });
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node) ?? '';
      if (/^create\w*Action$/.test(name)) {
        actionCalls++;
        if (!inLock) findings.push({ rule: 'require-action-lock-scope', line: line(node) });
      }
      if (name === 'executeTransaction') {
        transactions++;
        if (node.arguments.length < 2) findings.push({ rule: 'prefer-undo-string', line: line(node) });
      }
      if (name === 'lockedAccess' || name === 'executeTransaction') {
        const callback = node.arguments[0];
        if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
          if (callback.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) findings.push({ rule: 'no-async-callback', line: line(callback) });
          node.arguments.slice(1).forEach((a) => visit(a, inLock, inCallback));
          visit(callback.body, true, true);
          return;
        }
      }
    }
    ts.forEachChild(node, (child) => visit(child, inLock, inCallback));
  }
  visit(sf, false, false);
  return { findings, actionCalls, transactions };
}

test('the Premiere adapter creates every action inside lockedAccess, never awaits in a lock or transaction, and labels each undo step', () => {
  const result = checkLockScope(readFileSync(FILE, 'utf8'));
  expect(result.findings).toEqual([]);
  expect(result.actionCalls).toBe(3); // bin, insert (new track), overwrite
  expect(result.transactions).toBe(2); // create bin, place results
});

test('the checker catches each violation it is meant to catch', () => {
  const bad = `
    async function f(project, editor, item, t) {
      const early = editor.createOverwriteItemAction(item, t, 0, 1);
      project.lockedAccess(() => {
        const a = editor.createOverwriteItemAction(item, t, 0, 1);
        project.executeTransaction((ca) => { ca.addAction(a); setTimeout(() => 0, 1); });
      });
      project.lockedAccess(async () => { await project.getRootItem(); });
    }`;
  expect(checkLockScope(bad).findings.map((f) => f.rule)).toEqual([
    'require-action-lock-scope',
    'prefer-undo-string',
    'no-async-in-locked-access / no-async-in-execute-transaction',
    'no-async-callback',
    'no-async-in-locked-access / no-async-in-execute-transaction',
  ]);
});
