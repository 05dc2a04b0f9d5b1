/**
 * A screen loaded on demand, without preact/compat (which would put ~3 KB in
 * the first bundle). Shows nothing until its chunk has arrived.
 */
import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function lazyScreen<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): FunctionComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  return (props: P) => {
    const [Comp, setComp] = useState<ComponentType<P> | undefined>(() => loaded);
    useEffect(() => {
      if (Comp) return;
      loading ??= load().then((m) => (loaded = m.default));
      let live = true;
      void loading.then((c) => live && setComp(() => c));
      return () => {
        live = false;
      };
    }, [Comp]);
    return Comp ? <Comp {...props} /> : <div class="loading" />;
  };
}
