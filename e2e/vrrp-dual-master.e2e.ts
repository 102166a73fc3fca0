import { expect, screenshotPath, test } from './fixtures';

/** The router whose firewall starts dropping VRRP, and the one that must stay MASTER. */
const ROGUE = 'router-2';
const KEEP = 'router-1';

test('VRRP dual master: see two MASTERs and two MACs, fence router-2, re-announce the VIP from router-1, heal, and get the checks', async ({
  home,
}) => {
  test.setTimeout(300_000);
  // Seed 86: router-2's firewall starts dropping VRRP 16 s after the start (early in its 15-45 s window).
  const run = await home.startScenario('Two routers, one address', { seed: 86 });
  await expect(run.scenario).toHaveAttribute('data-scenario-id', 'vrrp-dual-master');
  await expect(run.scenario).toHaveAttribute('data-system', 'keepalived');
  await run.waitForPhase('running');
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1');
  await expect(run.arpMacCount).toHaveAttribute('data-value', '1');
  await expect(run.vrrpRouter(KEEP)).toHaveAttribute('data-vrrp-state', 'MASTER');
  await expect(run.vrrpRouter(ROGUE)).toHaveAttribute('data-vrrp-state', 'BACKUP');
  await expect(run.vipNeighbour).toHaveAttribute('data-router', KEEP);

  // 16 s after the start router-2's firewall drops VRRP both ways; about 3 s later it
  // takes the VIP too: two MASTERs, two MACs answering ARP for one address.
  await expect(run.clock).toBeVisible({ timeout: 30_000 });
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '2', { timeout: 60_000 });
  await expect(run.arpMacCount).toHaveAttribute('data-value', '2', { timeout: 10_000 });
  await expect(run.vrrpRouter(ROGUE)).toHaveAttribute('data-vrrp-state', 'MASTER');
  await expect(run.vrrpRouter(ROGUE)).toHaveAttribute('data-vip-held', 'true');
  await expect(run.vrrpRouter(KEEP)).toHaveAttribute('data-vip-held', 'true');
  await expect(run.vrrpRouters).toHaveAttribute('data-vip-holders', `${KEEP},${ROGUE}`);
  await expect(run.page.getByTestId('dual-master')).toBeVisible();
  // router-2 logs an error for every advert its firewall refuses.
  await expect(
    run.page.locator(
      `[data-testid="keepalived-event"][data-node="${ROGUE}"][data-event="advert-send-error"]`,
    ),
  ).not.toHaveCount(0);
  await run.page.screenshot({
    path: screenshotPath('screenshot-vrrp-dual-master.png'),
    fullPage: true,
  });

  // Fence: keepalived off on router-2 (the VIP leaves it); the apps still hold its MAC
  // for the VIP until router-1 announces the address again.
  await run.actAndConfirm(await run.nodeMove('stop-keepalived', ROGUE), `stop-keepalived ${ROGUE}`);
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1', { timeout: 15_000 });
  await expect(run.vrrpRouter(ROGUE)).toHaveAttribute('data-vip-held', 'false');
  await run.actAndConfirm(await run.nodeMove('announce-vip', KEEP), `announce-vip ${KEEP}`);
  await run.actAndConfirm(run.healAll, 'heal all');
  await run.actAndConfirm(
    await run.nodeMove('start-keepalived', ROGUE),
    `start-keepalived ${ROGUE}`,
  );
  await expect(run.vrrpRouter(ROGUE)).toHaveAttribute('data-vrrp-state', 'BACKUP', {
    timeout: 15_000,
  });
  await expect(run.arpMacCount).toHaveAttribute('data-value', '1');
  await expect(run.vipNeighbour).toHaveAttribute('data-router', KEEP);
  await expect(run.vrrpRouter(ROGUE)).toHaveAttribute('data-deaf', 'false', { timeout: 10_000 });
  await run.act('end');

  await run.waitForDebrief();
  for (const check of [
    'dual-master-ended',
    'right-router-kept',
    'client-traffic-settled',
    'final-health',
  ])
    await expect(run.check(check)).toHaveAttribute('data-verdict', 'pass');
  await expect(run.checkWhy('final-health')).toContainText(KEEP);
  await expect(run.page.getByTestId('debrief-observations')).toContainText(/blip/i);
  await expect(run.page.getByTestId(`answered-by-${KEEP}`)).toBeVisible();
  await expect(run.page.getByTestId(`answered-by-${ROGUE}`)).toBeVisible();
  const exported = await run.exportedDebrief();
  expect(exported.grade.passed).toBe(true);
});
