import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitCommand } from '../../../src/core/compose/splitCommand';

test('a string command splits into words like shlex: quotes group, backslashes escape, nothing is expanded', () => {
  assert.deepEqual(splitCommand('vllm serve  Qwen/Qwen2.5  --max-model-len 16384'), ['vllm', 'serve', 'Qwen/Qwen2.5', '--max-model-len', '16384']);
  assert.deepEqual(splitCommand(`sh -c 'echo "$HOME"; sleep 1'`), ['sh', '-c', 'echo "$HOME"; sleep 1']);
  assert.deepEqual(splitCommand('echo "a \\"b\\" $x" c\\ d'), ['echo', 'a "b" $x', 'c d']);
  assert.deepEqual(splitCommand(`say '' ""`), ['say', '', '']);
  assert.deepEqual(splitCommand('   '), []);
});

test('an unclosed quote is an error, not a guess', () => {
  assert.deepEqual(splitCommand(`echo 'oops`), { error: 'the command has an unclosed single quote' });
});
