import { useEffect, useState, useSyncExternalStore } from 'react';
import { LiveClient, type LiveState } from './live-client.ts';

/** One LiveClient for the page, started on mount and stopped on unmount. */
export function useLive(): LiveState {
  const [client] = useState(() => new LiveClient());
  useEffect(() => {
    void client.start();
    return () => client.stop();
  }, [client]);
  return useSyncExternalStore(client.subscribe, client.getState);
}
