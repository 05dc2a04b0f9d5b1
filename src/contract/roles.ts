/**
 * The office's roles (DESIGN.md, "Identities"). A person may hold several.
 * Shared by the hub (access checks), the workspace and, through the roster, devices.
 */
export const ROLES = ['drafter', 'prereview', 'deliberation', 'signoff', 'secretary', 'confidential', 'it', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** zh-CN names, as the office writes them. */
export const ROLE_NAMES: Record<Role, string> = {
  drafter: '起草',
  prereview: '预审小组',
  deliberation: '审议小组',
  signoff: '分管领导',
  secretary: '公开办',
  confidential: '保密',
  it: '信息技术',
  admin: '管理员',
};

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
