// The admin console in English: the same keys as admin-zh-CN.ts.
import type { adminZhCN } from './admin-zh-CN.ts';

export const adminEn: typeof adminZhCN = {
  admin: {
    title: 'Administration',
  },
};
