// The session: log in, who I am, log out; an expired session sends the person to the login page and,
// after logging in again, back to the page they wanted.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Spin } from 'antd';
import { post, session } from './client';
import { useMe } from './hooks';
import type { Role, Session, User } from './types';
import { setTimeZone } from '../lib/format';
import { wecomSigninUrl } from '../lib/wecom';

interface AuthState {
  user: User | undefined;
  login(username: string, password: string): Promise<User>;
  logout(): void;
  has(...roles: Role[]): boolean;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [signedIn, setSignedIn] = useState(() => !!session.token());
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useMe(signedIn);
  const user = signedIn ? me.data : undefined;
  useEffect(() => setTimeZone(user?.timezone), [user?.timezone]);

  useEffect(() => {
    session.onExpired(() => {
      setSignedIn(false);
      qc.clear();
      const here = window.location.pathname + window.location.search;
      if (!here.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(here)}&expired=1`, { replace: true });
    });
  }, [navigate, qc]);

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await post<Session>('/auth/login', { username, password });
      session.set(res.accessToken);
      qc.clear();
      qc.setQueryData(['me'], res.user);
      setSignedIn(true);
      return res.user;
    },
    [qc],
  );
  const logout = useCallback(() => {
    session.clear();
    qc.clear();
    setSignedIn(false);
    navigate('/login', { replace: true });
  }, [navigate, qc]);
  const value = useMemo<AuthState>(
    () => ({
      user,
      login,
      logout,
      has: (...roles) => !!user?.roles.some((r) => r === 'admin' || roles.includes(r)),
    }),
    [user, login, logout],
  );
  if (signedIn && me.isPending) return <Spin fullscreen />;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const loc = useLocation();
  // inside WeCom: signed in through WeCom, not the password form
  const viaWecom = user ? null : wecomSigninUrl(loc);
  useEffect(() => {
    if (viaWecom) window.location.replace(viaWecom);
  }, [viaWecom]);
  if (viaWecom) return <Spin fullscreen />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <>{children}</>;
}
