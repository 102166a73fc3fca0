/**
 * Pure edits of a generated keepalived.conf (see keepalivedConf in
 * ../lab/keepalived-config.ts): the VRRP knobs a `vrrp-config`
 * fault breaks on one router. Everything else in the file is left byte for
 * byte as it was.
 */

/** What to change; absent fields stay as they are. */
export interface VrrpConfigChange {
  /** New `virtual_router_id`, 1-255. */
  virtualRouterId?: number;
  /** New `priority`, 1-254. */
  priority?: number;
  /** New `auth_pass` (1-8 characters, `auth_type PASS`), or null to remove the authentication block. */
  authPass?: string | null;
}

/** The values a config holds for the knobs of VrrpConfigChange (authPass null: no authentication). */
export interface VrrpConfigValues {
  virtualRouterId: number | undefined;
  priority: number | undefined;
  authPass: string | null;
}

const VRID_LINE = /^([ \t]*)virtual_router_id[ \t]+(\d+)[ \t]*$/m;
const PRIORITY_LINE = /^([ \t]*)priority[ \t]+(\d+)[ \t]*$/m;
const AUTH_BLOCK = /^([ \t]*)authentication[ \t]*\{[^}]*\}[ \t]*\n/m;
const AUTH_PASS_LINE = /^([ \t]*)auth_pass[ \t]+(\S+)[ \t]*$/m;
const VIP_BLOCK_LINE = /^([ \t]*)virtual_ipaddress[ \t]*\{/m;
const PASS = /^[A-Za-z0-9_.-]{1,8}$/;

/** Reads the knobs' current values from a keepalived.conf. */
export function readVrrpConfig(text: string): VrrpConfigValues {
  const vrid = VRID_LINE.exec(text)?.[2];
  const priority = PRIORITY_LINE.exec(text)?.[2];
  const block = AUTH_BLOCK.exec(text)?.[0];
  const pass = block ? AUTH_PASS_LINE.exec(block)?.[2] : undefined;
  return {
    virtualRouterId: vrid !== undefined ? Number(vrid) : undefined,
    priority: priority !== undefined ? Number(priority) : undefined,
    authPass: pass ?? null,
  };
}

function replaceNumber(text: string, line: RegExp, key: string, value: number): string {
  if (!line.test(text)) throw new Error(`keepalived.conf has no "${key}" line`);
  return text.replace(line, (_all, indent: string) => `${indent}${key} ${value}`);
}

/**
 * The config with the change applied: `virtual_router_id` and `priority`
 * lines rewritten in place; `authPass` null removes the `authentication { }`
 * block, a string replaces its `auth_pass` (or adds the block, with
 * `auth_type PASS`, just before `virtual_ipaddress`). Throws on values
 * keepalived would refuse and on a config without the lines to change.
 */
export function rewriteVrrpConfig(text: string, change: VrrpConfigChange): string {
  let out = text;
  const { virtualRouterId: vrid, priority, authPass } = change;
  if (vrid !== undefined) {
    if (!Number.isInteger(vrid) || vrid < 1 || vrid > 255)
      throw new Error(`virtual_router_id must be 1-255, got ${vrid}`);
    out = replaceNumber(out, VRID_LINE, 'virtual_router_id', vrid);
  }
  if (priority !== undefined) {
    if (!Number.isInteger(priority) || priority < 1 || priority > 254)
      throw new Error(`priority must be 1-254, got ${priority}`);
    out = replaceNumber(out, PRIORITY_LINE, 'priority', priority);
  }
  if (authPass === null) {
    out = out.replace(AUTH_BLOCK, '');
  } else if (authPass !== undefined) {
    if (!PASS.test(authPass)) throw new Error('auth_pass must be 1-8 characters [A-Za-z0-9_.-]');
    const block = AUTH_BLOCK.exec(out);
    if (block && AUTH_PASS_LINE.test(block[0])) {
      const edited = block[0].replace(
        AUTH_PASS_LINE,
        (_all, indent: string) => `${indent}auth_pass ${authPass}`,
      );
      out = out.replace(AUTH_BLOCK, () => edited);
    } else {
      const anchor = VIP_BLOCK_LINE.exec(out);
      if (!anchor) throw new Error('keepalived.conf has no virtual_ipaddress block');
      const indent = anchor[1] ?? '';
      const fresh = [
        `${indent}authentication {`,
        `${indent}  auth_type PASS`,
        `${indent}  auth_pass ${authPass}`,
        `${indent}}`,
        '',
      ].join('\n');
      out = out.replace(AUTH_BLOCK, '');
      const at = VIP_BLOCK_LINE.exec(out)?.index ?? anchor.index;
      out = `${out.slice(0, at)}${fresh}${out.slice(at)}`;
    }
  }
  return out;
}

/** `virtual_router_id 51 -> 52, authentication removed` for a detail line. */
export function describeVrrpChange(before: VrrpConfigValues, after: VrrpConfigValues): string {
  const parts: string[] = [];
  if (before.virtualRouterId !== after.virtualRouterId)
    parts.push(`virtual_router_id ${before.virtualRouterId} -> ${after.virtualRouterId}`);
  if (before.priority !== after.priority)
    parts.push(`priority ${before.priority} -> ${after.priority}`);
  if (before.authPass !== after.authPass) {
    parts.push(
      after.authPass === null
        ? 'authentication removed'
        : before.authPass === null
          ? `authentication added (auth_pass ${after.authPass})`
          : `auth_pass ${before.authPass} -> ${after.authPass}`,
    );
  }
  return parts.length > 0 ? parts.join(', ') : 'no change';
}
