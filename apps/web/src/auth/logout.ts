import { useNavigate } from 'react-router';
import { queryClient } from '../api/query';
import { clearSession } from './session';

/** 退出: the session and everything read with it are gone, then the login page. */
export function useLogout(): () => void {
  const navigate = useNavigate();
  return () => {
    clearSession();
    queryClient.clear();
    void navigate('/login');
  };
}
