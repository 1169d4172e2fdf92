// The console's sections, in menu order: the address segment (/admin/<path>), the strings key, the component.
import { defineAsyncComponent, type Component } from 'vue';

export interface AdminSection {
  path: string;
  key: string;
  component: Component;
}

const lazy = (load: () => Promise<{ default: Component }>) => defineAsyncComponent(load);

export const ADMIN_SECTIONS: AdminSection[] = [
  { path: 'users', key: 'users', component: lazy(() => import('./UsersSection.vue')) },
  { path: 'departments', key: 'departments', component: lazy(() => import('./DepartmentsSection.vue')) },
  { path: 'time-limits', key: 'timeLimits', component: lazy(() => import('./TimeLimitsSection.vue')) },
  { path: 'calendar', key: 'calendar', component: lazy(() => import('./CalendarSection.vue')) },
  { path: 'opening-hours', key: 'openingHours', component: lazy(() => import('./OpeningHoursSection.vue')) },
  { path: 'line-settings', key: 'lineSettings', component: lazy(() => import('./LineSettingsSection.vue')) },
  { path: 'pause-reasons', key: 'pauseReasons', component: lazy(() => import('./PauseReasonsSection.vue')) },
  { path: 'kpi-thresholds', key: 'kpiThresholds', component: lazy(() => import('./KpiThresholdsSection.vue')) },
  { path: 'dial-out', key: 'dialOut', component: lazy(() => import('./DialOutSection.vue')) },
  { path: 'product-categories', key: 'productCategories', component: lazy(() => import('./ProductCategoriesSection.vue')) },
  { path: 'audit', key: 'audit', component: lazy(() => import('./AuditSection.vue')) },
];

/** The section an address names; the first (users) for /admin or an unknown segment. */
export function sectionOf(segment: unknown): AdminSection {
  return ADMIN_SECTIONS.find((section) => section.path === segment) ?? ADMIN_SECTIONS[0]!;
}
