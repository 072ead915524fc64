import { UnsupportedMethodError } from './errors';
import type { ProviderName, Scene, Wallet } from './payment';

export interface SceneSupport {
  wallets: readonly Wallet[];
  /** The caller must name one of `wallets` (else a wallet is optional or meaningless). */
  walletRequired: boolean;
  /** What the provider calls it. */
  via: string;
}

/** Which scene and wallet each provider supports (API.md "Scenes and wallets"); served by /v1/capabilities. */
export const capabilities = {
  tcc: {
    barcode: { wallets: ['wechat', 'alipay', 'unionpay'], walletRequired: true, via: 'WX_FKM, ALIPAY_FKM, UNION_AUTH' },
    qrcode: { wallets: ['wechat', 'unionpay'], walletRequired: true, via: 'WX_NATIVE, UNION_SCAN' },
    h5: { wallets: ['alipay'], walletRequired: true, via: 'ALIPAY_MOBILE' },
    pc: { wallets: ['alipay'], walletRequired: true, via: 'ALIPAY_PC' },
    offline: { wallets: [], walletRequired: false, via: 'OFFLINE_CNY' },
    precreate: { wallets: [], walletRequired: false, via: 'PRE_CREATE' },
  },
  zhixiao: {
    h5: { wallets: [], walletRequired: false, via: 'hosted page url' },
    pc: { wallets: [], walletRequired: false, via: 'hosted page url' },
    miniprogram: { wallets: ['wechat'], walletRequired: true, via: 'pay_type 1 + openid' },
  },
  shouqianba: {
    barcode: { wallets: ['alipay', 'wechat', 'baifubao', 'jd'], walletRequired: false, via: '/upay/v2/pay' },
    qrcode: { wallets: ['alipay', 'wechat', 'baifubao', 'jd'], walletRequired: true, via: '/upay/v2/precreate' },
  },
} as const satisfies Record<ProviderName, Partial<Record<Scene, SceneSupport>>>;

const describe = (provider: ProviderName): string =>
  Object.entries(capabilities[provider] as Record<string, SceneSupport>)
    .map(([scene, s]) => (s.wallets.length ? `${scene} (${s.wallets.join(', ')})` : scene))
    .join('; ');

/** Refuses (422 `unsupported_method`) a scene/wallet combination the provider does not support. */
export const checkCapability = (provider: ProviderName, scene: Scene, wallet: Wallet | null): void => {
  const support = (capabilities[provider] as Partial<Record<Scene, SceneSupport>>)[scene];
  const walletOk = support ? (wallet ? support.wallets.includes(wallet) : !support.walletRequired) : false;
  if (!walletOk) {
    throw new UnsupportedMethodError(
      `${provider} does not support scene ${scene}${wallet ? ` with wallet ${wallet}` : ' without a wallet'}; it supports: ${describe(provider)}.`,
    );
  }
};
