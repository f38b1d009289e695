import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import type { WireOf } from '../../common/api.ts';
import { authApi } from '../../common/contracts/auth.ts';
import type { Permission } from '../../common/permissions.ts';
import { call, setCsrfToken } from '../api/client.ts';

type Me = WireOf<typeof authApi.me>;

interface SessionValue {
  me: Me | null;
  loading: boolean;
  can(p: Permission): boolean;
  refresh(): Promise<void>;
  setMe(me: Me | null): void;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      // Answered 200 with or without a session: the login page logs no refused request.
      const { me } = await call(authApi.session);
      setCsrfToken(me?.csrfToken ?? null);
      return me;
    },
    staleTime: 60_000,
    retry: false,
  });
  const me = q.data ?? null;
  const setMe = useCallback(
    (m: Me | null) => {
      setCsrfToken(m?.csrfToken ?? null);
      qc.setQueryData(['me'], m);
    },
    [qc],
  );
  const value = useMemo<SessionValue>(
    () => ({
      me,
      loading: q.isLoading,
      can: (p) => !!me?.permissions.includes(p),
      refresh: async () => {
        await qc.invalidateQueries({ queryKey: ['me'] });
      },
      setMe,
      logout: async () => {
        try {
          await call(authApi.logout);
        } finally {
          setMe(null);
          qc.clear();
        }
      },
    }),
    [me, q.isLoading, qc, setMe],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
