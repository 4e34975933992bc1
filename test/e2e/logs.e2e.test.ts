// "Berth: Follow Logs" as a user runs it: from the palette, lines in the output panel within a second, and the
// channel staying with the container across a restart.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { buildBusyboxImage, removeTestObjects, TEST_LABEL } from '../support/busyboxImage';
import { openE2eWorkbench, type E2eWorkbench } from '../support/e2eWorkbench';
import { quickInputText, runCommand, screenshot } from '../support/workbenchPage';

const IMAGE = 'berth-test/busybox:logs-e2e';
const NAME = 'berth-e2e-trainer';

describe('Follow Logs, from the palette to the output panel', () => {
  const docker = new Docker();
  let session: E2eWorkbench;
  let page: Page;
  let firstLife = '';

  before(async () => {
    await buildBusyboxImage(docker, IMAGE);
    await docker.getContainer(NAME).remove({ force: true }).catch(() => undefined);
    const c = await docker.createContainer({
      name: NAME,
      Image: IMAGE,
      // Each life counts from 1 and says which life it is, so a restart is visible in the text.
      Cmd: ['sh', '-c', 'life=$RANDOM$RANDOM; i=0; while true; do i=$((i+1)); echo "step $i of life $life"; [ $((i % 3)) = 0 ] && echo "checkpoint $i" >&2; sleep 0.2; done'],
      Labels: { [TEST_LABEL]: '1' },
      HostConfig: { NetworkMode: 'none' },
      StopTimeout: 1,
    });
    await c.start();
    session = await openE2eWorkbench('sample-model-project');
    page = session.page;
  });

  after(async () => {
    await session.close();
    await removeTestObjects(docker, [IMAGE]);
  });

  test('picking the container shows its lines in an output channel named after it, within a second', async (t) => {
    await runCommand(page, 'Berth: Follow Logs', { leaveOpen: true });
    await quickInputText(page, 'Berth: Follow Logs');
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.fill(NAME);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: NAME }).first().waitFor({ timeout: 15_000 });
    const clicked = Date.now();
    await input.press('Enter');
    const panel = page.locator('.part.panel');
    // The editor renders spaces as no-break spaces: match them with \s.
    await panel.locator('.view-lines', { hasText: /step\s\d+\sof\slife/ }).first().waitFor({ timeout: 10_000 });
    const firstLineMs = Date.now() - clicked;
    t.diagnostic(`first log line visible ${firstLineMs} ms after Enter`);
    assert.ok(firstLineMs < 5000, `first line after ${firstLineMs} ms`);
    firstLife = /of\slife\s(\d+)/.exec(await panel.locator('.view-lines').first().innerText())?.[1] ?? '';
    assert.notEqual(firstLife, '');
    // The channel picker lists the channel under the container's name.
    assert.match(await panel.innerText(), new RegExp(`Berth: ${NAME}`));
    await screenshot(page, 'e2e-30-logs-following');
  });

  test('a restart is noted and the new life is followed in the same channel', async () => {
    await docker.getContainer(NAME).restart({ t: 1 });
    const panel = page.locator('.part.panel');
    await panel.locator('.view-lines', { hasText: /restarted/ }).first().waitFor({ timeout: 15_000 });
    // Lines of the new life (another number) arrive in the same channel.
    await panel.locator('.view-lines', { hasText: new RegExp(`step\\s\\d+\\sof\\slife\\s(?!${firstLife}\\b)\\d+`) }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'e2e-31-logs-after-restart');
  });
});
