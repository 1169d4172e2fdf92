// The admin console in 简体中文 (src/web/admin/).
export const adminZhCN = {
  admin: {
    title: '系统管理',
  },
};
