import { expect, test } from './fixtures';

// A server whose DOCKER_HOST points at a socket nobody listens on.
test.use({ serverEnv: { DOCKER_HOST: 'unix:///tmp/dojo-e2e-no-docker.sock' } });

test('with no Docker engine the home screen says so, where it looked and how to start one', async ({
  home,
}) => {
  await expect(home.engineStatus).toHaveAttribute('data-reachable', 'false');
  await expect(home.engineStatus).toContainText('/tmp/dojo-e2e-no-docker.sock');
  const howTo = home.page.getByTestId('how-to-start');
  await expect(howTo).toContainText('dockerd');
  await expect(howTo).toContainText('DOCKER_HOST');
  // The lab is listed but cannot be started.
  await expect(home.labCard('redis-sentinel')).toBeVisible();
  await expect(home.page.getByTestId('start-lab-redis-sentinel')).toBeDisabled();
});
