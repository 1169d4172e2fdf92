// The pages, and who may open each: a role never lands on a page it may not use.
import { createRouter, createWebHistory } from 'vue-router';
import { homeOf, loadSession, type Role } from './shared/session.ts';

const pages: { path: string; component: () => Promise<unknown>; roles?: Role[] }[] = [
  { path: '/login', component: () => import('./login/LoginPage.vue') },
  { path: '/desk', component: () => import('./desk/DeskPage.vue'), roles: ['operator', 'supervisor'] },
  { path: '/wall', component: () => import('./wall/WallPage.vue'), roles: ['supervisor', 'admin'] },
  { path: '/overdue', component: () => import('./wall/OverduePage.vue'), roles: ['supervisor'] },
  { path: '/work', component: () => import('./work/WorklistPage.vue'), roles: ['handler', 'supervisor'] },
  { path: '/cases/:number', component: () => import('./work/CasePage.vue'), roles: ['handler', 'supervisor'] },
  { path: '/admin/:section?', component: () => import('./admin/AdminPage.vue'), roles: ['admin'] },
];

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    ...pages.map(({ path, component, roles }) => ({ path, component, meta: { roles } })),
    { path: '/:rest(.*)*', component: { render: () => null } },
  ],
});

router.beforeEach(async (to) => {
  const user = await loadSession();
  if (to.path === '/login') return user ? homeOf(user.role) : true;
  if (!user) return { path: '/login', query: to.path === '/' ? {} : { next: to.fullPath } };
  const roles = to.meta.roles as Role[] | undefined;
  if (!roles || !roles.includes(user.role)) return homeOf(user.role);
  return true;
});
