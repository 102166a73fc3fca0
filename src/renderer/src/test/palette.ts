import { click, type Rendered } from './render';

/** Picks a node in the palette (its moves are shown only once picked), as a trainee would. */
export async function pickNode(v: Rendered, node: string): Promise<void> {
  await click(v.get(`palette-node-${node}`));
}
