/** Console roles: admin ⊃ reviewer ⊃ viewer. */
import { z } from 'zod';

export const Role = z.enum(['admin', 'reviewer', 'viewer']);
export type Role = z.infer<typeof Role>;

const RANK: Record<Role, number> = { viewer: 0, reviewer: 1, admin: 2 };

/** Whether `role` may do what `needed` may: reviewers approve imports and decide merges, admins also run sources and schedules. */
export function allows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
