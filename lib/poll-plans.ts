import type { Config } from './config';
import type { ProviderName, Scene } from './domain/payment';
import type { PollPlan } from './payments/deps';

/** Shouqianba's own guide: poll a pay 40–50 s, a precreate about 4 minutes; a set timeout applies to both. */
const shouqianbaDefaultTimeout = (scene: Scene) => (scene === 'barcode' ? 50 : 240);

export const pollPlanFrom =
  (config: Config) =>
  (provider: ProviderName, scene: Scene): PollPlan => {
    switch (provider) {
      case 'shouqianba':
        return {
          intervalSeconds: config.SHOUQIANBA_POLL_INTERVAL_S,
          timeoutSeconds: config.SHOUQIANBA_POLL_TIMEOUT_S ?? shouqianbaDefaultTimeout(scene),
        };
      case 'tcc':
        return { intervalSeconds: config.TCC_POLL_INTERVAL_S, timeoutSeconds: config.TCC_POLL_TIMEOUT_S };
      case 'zhixiao':
        return { intervalSeconds: config.ZHIXIAO_POLL_INTERVAL_S, timeoutSeconds: config.ZHIXIAO_POLL_TIMEOUT_S };
    }
  };
