import { describe, expect, it } from 'vitest';
import { ENTITY_FIELDS, TARGET_ENTITIES } from '../../../domain/canonical/fields';
import { ENTITY_NAMES, ENTITY_TARGETS } from './index';
import { COMMON_STAGE_COLUMNS } from './entity-target';

describe('the entity registry', () => {
  it('has one target per entity the domain declares, in the same (sync) order', () => {
    expect(ENTITY_NAMES).toEqual([...TARGET_ENTITIES]);
    expect(Object.keys(ENTITY_FIELDS)).toEqual([...TARGET_ENTITIES]);
  });

  it.each(ENTITY_NAMES)('%s: staging columns are unique and never shadow the common ones', (name) => {
    const t = ENTITY_TARGETS[name];
    const cols = [...COMMON_STAGE_COLUMNS.map(([c]) => c), ...t.stageColumns.map(([c]) => c), ...t.resolvedColumns.map(([c]) => c)];
    expect(new Set(cols).size).toBe(cols.length);
    expect(t.entity).toBe(name);
  });
});
