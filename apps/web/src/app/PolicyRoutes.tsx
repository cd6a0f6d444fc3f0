import { AdminNav } from '../features/org/components/AdminNav';
import CalendarPage from '../features/policies/pages/CalendarPage';
import PoliciesPage from '../features/policies/pages/PoliciesPage';

/** 年度规则 and 工作日历 sit among the administrators' pages, under the same tabs (composed here: features stay apart). */
export const PoliciesRoute = () => (
  <>
    <AdminNav />
    <PoliciesPage />
  </>
);

export const CalendarRoute = () => (
  <>
    <AdminNav />
    <CalendarPage />
  </>
);
